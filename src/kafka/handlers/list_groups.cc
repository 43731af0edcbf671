// ListGroups (key 16), v0-5: every group of every coordinator on this broker, ordered by
// group id. v4+ filters by state (any case); v5+ by type, where every group here is a
// "classic" group. While some coordinator is still loading, the answer carries
// COORDINATOR_LOAD_IN_PROGRESS and the groups of the others, as Kafka's does.

#include <algorithm>

#include <boost/algorithm/string/predicate.hpp>

#include "cluster/cross_shard.h"
#include "kafka/group_service.h"
#include "kafka/handlers/handlers.h"
#include "protocol/messages/list_groups.h"
#include "protocol/reader.h"

namespace sb::kafka::handlers {
namespace {

constexpr std::string_view k_classic_group_type = "classic";

struct shard_listing {
    bool loading = false;
    std::vector<groups::group_listing> groups;
};

bool type_wanted(const std::vector<std::string>& types) {
    if (types.empty()) return true;
    return std::any_of(types.begin(), types.end(),
                       [](const std::string& t) { return boost::algorithm::iequals(t, k_classic_group_type); });
}

}  // namespace

boost::asio::awaitable<sb::result<handler_output>> list_groups(const request_context& ctx, protocol::reader& body) {
    protocol::list_groups_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) co_return sb::unexpected(decoded.error());
    group_service& service = *ctx.services.broker->groups;
    std::vector<cluster::shard_job<shard_listing>> jobs;
    for (unsigned shard = 0; shard < service.partitions().shard_count(); ++shard) {
        jobs.push_back({service.partitions().executor(shard),
                        [&service, &request, shard]() -> boost::asio::awaitable<shard_listing> {
                            shard_listing out;
                            for (group_driver* d : service.drivers_on(shard)) {
                                if (!d->loaded()) {
                                    out.loading = true;
                                    continue;
                                }
                                auto listed = d->coordinator().list_groups(request.states_filter);
                                out.groups.insert(out.groups.end(), listed.begin(), listed.end());
                            }
                            co_return out;
                        }});
    }
    auto listing = cluster::run_on_each(std::move(jobs));
    auto shards = co_await std::move(listing);
    std::vector<groups::group_listing> all;
    bool loading = false;
    for (auto& s : shards) {
        loading = loading || s.loading;
        all.insert(all.end(), s.groups.begin(), s.groups.end());
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.group_id < b.group_id; });

    protocol::list_groups_response response;
    response.throttle_time_ms = 0;
    const error_code error = loading ? error_code::coordinator_load_in_progress : error_code::none;
    response.error_code = to_wire(error);
    if (type_wanted(request.types_filter)) {
        for (auto& g : all) {
            auto& out = response.groups.emplace_back();
            out.group_id = std::move(g.group_id);
            out.protocol_type = std::move(g.protocol_type);
            out.group_state = std::move(g.state);
            out.group_type = std::string(k_classic_group_type);
        }
    }
    co_return encoded(response, ctx.api_version, error);
}

}  // namespace sb::kafka::handlers
