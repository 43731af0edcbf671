#include "kafka/topic_auto_creation.h"

#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/log_context.h"
#include "base/logging.h"
#include "cluster/topic_name.h"
#include "kafka/topic_lifecycle.h"

namespace sb::kafka {

boost::asio::awaitable<std::shared_ptr<const cluster::topic_snapshot>> topics_for_request(
    const request_context& ctx, const std::vector<std::string>& names, bool allowed) {
    auto topics = ctx.topics.snapshot();
    if (!ctx.config.auto_create_topics_enable || !allowed) co_return topics;
    std::set<std::string> missing;
    for (const auto& name : names) {
        // Internal topics belong to their coordinators, which create them with their own
        // settings (__consumer_offsets: the group service).
        if (cluster::is_internal_topic(name)) continue;
        if (!topics->find(name) && cluster::validate_topic_name(name)) missing.insert(name);
    }
    if (missing.empty()) co_return topics;
    auto create_all = [&ctx, &missing]() -> boost::asio::awaitable<bool> {
        for (const auto& name : missing) {
            cluster::topic_creation_request request;
            request.name = name;
            auto creating = create_topic(ctx, request, false);
            auto created = co_await std::move(creating);
            // Another request may have created it meanwhile: that is fine too.
            sb::logging::log_about(*sb::logging::get("kafka"), spdlog::level::info, {name, {}, ctx.client_id},
                                   "auto-creating topic {} for {} (client {}): {}", name, ctx.peer, ctx.client_id,
                                   created ? "created" : error_name(created.error().code));
        }
        co_return true;
    };
    auto hop = boost::asio::co_spawn(ctx.services.broker->partitions->executor(0), create_all(),
                                     boost::asio::use_awaitable);
    co_await std::move(hop);
    co_return ctx.topics.snapshot();
}

}  // namespace sb::kafka
