#include "cluster/json_topic_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "cluster/durable_file.h"
#include "temp_dir.h"

namespace sb::cluster {
namespace {

void write_topics_file(const std::filesystem::path& dir, const std::string& text) {
    std::ofstream(dir / "topics.json") << text;
}

constexpr const char* k_id_a = "MkU3OEVBNTcwNTJENDM2Qg";
constexpr const char* k_id_b = "AAAAAAAAAAAAAAAAAAAAAQ";

TEST(json_topic_store, missing_file_is_an_empty_table) {
    testing::temp_dir dir;
    json_topic_store store(dir.path());
    auto loaded = store.load();
    ASSERT_TRUE(loaded.has_value());
    EXPECT_TRUE(loaded->empty());
}

TEST(json_topic_store, writes_the_documented_format) {
    testing::temp_dir dir;
    json_topic_store store(dir.path());
    topic_metadata t;
    t.name = "orders";
    t.id = *protocol::uuid::from_string(k_id_a);
    t.replicas_by_partition = {{0}, {0}};
    t.configs["retention.ms"] = "1000";
    topic_snapshot snap = topic_snapshot().with_topic(std::make_shared<const topic_metadata>(t));
    ASSERT_TRUE(store.save(snap).has_value());

    auto text = read_file_if_exists(dir.path() / "topics.json", 4096);
    EXPECT_EQ(**text,
              std::string(R"({"format_version":1,"topics":[{"name":"orders","id":")") + k_id_a +
                  R"(","replicas":[[0],[0]],"configs":{"retention.ms":"1000"}}]})" + "\n");
    auto loaded = store.load();
    ASSERT_TRUE(loaded.has_value());
    ASSERT_EQ(loaded->size(), 1u);
    EXPECT_EQ(loaded->front(), t);
}

TEST(json_topic_store, corrupt_files_are_errors_not_empty_tables) {
    const std::string a = k_id_a;
    const std::string b = k_id_b;
    const std::string bad_files[] = {
        "",
        "{",
        "[]",
        R"({"topics":[]})",
        R"({"format_version":2,"topics":[]})",
        R"({"format_version":1})",
        R"({"format_version":1,"topics":[{"name":"t","id":")" + a + R"(","replicas":[],"configs":{}}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":")" + a + R"(","replicas":[[]],"configs":{}}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":")" + a + R"(","replicas":[[0],[0,1]],"configs":{}}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":")" + a + R"(","replicas":[[-1]],"configs":{}}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":"AAAAAAAAAAAAAAAAAAAAAA","replicas":[[0]],"configs":{}}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":"short","replicas":[[0]],"configs":{}}]})",
        R"({"format_version":1,"topics":[{"name":"bad name","id":")" + a + R"(","replicas":[[0]],"configs":{}}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":")" + a + R"(","replicas":[[0]],"configs":{"k":1}}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":")" + a + R"(","replicas":[[0]]}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":")" + a + R"(","replicas":[[0]],"configs":{}},)"
        R"({"name":"t","id":")" + b + R"(","replicas":[[0]],"configs":{}}]})",
        R"({"format_version":1,"topics":[{"name":"t","id":")" + a + R"(","replicas":[[0]],"configs":{}},)"
        R"({"name":"u","id":")" + a + R"(","replicas":[[0]],"configs":{}}]})",
    };
    for (const auto& text : bad_files) {
        testing::temp_dir dir;
        write_topics_file(dir.path(), text);
        json_topic_store store(dir.path());
        auto loaded = store.load();
        ASSERT_FALSE(loaded.has_value()) << text;
        EXPECT_EQ(loaded.error(), error_code::kafka_storage_error) << text;
    }
}

TEST(json_topic_store, refuses_a_file_over_its_limit) {
    testing::temp_dir dir;
    write_topics_file(dir.path(), R"({"format_version":1,"topics":[]})");
    EXPECT_TRUE(json_topic_store(dir.path(), 32).load().has_value());
    EXPECT_FALSE(json_topic_store(dir.path(), 31).load().has_value());
}

}  // namespace
}  // namespace sb::cluster
