#include <gtest/gtest.h>

#include "cluster/random_uuid.h"
#include "kafka_test_fixture.h"
#include "protocol/messages/create_partitions.h"

namespace sb::kafka::testing {
namespace {

using protocol::create_partitions_request;
using protocol::create_partitions_response;
using request_topic = create_partitions_request::create_partitions_topic;
using topic_result = create_partitions_response::create_partitions_topic_result;

int16_t header_version(int16_t version) { return version >= 2 ? 1 : 0; }

class create_partitions_test : public dispatcher_test {
protected:
    cluster::topic_metadata add_topic(std::string name, int32_t partitions) {
        cluster::topic_metadata topic;
        topic.name = std::move(name);
        topic.id = cluster::random_uuid();
        topic.replicas_by_partition.assign(static_cast<std::size_t>(partitions), std::vector<int32_t>{k_node_id});
        cluster::topic_metadata created = **write_now(topics_->create_topic(topic));
        auto opening = services_->partitions->create_partitions(std::make_shared<const cluster::topic_metadata>(created));
        run([&]() -> boost::asio::awaitable<void> { co_await std::move(opening); });
        return created;
    }

    create_partitions_response grow(std::vector<request_topic> topics, int16_t version, bool validate_only = false) {
        create_partitions_request request;
        request.topics = std::move(topics);
        request.timeout_ms = 1000;
        request.validate_only = validate_only;
        return decode_response<create_partitions_response>(send(encode_request(request, version)), version,
                                                           header_version(version));
    }

    int32_t partition_count(const std::string& name) { return topics_->snapshot()->find(name)->partition_count(); }
    bool is_open(const protocol::uuid& id, int32_t index) {
        return services_->partitions->find(0, cluster::partition_id{id, index}) != nullptr;
    }
};

request_topic to(std::string name, int32_t count,
                 std::optional<std::vector<create_partitions_request::create_partitions_assignment>> assignments =
                     std::nullopt) {
    return request_topic{std::move(name), count, std::move(assignments)};
}

topic_result result(std::string name, int16_t code, std::optional<std::string> message) {
    return topic_result{std::move(name), code, std::move(message)};
}

TEST_F(create_partitions_test, grows_at_every_version_and_opens_the_new_logs) {
    for (int16_t version = 0; version <= 3; ++version) {
        const std::string name = "grows-v" + std::to_string(version);
        const protocol::uuid id = add_topic(name, 1).id;
        auto response = grow({to(name, 3)}, version);
        EXPECT_EQ(response.throttle_time_ms, 0);
        EXPECT_EQ(response.results, std::vector<topic_result>{result(name, 0, std::nullopt)}) << "v" << version;
        EXPECT_EQ(partition_count(name), 3);
        EXPECT_EQ(topics_->snapshot()->find(name)->replicas_by_partition,
                  (std::vector<std::vector<int32_t>>{{k_node_id}, {k_node_id}, {k_node_id}}));
        for (int32_t p = 0; p < 3; ++p) EXPECT_TRUE(is_open(id, p)) << p;
    }
}

TEST_F(create_partitions_test, duplicates_first_then_each_topic_in_order) {
    add_topic("same", 2);
    auto response = grow({to("missing", 2), to("twice", 3), to("same", 2), to("twice", 4), to("same-too", 1)}, 3);
    const std::vector<topic_result> expected = {
        result("twice", 42, "Duplicate topic name."),
        result("missing", 3, std::nullopt),
        result("same", 37, "Topic already has 2 partition(s)."),
        result("same-too", 3, std::nullopt),
    };
    EXPECT_EQ(response.results, expected);
}

TEST_F(create_partitions_test, validate_only_and_assignments) {
    const protocol::uuid id = add_topic("checked", 1).id;
    EXPECT_EQ(grow({to("checked", 4)}, 1, true).results, std::vector<topic_result>{result("checked", 0, std::nullopt)});
    EXPECT_EQ(partition_count("checked"), 1);
    EXPECT_FALSE(is_open(id, 1));

    EXPECT_EQ(grow({to("checked", 3, {{{{k_node_id + 1}}, {{k_node_id}}}})}, 2).results,
              std::vector<topic_result>{result("checked", 39,
                                               "The manual partition assignment includes broker 8, but no such broker "
                                               "is registered.")});
    EXPECT_EQ(grow({to("checked", 3, {{{{k_node_id}}, {{k_node_id}}}})}, 2).results,
              std::vector<topic_result>{result("checked", 0, std::nullopt)});
    EXPECT_EQ(partition_count("checked"), 3);
    EXPECT_TRUE(is_open(id, 2));
}

}  // namespace
}  // namespace sb::kafka::testing
