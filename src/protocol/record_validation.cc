#include "protocol/record_validation.h"

#include "protocol/record.h"

namespace sb::protocol {

namespace {
// now - t > before_max or t - now > after_max, without overflow for the "no limit" maxima.
bool outside_window(int64_t t, const produce_validation_options& o) {
    if (t < o.now_ms && static_cast<uint64_t>(o.now_ms) - static_cast<uint64_t>(t) >
                            static_cast<uint64_t>(o.timestamp_before_max_ms)) {
        return true;
    }
    return t > o.now_ms &&
           static_cast<uint64_t>(t) - static_cast<uint64_t>(o.now_ms) > static_cast<uint64_t>(o.timestamp_after_max_ms);
}
}  // namespace

status validate_produced_records(record_batch_view batch, const produce_validation_options& options) {
    auto reader = record_reader::open(batch, options.limits);
    if (!reader) return unexpected(reader.error());
    record r;
    for (int32_t expected_delta = 0;; ++expected_delta) {
        auto more = reader->next(r);
        if (!more) return unexpected(more.error());
        if (!*more) return {};
        if (r.offset_delta != expected_delta) return unexpected(error_code::invalid_record);
        if (options.compacted && !r.key) return unexpected(error_code::invalid_record);
        int64_t ts = batch.base_timestamp() + r.timestamp_delta;
        // -1 means "no timestamp" (clients that predate timestamps); it is not range-checked.
        if (!options.log_append_time && ts != -1 && outside_window(ts, options)) {
            return unexpected(error_code::invalid_timestamp);
        }
    }
}

}  // namespace sb::protocol
