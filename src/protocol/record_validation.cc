#include "protocol/record_validation.h"

#include <algorithm>

#include "protocol/record.h"

namespace sb::protocol {

timestamp_window timestamp_window_of(const produce_validation_options& o) {
    timestamp_window w;
    if (__builtin_sub_overflow(o.now_ms, o.timestamp_before_max_ms, &w.earliest_ms)) {
        w.earliest_ms = std::numeric_limits<int64_t>::min();
    }
    if (__builtin_add_overflow(o.now_ms, o.timestamp_after_max_ms, &w.latest_ms)) {
        w.latest_ms = std::numeric_limits<int64_t>::max();
    }
    return w;
}

result<std::vector<invalid_record>> find_invalid_records(record_batch_view batch,
                                                         const produce_validation_options& options) {
    auto reader = record_reader::open(batch, options.limits);
    if (!reader) return unexpected(reader.error());
    const timestamp_window window = timestamp_window_of(options);
    std::vector<invalid_record> out;
    record r;
    for (int32_t index = 0;; ++index) {
        auto more = reader->next(r);
        if (!more) {
            out.push_back({index, record_problem::malformed, 0, 0, more.error()});
            break;
        }
        if (!*more) break;
        if (r.offset_delta != index) {
            out.push_back({index, record_problem::offset_delta, r.offset_delta, 0, error_code::none});
            continue;
        }
        if (options.compacted && !r.key) {
            out.push_back({index, record_problem::missing_key, r.offset_delta, 0, error_code::none});
            continue;
        }
        int64_t timestamp = 0;
        if (__builtin_add_overflow(batch.base_timestamp(), r.timestamp_delta, &timestamp)) {
            timestamp = r.timestamp_delta < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
        }
        if (!options.log_append_time && timestamp != -1 &&
            (timestamp < window.earliest_ms || timestamp > window.latest_ms)) {
            out.push_back({index, record_problem::timestamp, r.offset_delta, timestamp, error_code::none});
        }
    }
    return out;
}

error_code batch_error_of(std::span<const invalid_record> records) {
    if (records.empty()) return error_code::none;
    const bool timestamps = std::any_of(records.begin(), records.end(), [](const invalid_record& r) {
        return r.problem == record_problem::timestamp;
    });
    return timestamps ? error_code::invalid_timestamp : error_code::invalid_record;
}

status validate_produced_records(record_batch_view batch, const produce_validation_options& options) {
    auto found = find_invalid_records(batch, options);
    if (!found) return unexpected(found.error());
    if (const error_code e = batch_error_of(*found); e != error_code::none) return unexpected(e);
    return {};
}

}  // namespace sb::protocol
