// The small pieces: segment names, sparse indexes, leader epochs, kv files, partition
// state, the open-segment LRU and the executors.
#include <gtest/gtest.h>

#include <fstream>

#include "storage/kv_store.h"
#include "storage/leader_epoch_cache.h"
#include "storage/partition_state.h"
#include "storage/segment_index.h"
#include "storage/segment_name.h"
#include "storage_test_util.h"

namespace {

using namespace sb;
using namespace sb::storage;
using namespace sb::storage::testing;

TEST(SegmentName, FormatsAndParses) {
    EXPECT_EQ(offset_file_stem(42), "00000000000000000042");
    EXPECT_EQ(segment_path("/d", 7, k_log_suffix), "/d/00000000000000000007.log");
    EXPECT_EQ(parse_log_file_name("00000000000000000042.log"), 42);
    EXPECT_EQ(parse_log_file_name("00000000000000000042.index"), std::nullopt);
    EXPECT_EQ(parse_log_file_name("0000000000000000042.log"), std::nullopt);
    EXPECT_EQ(parse_log_file_name("0000000000000000004x.log"), std::nullopt);
    EXPECT_EQ(parse_log_file_name("99999999999999999999.log"), std::nullopt);  // beyond int64
}

TEST(OffsetIndex, LookupFindsLastEntryAtOrBefore) {
    offset_index idx(100, 10);
    idx.append(110, 1000);
    idx.append(120, 2000);
    idx.append(135, 3500);
    EXPECT_EQ(idx.lookup(99).position, 0u);
    EXPECT_EQ(idx.lookup(105).offset, 100);
    EXPECT_EQ(idx.lookup(110).position, 1000u);
    EXPECT_EQ(idx.lookup(134).position, 2000u);
    EXPECT_EQ(idx.lookup(1000).position, 3500u);
    idx.truncate_from(120);
    EXPECT_EQ(idx.size(), 1u);
    EXPECT_EQ(idx.lookup(1000).position, 1000u);
}

TEST(OffsetIndex, EncodesBigEndianAndValidatesOnDecode) {
    offset_index idx(100, 10);
    idx.append(101, 0x0102);
    idx.append(300, 0x0A0B0C);
    auto bytes = idx.encode(0);
    EXPECT_EQ(bytes, (std::vector<uint8_t>{0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 0, 200, 0, 0x0A, 0x0B, 0x0C}));
    auto back = offset_index::decode(100, 10, bytes, 0x0A0B0D);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->lookup(250).position, 0x0102u);
    EXPECT_FALSE(offset_index::decode(100, 10, bytes, 0x0A0B0C));  // position at the log's end
    EXPECT_FALSE(offset_index::decode(100, 1, bytes, 1 << 30));      // over capacity
    auto swapped = bytes;
    std::swap_ranges(swapped.begin(), swapped.begin() + 8, swapped.begin() + 8);
    EXPECT_FALSE(offset_index::decode(100, 10, swapped, 1 << 30));  // not increasing
    bytes.pop_back();
    EXPECT_FALSE(offset_index::decode(100, 10, bytes, 1 << 30));
}

TEST(OffsetIndex, FullAtCapacity) {
    offset_index idx(0, 2);
    idx.append(1, 10);
    EXPECT_FALSE(idx.full());
    idx.append(2, 20);
    EXPECT_TRUE(idx.full());
}

TEST(TimeIndex, MonotonicAndLastBelow) {
    time_index idx(0, 10);
    idx.maybe_append(1000, 5);
    idx.maybe_append(900, 8);  // not larger: skipped
    idx.maybe_append(2000, 10);
    EXPECT_EQ(idx.size(), 2u);
    EXPECT_FALSE(idx.last_below(1000).has_value());
    EXPECT_EQ(idx.last_below(1001)->offset, 5);
    EXPECT_EQ(idx.last_below(5000)->offset, 10);
    auto bytes = idx.encode(0);
    ASSERT_EQ(bytes.size(), 24u);
    auto back = time_index::decode(0, 10, bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->last()->timestamp_ms, 2000);
    idx.truncate_from(10);
    EXPECT_EQ(idx.last()->offset, 5);
}

TEST(LeaderEpochCache, AssignTruncateAndEndOffsets) {
    leader_epoch_cache c;
    EXPECT_TRUE(c.assign(1, 0));
    EXPECT_FALSE(c.assign(1, 5));
    EXPECT_TRUE(c.assign(3, 10));
    EXPECT_TRUE(c.assign(5, 10));  // epoch 3 never had records: replaced
    EXPECT_TRUE(c.assign(6, 20));
    EXPECT_EQ(c.entries(), (std::vector<epoch_entry>{{1, 0}, {5, 10}, {6, 20}}));
    EXPECT_EQ(c.end_offset_for(1, 30), (epoch_end_offset{1, 10}));
    EXPECT_EQ(c.end_offset_for(4, 30), (epoch_end_offset{1, 10}));
    EXPECT_EQ(c.end_offset_for(6, 30), (epoch_end_offset{6, 30}));
    EXPECT_EQ(c.end_offset_for(9, 30), (epoch_end_offset{6, 30}));
    EXPECT_EQ(c.end_offset_for(0, 30), (epoch_end_offset{-1, -1}));
    c.truncate_from_start(15);
    EXPECT_EQ(c.entries(), (std::vector<epoch_entry>{{5, 15}, {6, 20}}));
    c.truncate_from_end(20);
    EXPECT_EQ(c.entries(), (std::vector<epoch_entry>{{5, 15}}));
}

TEST(KvStore, SavesAndLoadsDurably) {
    temp_dir dir;
    auto fs = posix_file_system();
    std::string path = dir.path() + "/node.kv";
    {
        auto kv = kv_store::open(fs, path);
        ASSERT_TRUE(kv);
        EXPECT_TRUE(kv->entries().empty());
        kv->set("raft.term", "7");
        kv->set("raft.vote", "3");
        kv->set("empty", "");
        ASSERT_TRUE(kv->save());
    }
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    auto kv = kv_store::open(fs, path);
    ASSERT_TRUE(kv);
    EXPECT_EQ(kv->get("raft.term"), "7");
    EXPECT_EQ(kv->get("raft.vote"), "3");
    EXPECT_EQ(kv->get("empty"), "");
    EXPECT_EQ(kv->get("missing"), std::nullopt);
}

TEST(KvStore, ExactEncodingAndCorruptionDetection) {
    auto bytes = kv_store::encode({{"a", "xy"}});
    std::vector<uint8_t> body = {'S', 'B', 'K', 'V', 1, 0, 0, 0, 1, 0, 0, 0, 1, 'a', 0, 0, 0, 2, 'x', 'y'};
    ASSERT_EQ(bytes.size(), body.size() + 4);
    EXPECT_TRUE(std::equal(body.begin(), body.end(), bytes.begin()));
    EXPECT_EQ(kv_store::decode(bytes)->at("a"), "xy");
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto damaged = bytes;
        damaged[i] ^= 0x20;
        EXPECT_EQ(kv_store::decode(damaged).error(), error_code::corrupt_message) << i;
    }
    bytes.pop_back();
    EXPECT_EQ(kv_store::decode(bytes).error(), error_code::corrupt_message);
}

TEST(PartitionState, RoundTrips) {
    temp_dir dir;
    auto fs = posix_file_system();
    partition_state s{15, 40, 4096, 22, {{1, 0}, {4, 17}}};
    ASSERT_TRUE(save_partition_state(fs, dir.path(), s));
    auto back = load_partition_state(fs, dir.path());
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, s);
    EXPECT_EQ(s.to_entries().at("leader_epochs"), "1:0,4:17");
}

TEST(OpenSegmentCache, EvictsLeastRecentlyUsedAndClosesOffLoop) {
    manual_executor ex;
    open_segment_cache cache(2, ex);
    std::vector<std::unique_ptr<segment>> segs;
    for (int i = 0; i < 3; ++i) {
        segs.push_back(std::make_unique<segment>("/x", i * 10, segment_stats{0, i * 10, -1, -1}, 0));
        segs.back()->attach(std::make_shared<segment_files>(nullptr, offset_index(i * 10, 1), time_index(i * 10, 1)));
    }
    cache.touch(*segs[0]);
    cache.touch(*segs[1]);
    cache.touch(*segs[0]);  // 1 is now least recently used
    cache.touch(*segs[2]);
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_FALSE(segs[1]->loaded());
    EXPECT_TRUE(segs[0]->loaded());
    EXPECT_TRUE(segs[2]->loaded());
    EXPECT_EQ(ex.queued(), 1u);  // the close
    segs[0].reset();             // a destroyed segment leaves the cache
    EXPECT_EQ(cache.size(), 1u);
}

TEST(Executors, ThreadPoolRunsDoneOnOwner) {
    owner_queue owner;
    std::atomic<int> work_runs{0};
    int done_runs = 0;
    {
        thread_pool_executor pool(2, [&](std::function<void()> fn) { owner.post(std::move(fn)); });
        for (int i = 0; i < 20; ++i) pool.submit([&] { work_runs++; }, [&] { done_runs++; });
        while (done_runs < 20) owner.wait_and_run(1000);
    }
    EXPECT_EQ(work_runs.load(), 20);
    EXPECT_EQ(done_runs, 20);
}

TEST(Executors, ManualRunsInOrder) {
    manual_executor ex;
    std::vector<int> order;
    ex.submit([&] { order.push_back(1); }, [&] { order.push_back(2); });
    ex.submit([&] { order.push_back(3); }, {});
    EXPECT_EQ(ex.run_all(), 2u);
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

}  // namespace
