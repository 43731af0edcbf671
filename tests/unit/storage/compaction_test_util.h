#pragma once
// A compacted log of one-record batches, three per segment, and a way to run one cleaner
// pass to its end: shared by the compaction tests.

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include "storage/log_cleaner.h"
#include "storage_test_util.h"

namespace sb::storage::compaction_testing {

using namespace sb::storage::testing;

inline iobuf one_record(std::string_view key, std::optional<std::string_view> value, int64_t ts_ms = 1'000) {
    auto bytes = protocol::record_batch_builder().add(ts_ms, key, value).build().value();
    return iobuf::copy_of(std::span<const uint8_t>(bytes));
}

struct compaction_env : log_env {
    log_config config;
    compaction_env() {
        config.cleanup = cleanup_policy::compact;
        config.retention_ms = -1;
        // Three one-record batches (1-byte keys, 1-byte values) per segment.
        config.segment_bytes = 3 * static_cast<uint32_t>(one_record("a", "1").size_bytes());
        config.min_cleanable_dirty_ratio = 0.5;
    }
    void put(partition_log& log, std::string_view key, std::optional<std::string_view> value, int64_t ts = 1'000) {
        ASSERT_TRUE(log.append_as_leader(one_record(key, value, ts), 1));
        executor.run_all();
    }
    std::optional<result<cleaning_result>> clean(partition_log& log) {
        std::optional<result<cleaning_result>> out;
        if (!log_cleaner::maybe_clean(log, [&](result<cleaning_result> r) { out = std::move(r); })) return out;
        executor.run_all();
        EXPECT_TRUE(out.has_value());
        return out;
    }
};

inline std::vector<read_record> rec(std::initializer_list<std::tuple<int64_t, const char*, const char*>> list) {
    std::vector<read_record> out;
    for (auto [o, k, v] : list) out.push_back({o, k, v ? std::optional<std::string>(v) : std::nullopt});
    return out;
}

}  // namespace sb::storage::compaction_testing
