#include "base/iobuf.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace sb {

iobuf iobuf::allocate(std::size_t size) {
    iobuf b;
    if (size == 0) return b;
    fragment f;
    f.chunk = std::shared_ptr<uint8_t[]>(new uint8_t[size]);
    f.chunk_capacity = size;
    f.size = size;
    b.fragments_.push_back(std::move(f));
    b.size_ = size;
    return b;
}

iobuf iobuf::copy_of(std::span<const uint8_t> bytes) {
    iobuf b;
    b.append(bytes);
    return b;
}

uint8_t* iobuf::writable_data() {
    assert(fragments_.size() == 1 && fragments_[0].chunk.use_count() == 1);
    return fragments_[0].chunk.get() + fragments_[0].offset;
}

void iobuf::append(std::span<const uint8_t> bytes) {
    while (!bytes.empty()) {
        if (!tail_owned_ || fragments_.empty() ||
            fragments_.back().offset + fragments_.back().size == fragments_.back().chunk_capacity) {
            fragment f;
            f.chunk_capacity = std::max(k_default_chunk_bytes, std::min<std::size_t>(bytes.size(), 1 << 20));
            f.chunk = std::shared_ptr<uint8_t[]>(new uint8_t[f.chunk_capacity]);
            fragments_.push_back(std::move(f));
            tail_owned_ = true;
        }
        fragment& tail = fragments_.back();
        std::size_t room = tail.chunk_capacity - (tail.offset + tail.size);
        std::size_t n = std::min(room, bytes.size());
        std::memcpy(tail.chunk.get() + tail.offset + tail.size, bytes.data(), n);
        tail.size += n;
        size_ += n;
        bytes = bytes.subspan(n);
    }
}

void iobuf::append(iobuf&& other) {
    for (auto& f : other.fragments_) {
        if (f.size > 0) fragments_.push_back(std::move(f));
    }
    size_ += other.size_;
    tail_owned_ = other.tail_owned_ && !fragments_.empty();
    other.clear();
}

iobuf iobuf::share(std::size_t pos, std::size_t len) const {
    assert(pos + len <= size_);
    iobuf out;
    for (const fragment& f : fragments_) {
        if (len == 0) break;
        if (pos >= f.size) {
            pos -= f.size;
            continue;
        }
        std::size_t n = std::min(f.size - pos, len);
        out.fragments_.push_back(fragment{f.chunk, f.chunk_capacity, f.offset + pos, n});
        out.size_ += n;
        len -= n;
        pos = 0;
    }
    return out;  // tail_owned_ stays false: the shared chunk's spare room belongs to us
}

void iobuf::trim_front(std::size_t n) {
    assert(n <= size_);
    size_ -= n;
    std::size_t drop = 0;
    while (n > 0) {
        fragment& f = fragments_[drop];
        if (n >= f.size) {
            n -= f.size;
            ++drop;
        } else {
            f.offset += n;
            f.size -= n;
            n = 0;
        }
    }
    fragments_.erase(fragments_.begin(), fragments_.begin() + static_cast<std::ptrdiff_t>(drop));
    if (fragments_.empty()) tail_owned_ = false;
}

void iobuf::copy_to(std::size_t pos, std::span<uint8_t> out) const {
    assert(pos + out.size() <= size_);
    std::size_t written = 0;
    for (const fragment& f : fragments_) {
        if (written == out.size()) break;
        if (pos >= f.size) {
            pos -= f.size;
            continue;
        }
        std::size_t n = std::min(f.size - pos, out.size() - written);
        std::memcpy(out.data() + written, f.data() + pos, n);
        written += n;
        pos = 0;
    }
}

std::vector<uint8_t> iobuf::linearize() const {
    std::vector<uint8_t> out(size_);
    copy_to(0, out);
    return out;
}

std::string iobuf::to_string() const {
    std::string out(size_, '\0');
    copy_to(0, std::span(reinterpret_cast<uint8_t*>(out.data()), out.size()));
    return out;
}

void iobuf::clear() {
    fragments_.clear();
    size_ = 0;
    tail_owned_ = false;
}

}  // namespace sb
