#pragma once
// Splits the partitions of a request by owner shard and runs each shard's share on that
// shard, all shards at once (cluster/cross_shard.h). `work(shard, indexes)` gets the
// positions (in the caller's vector) of the partitions that shard owns; it may read and
// write those elements only - each element is touched by exactly one shard, so no
// element is shared. Returns once every shard is done.

#include <cstddef>
#include <functional>
#include <map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "cluster/cross_shard.h"
#include "cluster/partition_manager.h"

namespace sb::kafka {

using shard_work = std::function<boost::asio::awaitable<void>(unsigned shard, std::vector<std::size_t> indexes)>;

// `ids[i]` is the partition of element i; elements whose `skip[i]` is set are left out.
inline boost::asio::awaitable<void> run_on_owners(cluster::partition_manager& partitions,
                                                  const std::vector<cluster::partition_id>& ids,
                                                  const std::vector<bool>& skip, shard_work work) {
    std::map<unsigned, std::vector<std::size_t>> by_shard;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!skip[i]) by_shard[partitions.owner_of(ids[i])].push_back(i);
    }
    std::vector<cluster::shard_job<bool>> jobs;
    for (auto& [shard, indexes] : by_shard) {
        jobs.push_back({partitions.executor(shard),
                        [shard = shard, indexes = std::move(indexes), &work]() -> boost::asio::awaitable<bool> {
                            auto done = work(shard, indexes);
                            co_await std::move(done);
                            co_return true;
                        }});
    }
    auto all = cluster::run_on_each(std::move(jobs));
    co_await std::move(all);
}

}  // namespace sb::kafka
