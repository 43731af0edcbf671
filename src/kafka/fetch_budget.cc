#include "kafka/fetch_budget.h"

namespace sb::kafka {

uint64_t apply_fetch_budget(std::vector<fetch_item>& items, int64_t max_bytes) {
    int64_t remaining = max_bytes;
    bool first_with_data = true;
    uint64_t kept = 0;
    for (fetch_item& item : items) {
        if (item.size_bytes == 0) continue;
        const auto size = static_cast<int64_t>(item.size_bytes);
        if (!first_with_data && (item.larger_than_limit || size > remaining)) {
            item.clear_records();
            continue;
        }
        first_with_data = false;
        remaining -= size;
        kept += item.size_bytes;
    }
    return kept;
}

}  // namespace sb::kafka
