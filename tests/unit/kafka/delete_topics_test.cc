#include <gtest/gtest.h>

#include "cluster/random_uuid.h"
#include "kafka_test_fixture.h"
#include "protocol/messages/delete_topics.h"

namespace sb::kafka::testing {
namespace {

using protocol::delete_topics_request;
using protocol::delete_topics_response;
using topic_result = delete_topics_response::deletable_topic_result;

int16_t header_version(int16_t version) { return version >= 4 ? 1 : 0; }

class delete_topics_test : public dispatcher_test {
protected:
    protocol::uuid add_topic(std::string name) {
        cluster::topic_metadata topic;
        topic.name = std::move(name);
        topic.id = cluster::random_uuid();
        topic.replicas_by_partition = {{k_node_id}};
        return (*write_now(topics_->create_topic(std::move(topic))))->id;
    }

    delete_topics_response send_request(const delete_topics_request& request, int16_t version) {
        return decode_response<delete_topics_response>(send(encode_request(request, version)), version,
                                                       header_version(version));
    }

    // A result as decoded at `version`: the message exists from v5, the id from v6.
    static topic_result result(std::optional<std::string> name, const protocol::uuid& id, int16_t code,
                               std::optional<std::string> message, int16_t version) {
        topic_result out;
        out.name = version >= 6 ? std::move(name) : std::optional<std::string>(name.value_or(""));
        out.topic_id = version >= 6 ? id : protocol::uuid::nil();
        out.error_code = code;
        out.error_message = version >= 5 ? std::move(message) : std::nullopt;
        return out;
    }
};

TEST_F(delete_topics_test, by_name_at_every_version) {
    for (int16_t version = 0; version <= 6; ++version) {
        const protocol::uuid id = add_topic("gone");
        add_topic("kept");
        delete_topics_request request;
        if (version < 6) {
            request.topic_names = {"gone", "missing", "twice", "twice"};
        } else {
            for (const char* name : {"gone", "missing", "twice", "twice"}) request.topics.push_back({name, protocol::uuid::nil()});
        }
        const std::vector<topic_result> expected = {
            result("gone", id, 0, std::nullopt, version),
            result("missing", protocol::uuid::nil(), 3, "This server does not host this topic-partition.", version),
            result("twice", protocol::uuid::nil(), 42, "Duplicate topic name.", version),
        };
        EXPECT_EQ(send_request(request, version).responses, expected) << "v" << version;
        EXPECT_EQ(topics_->snapshot()->find("gone"), nullptr);
        ASSERT_NE(topics_->snapshot()->find("kept"), nullptr);
        ASSERT_TRUE(write_now(topics_->delete_topic(topics_->snapshot()->find("kept")->id)).has_value());
    }
}

TEST_F(delete_topics_test, v6_by_id_and_invalid_entries) {
    const protocol::uuid by_id = add_topic("by-id");
    const protocol::uuid by_name = add_topic("by-name");
    const protocol::uuid unknown = cluster::random_uuid();
    delete_topics_request request;
    request.topics = {
        {std::nullopt, by_id},
        {"by-name", protocol::uuid::nil()},
        {std::nullopt, unknown},
        {"both", by_id},
        {std::nullopt, protocol::uuid::nil()},
    };
    const std::vector<topic_result> expected = {
        result("by-id", by_id, 0, std::nullopt, 6),
        result("by-name", by_name, 0, std::nullopt, 6),
        result(std::nullopt, unknown, 100, "This server does not host this topic ID.", 6),
        result("both", by_id, 42, "You may not specify both topic name and topic id.", 6),
        result(std::nullopt, protocol::uuid::nil(), 42, "Neither topic name nor id were specified.", 6),
    };
    EXPECT_EQ(send_request(request, 6).responses, expected);
    EXPECT_EQ(topics_->snapshot()->size(), 0u);
}

TEST_F(delete_topics_test, v6_duplicate_id) {
    const protocol::uuid id = add_topic("x");
    delete_topics_request request;
    request.topics = {{std::nullopt, id}, {std::nullopt, id}};
    EXPECT_EQ(send_request(request, 6).responses,
              (std::vector<topic_result>{result(std::nullopt, id, 42, "Duplicate topic id.", 6)}));
    EXPECT_NE(topics_->snapshot()->find(id), nullptr);
}

}  // namespace
}  // namespace sb::kafka::testing
