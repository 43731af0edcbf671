#include "kafka/broker_services.h"

namespace sb::kafka {

int64_t delayed_request_gauges::total_fetches() const {
    int64_t sum = 0;
    for (const auto& l : lines_) sum += l.fetches.load(std::memory_order_relaxed);
    return sum;
}

int64_t delayed_request_gauges::total_produces() const {
    int64_t sum = 0;
    for (const auto& l : lines_) sum += l.produces.load(std::memory_order_relaxed);
    return sum;
}

}  // namespace sb::kafka
