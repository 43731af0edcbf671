#pragma once
// group_inspector: what operators want to know about the consumer groups of this broker,
// as plain structs - for the admin HTTP API (/v1/groups) and the consumer lag metrics.
//
//   kafka::group_inspector inspect(services);          // services: kafka::broker_services
//   auto all = co_await inspect.groups();              // every group, by group id
//   auto one = co_await inspect.group("my-group");     // nullopt: no such group
//
// Each group_overview is one group as its coordinator holds it now, with every partition
// it has committed offsets for and that partition's lag:
//   lag = high watermark - committed offset (never negative), or -1 when the partition no
//   longer exists (its topic was deleted).
// A member's assignment is decoded from the ConsumerProtocolAssignment its leader sent
// (topic -> partitions); it is empty unless the group is Stable with protocol type
// "consumer".
//
// Threading: call from any shard's event loop (the admin server runs on shard 0); the
// calls hop to the shards that own the coordinators and partitions and come back. Groups
// of coordinators still loading are left out.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "kafka/broker_services.h"

namespace sb::kafka {

struct partition_lag {
    std::string topic;
    int32_t partition = 0;
    int64_t committed_offset = -1;
    int64_t high_watermark = -1;  // -1: the partition does not exist
    int64_t lag = -1;             // -1: unknown (no such partition)
    friend bool operator==(const partition_lag&, const partition_lag&) = default;
};

struct member_overview {
    std::string member_id;
    std::optional<std::string> group_instance_id;  // static members only
    std::string client_id;
    std::string client_host;
    std::map<std::string, std::vector<int32_t>> assignment;  // topic -> partitions, ascending
};

struct group_overview {
    std::string group_id;
    std::string state;          // "Empty", "PreparingRebalance", "CompletingRebalance", "Stable"
    std::string protocol_type;  // "" when none (a group that only commits offsets)
    std::string protocol_name;  // the assignor; "" unless Stable
    int32_t generation_id = 0;
    std::vector<member_overview> members;  // in the order they joined
    std::vector<partition_lag> offsets;    // by topic, then partition
    int64_t max_lag = 0;                   // the largest known lag, 0 when none
};

class group_inspector {
public:
    explicit group_inspector(std::shared_ptr<broker_services> services) : services_(std::move(services)) {}

    // Every group of every loaded coordinator, ordered by group id.
    boost::asio::awaitable<std::vector<group_overview>> groups() const;
    // One group; nullopt when no loaded coordinator has it.
    boost::asio::awaitable<std::optional<group_overview>> group(std::string group_id) const;

private:
    std::shared_ptr<broker_services> services_;
};

}  // namespace sb::kafka
