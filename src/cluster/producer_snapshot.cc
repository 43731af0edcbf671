#include "cluster/producer_snapshot.h"

#include "base/crc32c.h"
#include "base/logging.h"
#include "cluster/durable_file.h"

namespace sb::cluster {
namespace {

constexpr std::string_view k_magic = "SBPS";
constexpr uint8_t k_version = 1;
// 100k producers of five batches each stay well under this.
constexpr std::size_t k_snapshot_size_max_bytes = 64u << 20;

class encoder {
public:
    void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void i16(int16_t v) { be(static_cast<uint16_t>(v), 2); }
    void i32(int32_t v) { be(static_cast<uint32_t>(v), 4); }
    void u32(uint32_t v) { be(v, 4); }
    void i64(int64_t v) { be(static_cast<uint64_t>(v), 8); }
    void raw(std::string_view s) { out_.append(s); }
    std::string& bytes() { return out_; }

private:
    void be(uint64_t v, int size) {
        for (int i = size - 1; i >= 0; --i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
    std::string out_;
};

class decoder {
public:
    explicit decoder(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    std::size_t remaining() const { return in_.size() - pos_; }
    uint8_t u8() { return static_cast<uint8_t>(be(1)); }
    int16_t i16() { return static_cast<int16_t>(be(2)); }
    int32_t i32() { return static_cast<int32_t>(be(4)); }
    uint32_t u32() { return static_cast<uint32_t>(be(4)); }
    int64_t i64() { return static_cast<int64_t>(be(8)); }
    std::string_view raw(std::size_t n) {
        if (remaining() < n) {
            ok_ = false;
            return {};
        }
        std::string_view s = in_.substr(pos_, n);
        pos_ += n;
        return s;
    }

private:
    uint64_t be(std::size_t size) {
        if (remaining() < size) {
            ok_ = false;
            return 0;
        }
        uint64_t v = 0;
        for (std::size_t i = 0; i < size; ++i) v = (v << 8) | static_cast<uint8_t>(in_[pos_ + i]);
        pos_ += size;
        return v;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

// Smallest encoded producer (no batches) and batch, to bound counts before allocating.
constexpr std::size_t k_producer_min_bytes = 8 + 2 + 8 + 1;
constexpr std::size_t k_batch_bytes = 4 + 4 + 8 + 8 + 8;

}  // namespace

std::string encode_producer_snapshot(const producer_snapshot& snapshot) {
    encoder e;
    e.raw(k_magic);
    e.u8(k_version);
    e.i64(snapshot.log_end_offset);
    e.i64(snapshot.max_timestamp_ms);
    e.i64(snapshot.max_timestamp_offset);
    e.u32(static_cast<uint32_t>(snapshot.producers.size()));
    for (const auto& [id, entry] : snapshot.producers) {
        e.i64(id);
        e.i16(entry.epoch);
        e.i64(entry.last_update_ms);
        e.u8(static_cast<uint8_t>(entry.batches.size()));
        for (const producer_batch& b : entry.batches) {
            e.i32(b.first_sequence);
            e.i32(b.last_sequence);
            e.i64(b.first_offset);
            e.i64(b.last_offset);
            e.i64(b.max_timestamp_ms);
        }
    }
    e.u32(crc32c::value(e.bytes().data(), e.bytes().size()));
    return std::move(e.bytes());
}

sb::result<producer_snapshot> decode_producer_snapshot(std::string_view bytes) {
    if (bytes.size() < k_magic.size() + 1 + 4) return sb::unexpected(error_code::corrupt_message);
    decoder crc_reader(bytes.substr(bytes.size() - 4));
    if (crc_reader.u32() != crc32c::value(bytes.data(), bytes.size() - 4)) {
        return sb::unexpected(error_code::corrupt_message);
    }
    decoder d(bytes.substr(0, bytes.size() - 4));
    if (d.raw(k_magic.size()) != k_magic || d.u8() != k_version) return sb::unexpected(error_code::corrupt_message);
    producer_snapshot out;
    out.log_end_offset = d.i64();
    out.max_timestamp_ms = d.i64();
    out.max_timestamp_offset = d.i64();
    const uint32_t producers = d.u32();
    if (!d.ok() || producers > d.remaining() / k_producer_min_bytes) return sb::unexpected(error_code::corrupt_message);
    for (uint32_t i = 0; i < producers; ++i) {
        const int64_t id = d.i64();
        producer_entry entry;
        entry.epoch = d.i16();
        entry.last_update_ms = d.i64();
        const uint8_t batches = d.u8();
        if (batches > k_producer_batches_retained || batches > d.remaining() / k_batch_bytes) {
            return sb::unexpected(error_code::corrupt_message);
        }
        for (uint8_t b = 0; b < batches; ++b) {
            producer_batch batch;
            batch.first_sequence = d.i32();
            batch.last_sequence = d.i32();
            batch.first_offset = d.i64();
            batch.last_offset = d.i64();
            batch.max_timestamp_ms = d.i64();
            entry.batches.push_back(batch);
        }
        if (!out.producers.emplace(id, std::move(entry)).second) return sb::unexpected(error_code::corrupt_message);
    }
    if (!d.ok() || d.remaining() != 0) return sb::unexpected(error_code::corrupt_message);
    return out;
}

sb::status save_producer_snapshot(const std::filesystem::path& dir, const producer_snapshot& snapshot) {
    return write_file_durably(dir / k_producer_snapshot_file_name, encode_producer_snapshot(snapshot));
}

std::optional<producer_snapshot> load_producer_snapshot(const std::filesystem::path& dir) {
    auto text = read_file_if_exists(dir / k_producer_snapshot_file_name, k_snapshot_size_max_bytes);
    if (!text || !*text) return std::nullopt;
    auto decoded = decode_producer_snapshot(**text);
    if (!decoded) {
        logging::get("cluster")->warn("{}/{} is damaged; rebuilding producer state from the log", dir.string(),
                                      k_producer_snapshot_file_name);
        return std::nullopt;
    }
    return std::move(*decoded);
}

}  // namespace sb::cluster
