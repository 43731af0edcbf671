#include "kafka/served_apis.h"

#include <algorithm>

#include "kafka/handlers/handlers.h"

namespace sb::kafka {
namespace {

// Sorted by key. Each max is the codec's newest stable version for that API (checked by
// the unit tests against protocol::find_api). Minimums: API-VERSIONS.md section 2 -
// Produce advertises 0 (served from 3), Fetch starts at 4 and ListOffsets at 1, the
// oldest versions any client we target sends (Kafka 4.0 has the same minimums).
constexpr served_api k_served[] = {
    {0, 0, 11, nullptr, &handlers::produce, api_shard::connection, 3},
    {1, 4, 17, nullptr, &handlers::fetch, api_shard::connection, 4},
    {2, 1, 10, nullptr, &handlers::list_offsets, api_shard::connection, 1},
    {3, 0, 12, nullptr, &handlers::metadata, api_shard::connection, 0},
    {8, 0, 9, nullptr, &handlers::offset_commit, api_shard::connection, 0},
    {9, 0, 9, nullptr, &handlers::offset_fetch, api_shard::connection, 0},
    {10, 0, 6, nullptr, &handlers::find_coordinator, api_shard::connection, 0},
    {11, 0, 9, nullptr, &handlers::join_group, api_shard::connection, 0},
    {12, 0, 4, nullptr, &handlers::heartbeat, api_shard::connection, 0},
    {13, 0, 5, nullptr, &handlers::leave_group, api_shard::connection, 0},
    {14, 0, 5, nullptr, &handlers::sync_group, api_shard::connection, 0},
    {15, 0, 5, nullptr, &handlers::describe_groups, api_shard::connection, 0},
    {16, 0, 5, nullptr, &handlers::list_groups, api_shard::connection, 0},
    {18, 0, 4, &handlers::api_versions, nullptr, api_shard::connection, 0},
    {19, 0, 7, nullptr, &handlers::create_topics, api_shard::controller, 0},
    {20, 0, 6, nullptr, &handlers::delete_topics, api_shard::controller, 0},
    {21, 0, 2, nullptr, &handlers::delete_records, api_shard::connection, 0},
    {22, 0, 5, nullptr, &handlers::init_producer_id, api_shard::controller, 0},
    {23, 0, 4, nullptr, &handlers::offset_for_leader_epoch, api_shard::connection, 0},
    {32, 0, 4, nullptr, &handlers::describe_configs, api_shard::connection, 0},
    {33, 0, 2, nullptr, &handlers::alter_configs, api_shard::controller, 0},
    {35, 0, 4, nullptr, &handlers::describe_log_dirs, api_shard::connection, 0},
    {37, 0, 3, nullptr, &handlers::create_partitions, api_shard::controller, 0},
    {42, 0, 2, nullptr, &handlers::delete_groups, api_shard::connection, 0},
    {44, 0, 1, nullptr, &handlers::incremental_alter_configs, api_shard::controller, 0},
    {47, 0, 0, nullptr, &handlers::offset_delete, api_shard::connection, 0},
    {60, 0, 1, &handlers::describe_cluster, nullptr, api_shard::connection, 0},
};

}  // namespace

std::span<const served_api> served_apis() { return k_served; }

const served_api* find_served_api(int16_t api_key) {
    const auto* it = std::lower_bound(std::begin(k_served), std::end(k_served), api_key,
                                      [](const served_api& api, int16_t key) { return api.api_key < key; });
    if (it == std::end(k_served) || it->api_key != api_key) return nullptr;
    return it;
}

}  // namespace sb::kafka
