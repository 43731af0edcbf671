#pragma once
// Component health for /health, /health/live and /health/ready.
//
// Each component (kafka listener, storage recovery, later raft/controller) reports its
// state with a reason. The broker is ready when every component that gates readiness is
// `ready`. Thread-safe: components report from their own shards; the HTTP server reads.

#include <map>
#include <mutex>
#include <string>

namespace sb::http {

enum class component_state { starting, ready, degraded, failed };

const char* to_string(component_state s);

struct component_health {
    component_state state = component_state::starting;
    std::string reason;
    bool gates_readiness = true;
};

class health_registry {
public:
    void report(const std::string& component, component_state state, std::string reason,
                bool gates_readiness = true);
    std::map<std::string, component_health> snapshot() const;
    bool ready() const;
    // {"status":"ready"|"not_ready","components":{"kafka":{"state":"ready","reason":"..."}}}
    std::string to_json() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, component_health> components_;
};

}  // namespace sb::http
