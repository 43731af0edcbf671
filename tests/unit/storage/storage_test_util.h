#pragma once
// Shared fixtures for storage tests: a fresh directory per test, a manual executor and
// clock, and helpers to build batches and read a log back.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "protocol/record.h"
#include "protocol/record_batch_builder.h"
#include "storage/partition_log.h"

namespace sb::storage::testing {

// A directory under the system temp dir, removed when the test ends.
class temp_dir {
public:
    temp_dir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "sb_storage_XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data()) ? tmpl : "";
        EXPECT_FALSE(path_.empty());
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// A batch of `count` records "k<first+i>" / "v<first+i>" at timestamp ts_ms (+i).
inline iobuf make_batch(int count, int first = 0, int64_t ts_ms = 1'700'000'000'000,
                        std::size_t value_bytes = 0) {
    protocol::record_batch_builder b;
    for (int i = 0; i < count; ++i) {
        std::string value = "v" + std::to_string(first + i);
        if (value.size() < value_bytes) value.resize(value_bytes, 'x');
        b.add(ts_ms + i, "k" + std::to_string(first + i), value);
    }
    auto bytes = b.build().value();
    return iobuf::copy_of(std::span<const uint8_t>(bytes));
}

struct log_env {
    std::shared_ptr<file_system> fs = posix_file_system();
    manual_executor executor;
    manual_clock clk;
    open_segment_cache cache{8, executor};
    storage_limits limits;

    log_dependencies deps() { return log_dependencies{fs, &executor, &clk, &cache, limits}; }

    std::unique_ptr<partition_log> open(const std::string& dir, const log_config& config) {
        auto log = partition_log::open(dir, config, deps());
        EXPECT_TRUE(log) << (log ? "" : error_name(log.error()));
        return log ? std::move(*log) : nullptr;
    }
};

// Everything the log serves from `offset` on, as bytes (file ranges then memory).
inline std::vector<uint8_t> read_bytes(partition_log& log, manual_executor& ex, int64_t offset,
                                       std::size_t max_bytes, int64_t* next_offset = nullptr) {
    std::vector<uint8_t> out;
    bool called = false;
    log.read(offset, max_bytes, [&](result<read_result> r) {
        called = true;
        ASSERT_TRUE(r) << error_name(r.error());
        for (const auto& range : r->ranges) {
            std::vector<uint8_t> chunk(range.size_bytes);
            auto n = range.source->pread(chunk, range.position);
            ASSERT_TRUE(n);
            ASSERT_EQ(*n, range.size_bytes);
            out.insert(out.end(), chunk.begin(), chunk.end());
        }
        auto mem = r->memory.linearize();
        out.insert(out.end(), mem.begin(), mem.end());
        if (next_offset) *next_offset = r->next_offset;
    });
    ex.run_all();
    EXPECT_TRUE(called);
    return out;
}

struct read_record {
    int64_t offset;
    std::string key;
    std::optional<std::string> value;
    bool operator==(const read_record&) const = default;
};

// Decodes every record of concatenated batches.
inline std::vector<read_record> records_of(std::span<const uint8_t> bytes) {
    std::vector<read_record> out;
    while (!bytes.empty()) {
        auto view = protocol::record_batch_view::parse(bytes);
        EXPECT_TRUE(view);
        if (!view) break;
        EXPECT_TRUE(view->crc_matches());
        auto reader = protocol::record_reader::open(*view);
        EXPECT_TRUE(reader);
        protocol::record r;
        while (reader && reader->next(r).value_or(false)) {
            read_record rr{view->base_offset() + r.offset_delta, r.key ? std::string(r.key->begin(), r.key->end()) : "",
                           std::nullopt};
            if (r.value) rr.value = std::string(r.value->begin(), r.value->end());
            out.push_back(rr);
        }
        bytes = bytes.subspan(view->size_bytes());
    }
    return out;
}

// Every record of the log from its start, reading segment after segment.
inline std::vector<read_record> all_records(partition_log& log, manual_executor& ex) {
    std::vector<read_record> out;
    int64_t offset = log.log_start_offset();
    while (offset < log.log_end_offset()) {
        int64_t next = offset;
        auto bytes = read_bytes(log, ex, offset, 1 << 20, &next);
        if (next == offset) break;
        for (auto& r : records_of(bytes)) {
            if (r.offset >= offset) out.push_back(r);
        }
        offset = next;
    }
    return out;
}

}  // namespace sb::storage::testing
