#pragma once
// RecordBatch v2 (magic 2): a view over one batch's bytes with typed accessors for the
// 61-byte big-endian header, the checks a broker makes on produced batches, and the
// in-place patches a broker applies before storing a batch (base offset, leader epoch,
// LogAppendTime).
//
//   offset size field                  in CRC?
//        0    8 baseOffset             no   (patched by the broker)
//        8    4 batchLength            no   (bytes after this field)
//       12    4 partitionLeaderEpoch   no   (patched by the broker)
//       16    1 magic                  no
//       17    4 crc                    no   (CRC-32C of bytes 21..end)
//       21    2 attributes             yes
//       23    4 lastOffsetDelta        yes
//       27    8 baseTimestamp          yes
//       35    8 maxTimestamp           yes
//       43    8 producerId             yes
//       51    2 producerEpoch          yes
//       53    4 baseSequence           yes
//       57    4 recordsCount           yes
//       61    n records (compressed as one stream when codec != none)
//
// A view does not own the bytes; the caller keeps them alive. Views are plain values and
// hold no state beyond the span, so they are safe to use from any thread that may read
// the bytes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"

namespace sb::protocol {

namespace batch_layout {
constexpr std::size_t base_offset = 0;
constexpr std::size_t batch_length = 8;
constexpr std::size_t partition_leader_epoch = 12;
constexpr std::size_t magic = 16;
constexpr std::size_t crc = 17;
constexpr std::size_t attributes = 21;
constexpr std::size_t last_offset_delta = 23;
constexpr std::size_t base_timestamp = 27;
constexpr std::size_t max_timestamp = 35;
constexpr std::size_t producer_id = 43;
constexpr std::size_t producer_epoch = 51;
constexpr std::size_t base_sequence = 53;
constexpr std::size_t records_count = 57;
constexpr std::size_t records = 61;
// Bytes before batchLength's count starts: baseOffset + batchLength.
constexpr std::size_t log_overhead = 12;
constexpr std::size_t header_size_bytes = 61;
constexpr int8_t current_magic = 2;
}  // namespace batch_layout

enum class compression_codec : uint8_t { none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4 };

namespace batch_attributes {
constexpr uint16_t codec_mask = 0x07;
constexpr uint16_t log_append_time = 0x08;
constexpr uint16_t transactional = 0x10;
constexpr uint16_t control = 0x20;
constexpr uint16_t delete_horizon = 0x40;
}  // namespace batch_attributes

// Big-endian loads and stores used by the batch header (and by storage's index files).
uint16_t load_be16(const uint8_t* p);
uint32_t load_be32(const uint8_t* p);
uint64_t load_be64(const uint8_t* p);
void store_be16(uint8_t* p, uint16_t v);
void store_be32(uint8_t* p, uint32_t v);
void store_be64(uint8_t* p, uint64_t v);

class record_batch_view {
public:
    // Precondition: bytes.size() >= header_size_bytes (use parse() for untrusted input).
    explicit record_batch_view(std::span<const uint8_t> bytes);

    // The batch at the start of `bytes`, checked only for what makes the header readable:
    // at least 61 bytes, magic 2, and batchLength covering the header and fitting in `bytes`.
    // The view spans exactly 12 + batchLength bytes. corrupt_message otherwise.
    static result<record_batch_view> parse(std::span<const uint8_t> bytes);

    std::span<const uint8_t> bytes() const { return bytes_; }
    std::size_t size_bytes() const { return bytes_.size(); }

    int64_t base_offset() const;
    int32_t batch_length() const;
    int32_t partition_leader_epoch() const;
    int8_t magic() const;
    uint32_t crc() const;
    uint16_t attributes() const;
    int32_t last_offset_delta() const;
    int64_t base_timestamp() const;
    int64_t max_timestamp() const;
    int64_t producer_id() const;
    int16_t producer_epoch() const;
    int32_t base_sequence() const;
    int32_t records_count() const;

    int64_t last_offset() const { return base_offset() + last_offset_delta(); }
    int64_t next_offset() const { return last_offset() + 1; }
    // Raw codec bits (0..7); values 5..7 are invalid and rejected by validation.
    uint8_t codec_bits() const { return static_cast<uint8_t>(attributes() & batch_attributes::codec_mask); }
    compression_codec codec() const;
    bool is_compressed() const { return codec_bits() != 0; }
    bool is_control() const { return (attributes() & batch_attributes::control) != 0; }
    bool is_transactional() const { return (attributes() & batch_attributes::transactional) != 0; }
    bool has_log_append_time() const { return (attributes() & batch_attributes::log_append_time) != 0; }
    // Bytes after the 61-byte header: the records, compressed when codec != none.
    std::span<const uint8_t> records_bytes() const { return bytes_.subspan(batch_layout::records); }

    // CRC-32C of attributes..end of batch, as it should be stored in the crc field.
    uint32_t compute_crc() const;
    bool crc_matches() const { return compute_crc() == crc(); }

private:
    std::span<const uint8_t> bytes_;
};

// Checks that make a stored batch trustworthy (used by log recovery and followers):
// parse() plus CRC and a valid codec. corrupt_message on failure.
status validate_stored_batch(std::span<const uint8_t> bytes);

// The checks a broker applies to a batch a client produced (Kafka's LogValidator for
// magic 2): the bytes hold exactly one batch; magic 2; batchLength matches; CRC32C;
// lastOffsetDelta + 1 == recordsCount > 0; no control batch; codec 0..4; CreateTime
// only; a producer id requires baseSequence >= 0.
// Errors: corrupt_message (framing, CRC), invalid_record (counts, control, sequence,
// timestamp type), unsupported_compression_type (codec bits 5..7).
status validate_produced_batch(std::span<const uint8_t> bytes);

// In-place patches. Precondition: `bytes` is a batch that passed parse().
// baseOffset and partitionLeaderEpoch are outside the CRC: no recompute.
void patch_base_offset(std::span<uint8_t> bytes, int64_t base_offset);
void patch_partition_leader_epoch(std::span<uint8_t> bytes, int32_t epoch);
// Sets the LogAppendTime bit and maxTimestamp, then recomputes the CRC (both fields are
// inside the CRC range).
void patch_log_append_time(std::span<uint8_t> bytes, int64_t append_time_ms);
// Recomputes and stores the CRC from the current contents.
void store_crc(std::span<uint8_t> bytes);

}  // namespace sb::protocol
