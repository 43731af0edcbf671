#include "cluster/topic_table.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "cluster/json_topic_store.h"
#include "cluster/random_uuid.h"
#include "await_now.h"
#include "temp_dir.h"

namespace sb::cluster {
namespace {

topic_metadata make_topic(std::string name, int32_t partitions) {
    topic_metadata topic;
    topic.name = std::move(name);
    topic.id = random_uuid();
    topic.replicas_by_partition.assign(static_cast<std::size_t>(partitions), std::vector<int32_t>{0});
    return topic;
}

std::shared_ptr<topic_table> open_table(const std::filesystem::path& dir) {
    auto table = topic_table::open(std::make_unique<json_topic_store>(dir), std::make_unique<testing::inline_executor>());
    EXPECT_TRUE(table.has_value());
    return table ? *table : nullptr;
}

// A store that records saves and fails on demand.
class scripted_store final : public topic_store {
public:
    bool fail_saves = false;
    int saves = 0;
    sb::result<std::vector<topic_metadata>> load() override { return std::vector<topic_metadata>{}; }
    sb::status save(const topic_snapshot&) override {
        ++saves;
        if (fail_saves) return sb::unexpected(error_code::kafka_storage_error);
        return {};
    }
};

TEST(topic_table, new_table_is_empty) {
    testing::temp_dir dir;
    auto table = open_table(dir.path());
    auto snap = table->snapshot();
    EXPECT_EQ(snap->size(), 0u);
    EXPECT_EQ(snap->version(), 0u);
}

TEST(topic_table, create_publishes_a_new_snapshot_and_old_ones_stay_unchanged) {
    testing::temp_dir dir;
    auto table = open_table(dir.path());
    auto before = table->snapshot();
    topic_metadata orders = make_topic("orders", 3);
    orders.configs["retention.ms"] = "1000";
    const protocol::uuid id = orders.id;

    auto created = testing::await_now(table->create_topic(orders));
    ASSERT_TRUE(created.has_value());
    EXPECT_EQ(**created, orders);

    auto after = table->snapshot();
    EXPECT_EQ(after->version(), 1u);
    ASSERT_NE(after->find("orders"), nullptr);
    EXPECT_EQ(after->find("orders"), after->find(id));
    EXPECT_EQ(after->find("orders")->partition_count(), 3);
    EXPECT_EQ(after->find("orders")->replication_factor(), 1);
    EXPECT_EQ(before->size(), 0u);
    EXPECT_EQ(before->find("orders"), nullptr);
}

TEST(topic_table, refuses_existing_and_colliding_names) {
    testing::temp_dir dir;
    auto table = open_table(dir.path());
    ASSERT_TRUE(testing::await_now(table->create_topic(make_topic("a.b", 1))).has_value());

    auto again = testing::await_now(table->create_topic(make_topic("a.b", 1)));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, error_code::topic_already_exists);
    EXPECT_EQ(again.error().message, "Topic 'a.b' already exists.");

    auto collides = testing::await_now(table->create_topic(make_topic("a_b", 1)));
    ASSERT_FALSE(collides.has_value());
    EXPECT_EQ(collides.error().code, error_code::invalid_topic_exception);
    EXPECT_EQ(collides.error().message, "Topic 'a_b' collides with existing topic: a.b");
    EXPECT_EQ(table->snapshot()->size(), 1u);
}

TEST(topic_table, delete_by_id) {
    testing::temp_dir dir;
    auto table = open_table(dir.path());
    topic_metadata t = make_topic("gone", 2);
    ASSERT_TRUE(testing::await_now(table->create_topic(t)).has_value());
    auto deleted = testing::await_now(table->delete_topic(t.id));
    ASSERT_TRUE(deleted.has_value());
    EXPECT_EQ((*deleted)->name, "gone");
    EXPECT_EQ(table->snapshot()->size(), 0u);
    EXPECT_EQ(table->snapshot()->version(), 2u);

    auto missing = testing::await_now(table->delete_topic(t.id));
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, error_code::unknown_topic_id);
    EXPECT_EQ(missing.error().message, "This server does not host this topic ID.");

    // The name is free again, and a re-created topic gets its own id.
    topic_metadata again = make_topic("gone", 1);
    ASSERT_TRUE(testing::await_now(table->create_topic(again)).has_value());
    EXPECT_NE(table->snapshot()->find("gone")->id, t.id);
}

TEST(topic_table, survives_restart) {
    testing::temp_dir dir;
    topic_metadata a = make_topic("alpha", 2);
    a.configs["cleanup.policy"] = "compact";
    topic_metadata b = make_topic("beta", 1);
    topic_metadata c = make_topic("gamma", 4);
    c.replicas_by_partition = {{0, 1}, {1, 0}, {0, 1}, {1, 0}};
    {
        auto table = open_table(dir.path());
        ASSERT_TRUE(testing::await_now(table->create_topic(a)).has_value());
        ASSERT_TRUE(testing::await_now(table->create_topic(b)).has_value());
        ASSERT_TRUE(testing::await_now(table->create_topic(c)).has_value());
        ASSERT_TRUE(testing::await_now(table->delete_topic(b.id)).has_value());
    }
    auto reopened = open_table(dir.path());
    auto snap = reopened->snapshot();
    ASSERT_EQ(snap->size(), 2u);
    EXPECT_EQ(*snap->find("alpha"), a);
    EXPECT_EQ(*snap->find(c.id), c);
    EXPECT_EQ(snap->find("beta"), nullptr);
    EXPECT_EQ(snap->find(b.id), nullptr);
}

TEST(topic_table, failed_persist_changes_nothing) {
    auto store = std::make_unique<scripted_store>();
    scripted_store* raw = store.get();
    auto table = topic_table::open(std::move(store), std::make_unique<testing::inline_executor>()).value();
    topic_metadata t = make_topic("kept", 1);
    ASSERT_TRUE(testing::await_now(table->create_topic(t)).has_value());

    raw->fail_saves = true;
    auto create = testing::await_now(table->create_topic(make_topic("lost", 1)));
    ASSERT_FALSE(create.has_value());
    EXPECT_EQ(create.error().code, error_code::kafka_storage_error);
    EXPECT_EQ(create.error().message, "Topic 'lost' could not be stored.");
    auto del = testing::await_now(table->delete_topic(t.id));
    ASSERT_FALSE(del.has_value());
    EXPECT_EQ(del.error().code, error_code::kafka_storage_error);
    auto changed = testing::await_now(table->set_topic_configs(t.id, {{"retention.ms", "1"}}));
    ASSERT_FALSE(changed.has_value());
    EXPECT_EQ(changed.error().code, error_code::kafka_storage_error);
    EXPECT_EQ(changed.error().message, "The configs of topic 'kept' could not be stored.");
    EXPECT_TRUE(table->snapshot()->find("kept")->configs.empty());

    EXPECT_EQ(raw->saves, 4);
    EXPECT_EQ(table->snapshot()->size(), 1u);
    EXPECT_NE(table->snapshot()->find("kept"), nullptr);
    EXPECT_EQ(table->snapshot()->version(), 1u);
}

TEST(topic_snapshot, colliding_lookup_ignores_the_name_itself) {
    topic_snapshot empty;
    auto snap = empty.with_topic(std::make_shared<const topic_metadata>(make_topic("x.y", 1)));
    EXPECT_EQ(snap.find_colliding("x.y"), nullptr);
    ASSERT_NE(snap.find_colliding("x_y"), nullptr);
    EXPECT_EQ(snap.find_colliding("x_y")->name, "x.y");
    EXPECT_EQ(snap.find_colliding("xy"), nullptr);
    EXPECT_EQ(snap.find_colliding("x-y"), nullptr);
}

}  // namespace
}  // namespace sb::cluster

namespace sb::cluster {
namespace {

TEST(topic_table, set_topic_configs_replaces_them_and_survives_restart) {
    testing::temp_dir dir;
    topic_metadata t = make_topic("configured", 2);
    t.configs["retention.ms"] = "1000";
    {
        auto table = open_table(dir.path());
        ASSERT_TRUE(testing::await_now(table->create_topic(t)).has_value());
        auto before = table->snapshot();
        auto changed = testing::await_now(table->set_topic_configs(t.id, {{"cleanup.policy", "compact"}}));
        ASSERT_TRUE(changed.has_value());
        EXPECT_EQ((*changed)->configs, (topic_configs{{"cleanup.policy", "compact"}}));
        EXPECT_EQ((*changed)->id, t.id);
        EXPECT_EQ((*changed)->replicas_by_partition, t.replicas_by_partition);
        EXPECT_EQ(table->snapshot()->version(), 2u);
        EXPECT_EQ(table->snapshot()->find("configured"), changed->get());
        EXPECT_EQ(table->snapshot()->find(t.id), changed->get());
        // Readers holding the old snapshot still see the old configs.
        EXPECT_EQ(before->find("configured")->configs, t.configs);

        auto missing = testing::await_now(table->set_topic_configs(random_uuid(), {}));
        ASSERT_FALSE(missing.has_value());
        EXPECT_EQ(missing.error().code, error_code::unknown_topic_id);
    }
    auto reopened = open_table(dir.path());
    EXPECT_EQ(reopened->snapshot()->find("configured")->configs, (topic_configs{{"cleanup.policy", "compact"}}));
}

// Saves run on the blocking executor; a write that arrives while another one's save is
// under way waits, then builds on the published result.
TEST(topic_table, writes_wait_for_the_save_before_them) {
    auto executor = std::make_unique<storage::manual_executor>();
    storage::manual_executor* saves = executor.get();
    auto table = topic_table::open(std::make_unique<scripted_store>(), std::move(executor)).value();
    boost::asio::io_context io;
    std::optional<topic_table::change_result> first;
    std::optional<topic_table::change_result> second;
    auto rethrow = [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    };
    boost::asio::co_spawn(io, testing::store_result(first, table->create_topic(make_topic("first", 1))), rethrow);
    boost::asio::co_spawn(io, testing::store_result(second, table->create_topic(make_topic("first", 2))), rethrow);
    io.poll();
    io.restart();
    // The first save is queued, not yet run, and nothing is published before it is.
    EXPECT_EQ(saves->queued(), 1u);
    EXPECT_EQ(table->snapshot()->size(), 0u);
    ASSERT_TRUE(saves->run_one());
    io.poll();
    io.restart();
    ASSERT_TRUE(first && second);
    ASSERT_TRUE(first->has_value());
    EXPECT_EQ((**first)->partition_count(), 1);
    // The second write planned against the first one's result.
    ASSERT_FALSE(second->has_value());
    EXPECT_EQ(second->error().code, error_code::topic_already_exists);
    EXPECT_EQ(saves->queued(), 0u);
    EXPECT_EQ(table->snapshot()->version(), 1u);
}

}  // namespace
}  // namespace sb::cluster

namespace sb::cluster {
namespace {

topic_table::topic_change add_one_partition() {
    return [](const topic_metadata& current) -> sb::result<topic_metadata, topic_error> {
        topic_metadata next = current;
        next.replicas_by_partition.push_back({0});
        return next;
    };
}

TEST(topic_table, change_partitions_replaces_them_and_survives_restart) {
    testing::temp_dir dir;
    topic_metadata t = make_topic("grows", 1);
    t.configs["retention.ms"] = "1000";
    {
        auto table = open_table(dir.path());
        ASSERT_TRUE(testing::await_now(table->create_topic(t)).has_value());
        auto before = table->snapshot();
        auto grown = testing::await_now(table->change_partitions(t.id, add_one_partition()));
        ASSERT_TRUE(grown.has_value());
        EXPECT_EQ((*grown)->replicas_by_partition, (std::vector<std::vector<int32_t>>{{0}, {0}}));
        EXPECT_EQ((*grown)->configs, t.configs);
        EXPECT_EQ(table->snapshot()->version(), 2u);
        EXPECT_EQ(table->snapshot()->find("grows"), grown->get());
        EXPECT_EQ(table->snapshot()->find(t.id), grown->get());
        EXPECT_EQ(before->find("grows")->partition_count(), 1);  // old snapshots never change

        auto refused = testing::await_now(table->change_partitions(
            t.id, [](const topic_metadata&) -> sb::result<topic_metadata, topic_error> {
                return sb::unexpected(topic_error{error_code::invalid_partitions, "Topic already has 2 partition(s)."});
            }));
        ASSERT_FALSE(refused.has_value());
        EXPECT_EQ(refused.error().code, error_code::invalid_partitions);
        EXPECT_EQ(refused.error().message, "Topic already has 2 partition(s).");
        EXPECT_EQ(table->snapshot()->version(), 2u);

        auto missing = testing::await_now(table->change_partitions(random_uuid(), add_one_partition()));
        ASSERT_FALSE(missing.has_value());
        EXPECT_EQ(missing.error().code, error_code::unknown_topic_id);
    }
    auto reopened = open_table(dir.path());
    EXPECT_EQ(reopened->snapshot()->find("grows")->partition_count(), 2);
}

// Two growths in flight: the second one is planned against the first one's result, so
// neither is lost although the saves run on the blocking executor.
TEST(topic_table, change_partitions_builds_on_the_write_before_it) {
    auto executor = std::make_unique<storage::manual_executor>();
    storage::manual_executor* saves = executor.get();
    auto store = std::make_unique<scripted_store>();
    scripted_store* raw = store.get();
    auto table = topic_table::open(std::move(store), std::move(executor)).value();
    boost::asio::io_context io;
    const topic_metadata t = make_topic("counted", 1);
    std::optional<topic_table::change_result> created;
    std::optional<topic_table::change_result> first;
    std::optional<topic_table::change_result> second;
    auto rethrow = [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    };
    boost::asio::co_spawn(io, testing::store_result(created, table->create_topic(t)), rethrow);
    boost::asio::co_spawn(io, testing::store_result(first, table->change_partitions(t.id, add_one_partition())), rethrow);
    boost::asio::co_spawn(io, testing::store_result(second, table->change_partitions(t.id, add_one_partition())), rethrow);
    while (!(created && first && second)) {
        io.poll();
        io.restart();
        if (!saves->run_one()) break;
    }
    ASSERT_TRUE(created && first && second);
    ASSERT_TRUE(first->has_value() && second->has_value());
    EXPECT_EQ((**first)->partition_count(), 2);
    EXPECT_EQ((**second)->partition_count(), 3);
    EXPECT_EQ(table->snapshot()->find("counted")->partition_count(), 3);
    EXPECT_EQ(raw->saves, 3);
}

}  // namespace
}  // namespace sb::cluster
