#include <gtest/gtest.h>

#include "cluster/random_uuid.h"
#include "kafka_test_fixture.h"
#include "protocol/messages/metadata.h"

namespace sb::kafka::testing {
namespace {

using protocol::metadata_request;
using protocol::metadata_response;
using response_topic = metadata_response::metadata_response_topic;

constexpr int32_t k_not_requested = INT32_MIN;
constexpr int32_t k_topic_operations_all = 3576;    // READ..ALTER, DESCRIBE, DESCRIBE/ALTER_CONFIGS
constexpr int32_t k_cluster_operations_all = 8096;  // CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, ...

int16_t header_version(int16_t version) { return version >= 9 ? 1 : 0; }

class metadata_test : public dispatcher_test {
protected:
    using dispatcher_test::dispatcher_test;

    const cluster::topic_metadata& add_topic(std::string name, int32_t partitions) {
        cluster::topic_metadata topic;
        topic.name = std::move(name);
        topic.id = cluster::random_uuid();
        topic.replicas_by_partition.assign(static_cast<std::size_t>(partitions), std::vector<int32_t>{k_node_id});
        return **write_now(topics_->create_topic(std::move(topic)));
    }

    metadata_response ask(const metadata_request& request, int16_t version) {
        return decode_response<metadata_response>(send(encode_request(request, version)), version, header_version(version));
    }
};

// What a field that a version does not carry decodes to: the schema default.
response_topic expected_topic(const cluster::topic_metadata& topic, int16_t version) {
    response_topic out;
    out.error_code = 0;
    out.name = topic.name;
    out.topic_id = version >= 10 ? topic.id : protocol::uuid::nil();
    out.is_internal = false;
    for (int32_t i = 0; i < topic.partition_count(); ++i) {
        auto& p = out.partitions.emplace_back();
        p.error_code = 0;
        p.partition_index = i;
        p.leader_id = k_node_id;
        p.leader_epoch = version >= 7 ? 0 : -1;
        p.replica_nodes = {k_node_id};
        p.isr_nodes = {k_node_id};
    }
    return out;
}

metadata_response expected_base(int16_t version) {
    metadata_response out;
    out.throttle_time_ms = 0;
    out.brokers.push_back({k_node_id, k_host, k_port, std::nullopt});
    if (version >= 2) out.cluster_id = k_cluster_id;
    if (version >= 1) out.controller_id = k_node_id;
    return out;
}

response_topic expected_missing(int16_t error, std::optional<std::string> name, const protocol::uuid& id) {
    response_topic out;
    out.error_code = error;
    out.name = std::move(name);
    out.topic_id = id;
    return out;
}

metadata_request all_topics(int16_t version) {
    metadata_request request;
    if (version >= 1) request.topics = std::nullopt;  // v0: the empty list means all
    return request;
}

metadata_request named(std::initializer_list<const char*> names) {
    metadata_request request;
    for (const char* name : names) request.topics->push_back({protocol::uuid::nil(), name});
    return request;
}

TEST_F(metadata_test, every_version_with_zero_one_and_two_topics) {
    std::vector<cluster::topic_metadata> created;
    for (int topic_count = 0; topic_count <= 2; ++topic_count) {
        if (topic_count == 1) created.push_back(add_topic("orders", 3));
        if (topic_count == 2) created.push_back(add_topic("clicks", 1));
        for (int16_t version = 0; version <= 12; ++version) {
            metadata_response expected = expected_base(version);
            // All topics come sorted by name.
            if (topic_count == 2) expected.topics.push_back(expected_topic(created[1], version));
            if (topic_count >= 1) expected.topics.push_back(expected_topic(created[0], version));
            EXPECT_EQ(ask(all_topics(version), version), expected) << "v" << version << ", " << topic_count << " topic(s)";
        }
    }
}

TEST_F(metadata_test, requested_topics_known_unknown_and_invalid) {
    const auto& orders = add_topic("orders", 2);
    for (int16_t version = 0; version <= 12; ++version) {
        metadata_response expected = expected_base(version);
        expected.topics.push_back(expected_missing(3, "nope", protocol::uuid::nil()));
        expected.topics.push_back(expected_topic(orders, version));
        expected.topics.push_back(expected_missing(17, "bad name", protocol::uuid::nil()));
        expected.topics.push_back(expected_missing(17, "..", protocol::uuid::nil()));
        EXPECT_EQ(ask(named({"nope", "orders", "bad name", "..", "orders", "nope"}), version), expected) << "v" << version;
    }
}

TEST_F(metadata_test, empty_list_means_no_topics_from_v1) {
    add_topic("orders", 1);
    for (int16_t version = 1; version <= 12; ++version) {
        EXPECT_EQ(ask(metadata_request{}, version), expected_base(version)) << "v" << version;
    }
}

TEST_F(metadata_test, no_auto_creation_when_the_broker_setting_is_off) {
    metadata_request request = named({"auto"});
    request.allow_auto_topic_creation = true;
    metadata_response response = ask(request, 4);
    ASSERT_EQ(response.topics.size(), 1u);
    EXPECT_EQ(response.topics[0].error_code, 3);
    EXPECT_EQ(topics_->snapshot()->size(), 0u);
}

TEST_F(metadata_test, v12_looks_topics_up_by_id) {
    const auto& orders = add_topic("orders", 1);
    const protocol::uuid unknown = cluster::random_uuid();
    metadata_request request;
    request.topics->push_back({orders.id, std::nullopt});
    request.topics->push_back({unknown, std::nullopt});
    request.topics->push_back({orders.id, std::nullopt});
    metadata_response expected = expected_base(12);
    expected.topics.push_back(expected_topic(orders, 12));
    expected.topics.push_back(expected_missing(100, std::nullopt, unknown));
    EXPECT_EQ(ask(request, 12), expected);
}

TEST_F(metadata_test, v10_and_v11_refuse_topic_ids_and_null_names_like_kafka) {
    const auto& orders = add_topic("orders", 1);
    for (int16_t version : {int16_t{10}, int16_t{11}}) {
        metadata_request request;
        request.topics->push_back({orders.id, std::nullopt});
        request.topics->push_back({protocol::uuid::nil(), "orders"});
        metadata_response expected;  // Kafka's error response: only the topics, each with the error
        expected.topics.push_back(expected_missing(42, "", orders.id));
        expected.topics.push_back(expected_missing(42, "orders", protocol::uuid::nil()));
        EXPECT_EQ(ask(request, version), expected) << "v" << version;
    }
}

TEST_F(metadata_test, authorized_operations_only_when_requested) {
    const auto& orders = add_topic("orders", 1);
    for (int16_t version = 8; version <= 12; ++version) {
        metadata_request request = named({"orders", "missing"});
        request.include_topic_authorized_operations = true;
        request.include_cluster_authorized_operations = true;
        metadata_response expected = expected_base(version);
        expected.topics.push_back(expected_topic(orders, version));
        expected.topics.push_back(expected_missing(3, "missing", protocol::uuid::nil()));
        for (auto& t : expected.topics) t.topic_authorized_operations = k_topic_operations_all;
        // ClusterAuthorizedOperations exists in v8-v10 only.
        expected.cluster_authorized_operations = version <= 10 ? k_cluster_operations_all : k_not_requested;
        EXPECT_EQ(ask(request, version), expected) << "v" << version;

        metadata_response plain = ask(named({"orders"}), version);
        EXPECT_EQ(plain.topics.at(0).topic_authorized_operations, k_not_requested);
        EXPECT_EQ(plain.cluster_authorized_operations, k_not_requested);
    }
}

TEST_F(metadata_test, kcat_metadata_request_is_answered) {
    const auto& orders = add_topic("orders", 1);
    // `kcat -L` (librdkafka 2.0.2): Metadata v4, correlation id 3, client "rdkafka", all
    // topics (null list), AllowAutoTopicCreation true.
    auto result = send(raw_frame({0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03, 0x00, 0x07, 'r', 'd', 'k', 'a',
                                  'f', 'k', 'a', 0xff, 0xff, 0xff, 0xff, 0x01}));
    metadata_response expected = expected_base(4);
    expected.topics.push_back(expected_topic(orders, 4));
    EXPECT_EQ(decode_response<metadata_response>(result, 4, 0, 3), expected);
}

broker_config auto_creating_config() {
    broker_config config = test_config();
    config.auto_create_topics_enable = true;
    config.topic_creation.default_partition_count = 3;
    return config;
}

class metadata_auto_creation_test : public metadata_test {
protected:
    metadata_auto_creation_test() : metadata_test(auto_creating_config()) {}
};

TEST_F(metadata_auto_creation_test, creates_named_topics_with_num_partitions_and_describes_them) {
    metadata_response response = ask(named({"fresh"}), 4);
    ASSERT_EQ(response.topics.size(), 1u);
    const cluster::topic_metadata* created = topics_->snapshot()->find("fresh");
    ASSERT_NE(created, nullptr);
    EXPECT_EQ(created->partition_count(), 3);
    EXPECT_EQ(response.topics[0], expected_topic(*created, 4));
    EXPECT_EQ(services_->partitions->open_partitions(), 3u);
}

TEST_F(metadata_auto_creation_test, not_when_the_request_forbids_it_nor_for_illegal_names) {
    metadata_request forbidden = named({"kept-out"});
    forbidden.allow_auto_topic_creation = false;
    EXPECT_EQ(ask(forbidden, 4).topics.at(0).error_code, 3);
    EXPECT_EQ(ask(named({"bad/name"}), 4).topics.at(0).error_code, 17);
    EXPECT_EQ(topics_->snapshot()->size(), 0u);
    // Before v4 there is no flag and Kafka always allows it.
    EXPECT_EQ(ask(named({"old-client"}), 1).topics.at(0).error_code, 0);
    EXPECT_NE(topics_->snapshot()->find("old-client"), nullptr);
}

}  // namespace
}  // namespace sb::kafka::testing
