#include "kafka/topic_lifecycle.h"

#include "base/logging.h"

namespace sb::kafka {

boost::asio::awaitable<topic_change_result> create_topic(const request_context& ctx,
                                                  const cluster::topic_creation_request& request, bool validate_only) {
    const int32_t live_brokers[] = {ctx.config.node_id};
    auto plan = cluster::plan_topic_creation(request, *ctx.topics.snapshot(), ctx.config.topic_creation, live_brokers);
    if (!plan) co_return sb::unexpected(std::move(plan).error());
    if (validate_only) co_return std::make_shared<const cluster::topic_metadata>(std::move(*plan));
    auto created = ctx.topics.create_topic(std::move(*plan));
    if (!created) co_return sb::unexpected(std::move(created).error());
    auto opening = ctx.services.broker->partitions->create_partitions(*created);
    auto opened = co_await std::move(opening);
    if (!opened) {
        sb::logging::get("kafka")->error("topic {} was created but its partitions could not be opened",
                                         (*created)->name);
        co_return sb::unexpected(cluster::topic_error{error_code::kafka_storage_error,
                                                      "The topic's partitions could not be created on disk."});
    }
    co_return *created;
}

boost::asio::awaitable<topic_change_result> delete_topic(const request_context& ctx, const protocol::uuid& id) {
    auto deleted = ctx.topics.delete_topic(id);
    if (!deleted) co_return sb::unexpected(std::move(deleted).error());
    auto removing = ctx.services.broker->partitions->remove_partitions(*deleted);
    co_await std::move(removing);
    co_return *deleted;
}

}  // namespace sb::kafka
