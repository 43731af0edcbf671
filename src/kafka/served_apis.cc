#include "kafka/served_apis.h"

#include <algorithm>

#include "kafka/handlers/handlers.h"

namespace sb::kafka {
namespace {

// Sorted by key. Each max is the codec's newest stable version for that API (checked by
// the unit tests against protocol::find_api).
constexpr served_api k_served[] = {
    {3, 0, 12, &handlers::metadata, api_shard::connection},
    {18, 0, 4, &handlers::api_versions, api_shard::connection},
    {19, 0, 7, &handlers::create_topics, api_shard::controller},
    {20, 0, 6, &handlers::delete_topics, api_shard::controller},
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
