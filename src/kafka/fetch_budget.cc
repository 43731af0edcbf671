#include "kafka/fetch_budget.h"

#include "cluster/cross_shard.h"

namespace sb::kafka {

boost::asio::awaitable<uint64_t> apply_fetch_budget(broker_services& services, std::vector<fetch_item>& items,
                                                     int64_t max_bytes) {
    int64_t remaining = max_bytes;
    bool first_with_data = true;
    uint64_t kept = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        fetch_item& item = items[i];
        if (item.size_bytes == 0) continue;
        const auto size = static_cast<int64_t>(item.size_bytes);
        if (first_with_data || (!item.larger_than_limit && size <= remaining)) {
            first_with_data = false;
            remaining -= size;
            kept += item.size_bytes;
            continue;
        }
        // Read more than fits now (its shard did not know what the others took).
        const bool reread = !item.larger_than_limit && remaining > 0;
        item.clear_records();
        if (!reread) continue;
        const unsigned owner = services.partitions->owner_of(item.id);
        const int64_t budget = remaining;
        std::function<boost::asio::awaitable<bool>()> again = [&services, &items, owner, i,
                                                              budget]() -> boost::asio::awaitable<bool> {
            const std::vector<std::size_t> one{i};
            auto reading = read_on_owner(services, owner, items, one, budget, false);
            co_await std::move(reading);
            co_return true;
        };
        auto hop = cluster::run_on<bool>(services.partitions->executor(owner), std::move(again));
        co_await std::move(hop);
        remaining -= static_cast<int64_t>(item.size_bytes);
        kept += item.size_bytes;
    }
    co_return kept;
}

}  // namespace sb::kafka
