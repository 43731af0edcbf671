#include "http/health.h"

#include <boost/json.hpp>

namespace sb::http {

const char* to_string(component_state s) {
    switch (s) {
        case component_state::starting: return "starting";
        case component_state::ready: return "ready";
        case component_state::degraded: return "degraded";
        case component_state::failed: return "failed";
    }
    return "unknown";
}

void health_registry::report(const std::string& component, component_state state, std::string reason,
                             bool gates_readiness) {
    std::lock_guard lock(mutex_);
    components_[component] = component_health{state, std::move(reason), gates_readiness};
}

std::map<std::string, component_health> health_registry::snapshot() const {
    std::lock_guard lock(mutex_);
    return components_;
}

bool health_registry::ready() const {
    std::lock_guard lock(mutex_);
    if (components_.empty()) return false;
    for (const auto& [name, h] : components_) {
        if (h.gates_readiness && h.state != component_state::ready) return false;
    }
    return true;
}

std::string health_registry::to_json() const {
    boost::json::object components;
    for (const auto& [name, h] : snapshot()) {
        components[name] = {{"state", to_string(h.state)}, {"reason", h.reason}, {"gates_readiness", h.gates_readiness}};
    }
    boost::json::object root{{"status", ready() ? "ready" : "not_ready"}, {"components", std::move(components)}};
    return boost::json::serialize(root);
}

}  // namespace sb::http
