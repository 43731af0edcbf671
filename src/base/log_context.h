#pragma once
// What a log line is about beyond its component: the topic, the partition, the client.
// JSON lines carry them as fields ("topic", "partition", "client_id") that a log pipeline
// can filter on; text lines leave them to the message, which names them already.
//
// The context lives on the logging thread for one call of log_about, never across a
// co_await: a shard's thread runs many coroutines, and one's context must not reach
// another's lines. The sink formats synchronously, on the thread that logs, so the
// formatter (logging.cc) reads the context of the line it formats.

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include <spdlog/spdlog.h>

namespace sb::logging {

struct log_context {
    std::string_view topic;             // empty: the line is about no one topic
    std::optional<int32_t> partition;   // of `topic`
    std::string_view client_id;         // empty: no client, or it sent no client id
};

namespace detail {
// The context of the line being logged on this thread, or null.
const log_context*& current_context();
}  // namespace detail

// Logs one line about `context` (when `level` is enabled for `logger`).
template <class... Args>
void log_about(spdlog::logger& logger, spdlog::level::level_enum level, const log_context& context,
               spdlog::format_string_t<Args...> format, Args&&... args) {
    if (!logger.should_log(level)) return;
    const log_context*& current = detail::current_context();
    const log_context* outer = current;
    current = &context;
    logger.log(level, format, std::forward<Args>(args)...);
    current = outer;
}

}  // namespace sb::logging
