#pragma once
// iobuf: a byte sequence made of reference-counted fragments.
//
// The data path moves record batches from a socket to a log and from a log to a socket
// without copying them: `share(pos, len)` returns a view of a range that shares the
// underlying chunks, and `append(iobuf&&)` splices fragments instead of copying bytes.
// Small appends are packed into the tail chunk while this iobuf owns its unused space.
//
// Thread-safety: an iobuf is owned by one shard. Chunks are reference counted with
// std::shared_ptr, so a fragment may be handed to another shard, read-only.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

class iobuf {
public:
    // Default size of a freshly allocated chunk for small appends.
    static constexpr std::size_t k_default_chunk_bytes = 8 * 1024;

    struct fragment {
        std::shared_ptr<uint8_t[]> chunk;
        std::size_t chunk_capacity = 0;
        std::size_t offset = 0;  // of the first byte within chunk
        std::size_t size = 0;

        const uint8_t* data() const { return chunk.get() + offset; }
        std::span<const uint8_t> bytes() const { return {data(), size}; }
    };

    iobuf() = default;
    iobuf(const iobuf&) = delete;  // copying would silently share or copy; be explicit
    iobuf& operator=(const iobuf&) = delete;
    iobuf(iobuf&&) noexcept = default;
    iobuf& operator=(iobuf&&) noexcept = default;

    // A chunk of exactly `size` bytes that the caller fills through `data()` (e.g. a socket read).
    static iobuf allocate(std::size_t size);
    static iobuf copy_of(std::span<const uint8_t> bytes);
    static iobuf copy_of(std::string_view s) {
        return copy_of(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    }

    std::size_t size_bytes() const { return size_; }
    bool empty() const { return size_ == 0; }
    const std::vector<fragment>& fragments() const { return fragments_; }

    // Copies bytes in, packing them into the tail chunk where there is room.
    void append(std::span<const uint8_t> bytes);
    void append(std::string_view s) {
        append(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    }
    // Splices other's fragments onto the end without copying.
    void append(iobuf&& other);

    // Zero-copy view of [pos, pos + len); requires pos + len <= size_bytes().
    iobuf share(std::size_t pos, std::size_t len) const;
    // Removes the first n bytes (n <= size_bytes()).
    void trim_front(std::size_t n);
    // Copies [pos, pos + out.size()) into out; requires the range to be inside the buffer.
    void copy_to(std::size_t pos, std::span<uint8_t> out) const;
    // A contiguous copy of the whole buffer.
    std::vector<uint8_t> linearize() const;
    std::string to_string() const;

    // Writable pointer to the single fragment made by allocate(); asserts that shape.
    uint8_t* writable_data();

    void clear();

private:
    std::vector<fragment> fragments_;
    std::size_t size_ = 0;
    // True while the tail fragment's chunk space beyond the fragment is ours to fill.
    bool tail_owned_ = false;
};

}  // namespace sb
