#include "kafka/fetch_splicing.h"

#include <cassert>

#include "base/logging.h"

namespace sb::kafka {
namespace {

constexpr std::size_t k_zero_block_bytes = 1u << 20;

const iobuf& zero_block() {
    static const iobuf block = [] {
        iobuf b = iobuf::allocate(k_zero_block_bytes);
        std::fill_n(b.writable_data(), k_zero_block_bytes, uint8_t{0});
        return b;
    }();
    return block;
}

const uint8_t* zero_chunk() { return zero_block().fragments().front().chunk.get(); }

iobuf placeholder(uint64_t size_bytes) {
    iobuf out;
    while (size_bytes > 0) {
        const std::size_t piece = static_cast<std::size_t>(std::min<uint64_t>(size_bytes, k_zero_block_bytes));
        out.append(zero_block().share(0, piece));
        size_bytes -= piece;
    }
    return out;
}

// Reads a range of a file that has no descriptor for sendfile.
iobuf read_range(const storage::file_range& range) {
    iobuf out = iobuf::allocate(range.size_bytes);
    auto n = range.source->pread(std::span(out.writable_data(), range.size_bytes), range.position);
    if (!n || *n != range.size_bytes) {
        // The bytes were in the file a moment ago; a short read means the disk failed.
        logging::get("kafka")->error("short read of a segment file for a fetch");
        std::fill_n(out.writable_data(), range.size_bytes, uint8_t{0});
    }
    return out;
}

}  // namespace

protocol::record_set records_for_response(const fetch_item& item, std::vector<storage::file_range>& spliced) {
    iobuf bytes;
    for (const auto& range : item.ranges) {
        if (range.size_bytes == 0) continue;
        if (range.source->fd() < 0) {
            bytes.append(read_range(range));
            continue;
        }
        bytes.append(placeholder(range.size_bytes));
        spliced.push_back(range);
    }
    bytes.append(item.memory.share(0, item.memory.size_bytes()));
    return protocol::record_set(std::move(bytes));
}

handler_output splice_placeholders(iobuf body, const std::vector<storage::file_range>& spliced) {
    handler_output out;
    if (spliced.empty()) {
        out.body = std::move(body);
        return out;
    }
    const uint8_t* zeros = zero_chunk();
    std::size_t next_range = 0;
    uint64_t left_in_range = spliced.front().size_bytes;
    std::size_t position = 0;  // in `body`
    for (const auto& fragment : body.fragments()) {
        if (fragment.chunk.get() != zeros) {
            out.body.append(body.share(position, fragment.size));
            position += fragment.size;
            continue;
        }
        // Placeholder bytes of the current range (a range may span several fragments).
        std::size_t left_in_fragment = fragment.size;
        while (left_in_fragment > 0) {
            assert(next_range < spliced.size());
            const uint64_t take = std::min<uint64_t>(left_in_fragment, left_in_range);
            left_in_fragment -= take;
            left_in_range -= take;
            if (left_in_range == 0) {
                const storage::file_range& r = spliced[next_range];
                out.file_splices.push_back(
                    net::file_splice{out.body.size_bytes(), r.source->fd(), r.position, r.size_bytes, r.source});
                if (++next_range < spliced.size()) left_in_range = spliced[next_range].size_bytes;
            }
        }
        position += fragment.size;
    }
    assert(next_range == spliced.size());
    return out;
}

}  // namespace sb::kafka
