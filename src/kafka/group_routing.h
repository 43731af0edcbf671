#pragma once
// Getting a group request to its coordinator: the group id hashes to a __consumer_offsets
// partition (groups::partition_for_group, over the topic's partition count), and the
// request hops to that partition's owner shard, where its group_driver runs.
//
// The errors a client gets instead, as Kafka gives them:
//   NOT_COORDINATOR               no __consumer_offsets topic yet (FindCoordinator creates it)
//   COORDINATOR_LOAD_IN_PROGRESS  the partition's driver is not loaded yet (or is stopping)

#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "cluster/cross_shard.h"
#include "kafka/group_service.h"
#include "kafka/groups/coordinator_partition.h"
#include "kafka/request_context.h"

namespace sb::kafka {

// Runs fn(driver) on the coordinator's shard, or returns on_error(code).
template <class T>
boost::asio::awaitable<T> on_group_coordinator(const request_context& ctx, const std::string& group_id,
                                               std::function<boost::asio::awaitable<T>(group_driver&)> fn,
                                               std::function<T(error_code)> on_error) {
    group_service& service = *ctx.services.broker->groups;
    auto topic = service.offsets_topic();
    if (!topic || topic->partition_count() == 0) co_return on_error(error_code::not_coordinator);
    const cluster::partition_id id{topic->id, groups::partition_for_group(group_id, topic->partition_count())};
    const unsigned owner = service.partitions().owner_of(id);
    std::function<boost::asio::awaitable<T>()> job = [&service, &fn, &on_error, owner,
                                                      id]() -> boost::asio::awaitable<T> {
        group_driver* driver = service.find(owner, id);
        if (driver == nullptr || !driver->loaded()) co_return on_error(error_code::coordinator_load_in_progress);
        auto running = fn(*driver);
        co_return co_await std::move(running);
    };
    auto hop = cluster::run_on<T>(service.partitions().executor(owner), std::move(job));
    co_return co_await std::move(hop);
}

// The client's address as Kafka shows it in DescribeGroups: "/" and the host of "host:port".
inline std::string client_host_of(std::string_view peer) {
    const auto colon = peer.rfind(':');
    std::string_view host = colon == std::string_view::npos ? peer : peer.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return "/" + std::string(host);
}

}  // namespace sb::kafka
