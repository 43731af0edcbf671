#pragma once
// Recovery of one segment after an unclean shutdown (run on a blocking thread).
//
// The first `trusted_bytes` of the file are a durable checkpoint (partition_state's
// recovery_position): if the segment's index files and the chain of batch headers agree
// that a batch ends exactly there, those bytes are taken as they are and only the rest is
// checked batch by batch (length, magic, CRC-32C, increasing offsets). Otherwise the whole
// file is checked. The file is cut at the first invalid byte and fsynced.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/file_system.h"
#include "storage/leader_epoch_cache.h"
#include "storage/log_config.h"
#include "storage/segment.h"

namespace sb::storage {

struct recovered_segment {
    std::shared_ptr<segment_files> files;
    segment_stats stats;
    bool cut = false;                       // invalid bytes were found and removed
    uint64_t checked_from = 0;              // bytes before this were trusted
    int64_t trusted_next_offset = 0;        // the offset that follows the trusted bytes
    std::vector<epoch_entry> epoch_starts;  // first batch of each epoch run in the checked bytes
};

result<recovered_segment> recover_segment(file_system& fs, const std::string& dir, int64_t base_offset,
                                          uint64_t size_bytes, uint64_t trusted_bytes, const log_config& config,
                                          uint32_t max_batch_bytes);

}  // namespace sb::storage
