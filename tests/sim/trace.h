#pragma once
// trace: the --verbose narration of a simulated run, one line per event, prefixed by the
// step it happened at. Silent (and nearly free) unless enabled.

#include <cstdint>
#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace sb::raft::sim {

class trace {
public:
    explicit trace(bool enabled) : enabled_(enabled) {}

    bool enabled() const { return enabled_; }
    void set_step(int64_t step) { step_ = step; }
    int64_t step() const { return step_; }

    template <class... Args>
    void line(fmt::format_string<Args...> format, Args&&... args) {
        if (!enabled_) return;
        std::string text = fmt::format(format, std::forward<Args>(args)...);
        std::fprintf(stdout, "[%6lld] %s\n", static_cast<long long>(step_), text.c_str());
    }

private:
    bool enabled_;
    int64_t step_ = 0;
};

}  // namespace sb::raft::sim
