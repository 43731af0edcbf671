#include "kafka/topic_lifecycle.h"

#include "base/logging.h"
#include "cluster/partition_config.h"
#include "kafka/group_service.h"

namespace sb::kafka {
namespace {

// Each partition of __consumer_offsets is a group coordinator. A client may create the
// topic or add partitions to it, as Kafka's broker allows: their coordinators start (and
// load) as the broker's own do; those already running are left alone.
boost::asio::awaitable<void> start_group_coordinators(const request_context& ctx,
                                                      const std::shared_ptr<const cluster::topic_metadata>& topic) {
    if (topic->name != k_offsets_topic || !ctx.services.broker->groups) co_return;
    auto starting = ctx.services.broker->groups->start(topic);
    co_await std::move(starting);
}

}  // namespace

boost::asio::awaitable<topic_change_result> create_topic(const request_context& ctx,
                                                  const cluster::topic_creation_request& request, bool validate_only) {
    auto creating = create_topic(ctx.topics, *ctx.services.broker->partitions, ctx.config, request, validate_only);
    auto created = co_await std::move(creating);
    if (created && !validate_only) {
        auto starting = start_group_coordinators(ctx, *created);
        co_await std::move(starting);
    }
    co_return created;
}

boost::asio::awaitable<topic_change_result> create_topic(cluster::topic_table& topics,
                                                  cluster::partition_manager& partitions, const broker_config& config,
                                                  const cluster::topic_creation_request& request, bool validate_only) {
    const int32_t live_brokers[] = {config.node_id};
    auto plan = cluster::plan_topic_creation(request, *topics.snapshot(), config.topic_creation, live_brokers);
    if (!plan) co_return sb::unexpected(std::move(plan).error());
    // Checked on their own above; with the broker's defaults under them (values that do
    // not go together, min.compaction.lag.ms over a default max) the partitions could not run.
    if (auto effective = cluster::validate_topic_configs(plan->configs, *partitions.topic_defaults()); !effective) {
        co_return sb::unexpected(std::move(effective).error());
    }
    if (validate_only) co_return std::make_shared<const cluster::topic_metadata>(std::move(*plan));
    auto creating = topics.create_topic(std::move(*plan));
    auto created = co_await std::move(creating);
    if (!created) co_return sb::unexpected(std::move(created).error());
    auto opening = partitions.create_partitions(*created);
    auto opened = co_await std::move(opening);
    if (!opened) {
        sb::logging::get("kafka")->error("topic {} was created but its partitions could not be opened",
                                         (*created)->name);
        co_return sb::unexpected(cluster::topic_error{error_code::kafka_storage_error,
                                                      "The topic's partitions could not be created on disk."});
    }
    co_return *created;
}

boost::asio::awaitable<topic_change_result> add_partitions(const request_context& ctx, std::string name,
                                                           cluster::partition_growth_request request,
                                                           bool validate_only) {
    const int32_t live_brokers[] = {ctx.config.node_id};  // this broker alone, until replication
    const cluster::topic_creation_policy& policy = ctx.config.topic_creation;
    const auto topics = ctx.topics.snapshot();
    const cluster::topic_metadata* found = topics->find(name);
    if (!found) co_return sb::unexpected(cluster::topic_error{error_code::unknown_topic_or_partition, ""});
    if (validate_only) {
        auto plan = cluster::plan_partition_growth(*found, request, policy, live_brokers);
        if (!plan) co_return sb::unexpected(std::move(plan).error());
        co_return std::make_shared<const cluster::topic_metadata>(std::move(*plan));
    }
    // Checked again in the table's turn: another change may come first.
    cluster::topic_table::topic_change grow = [&](const cluster::topic_metadata& current) {
        return cluster::plan_partition_growth(current, request, policy, live_brokers);
    };
    auto growing = ctx.topics.change_partitions(found->id, std::move(grow));
    auto grown = co_await std::move(growing);
    if (!grown) {
        if (grown.error().code != error_code::unknown_topic_id) co_return sb::unexpected(std::move(grown).error());
        co_return sb::unexpected(cluster::topic_error{error_code::unknown_topic_or_partition, ""});  // deleted meanwhile
    }
    auto opening = ctx.services.broker->partitions->create_partitions(*grown);
    auto opened = co_await std::move(opening);
    if (!opened) {
        sb::logging::get("kafka")->error("topic {} has new partitions but they could not be opened", name);
        co_return sb::unexpected(cluster::topic_error{error_code::kafka_storage_error,
                                                      "The new partitions could not be created on disk."});
    }
    auto starting = start_group_coordinators(ctx, *grown);
    co_await std::move(starting);
    co_return *grown;
}

boost::asio::awaitable<topic_change_result> delete_topic(const request_context& ctx, const protocol::uuid& id) {
    auto deleting = ctx.topics.delete_topic(id);
    auto deleted = co_await std::move(deleting);
    if (!deleted) co_return sb::unexpected(std::move(deleted).error());
    auto removing = ctx.services.broker->partitions->remove_partitions(*deleted);
    co_await std::move(removing);
    co_return *deleted;
}

boost::asio::awaitable<topic_change_result> set_topic_configs(const request_context& ctx, const protocol::uuid& id,
                                                       cluster::topic_configs configs, bool validate_only) {
    const auto snapshot = ctx.topics.snapshot();
    const cluster::topic_metadata* current = snapshot->find(id);
    if (!current) {
        co_return sb::unexpected(cluster::topic_error{error_code::unknown_topic_id,
                                                      std::string(error_message(error_code::unknown_topic_id))});
    }
    // The values were checked on their own; with the broker's defaults under them they
    // must still give every partition settings it can run with.
    const auto defaults = ctx.services.broker->partitions->topic_defaults();
    if (auto effective = cluster::validate_topic_configs(configs, *defaults); !effective) {
        co_return sb::unexpected(std::move(effective).error());
    }
    if (validate_only) {
        cluster::topic_metadata would_be = *current;
        would_be.configs = std::move(configs);
        co_return std::make_shared<const cluster::topic_metadata>(std::move(would_be));
    }
    auto changing = ctx.topics.set_topic_configs(id, std::move(configs));
    auto changed = co_await std::move(changing);
    if (!changed) co_return sb::unexpected(std::move(changed).error());
    auto updating = ctx.services.broker->partitions->update_configs(*changed);
    if (auto updated = co_await std::move(updating); !updated) {
        co_return sb::unexpected(cluster::topic_error{error_code::kafka_storage_error,
                                                      "The new configs were stored but the partitions cannot run with them."});
    }
    co_return *changed;
}

}  // namespace sb::kafka
