#include "base/logging.h"
#include "base/log_context.h"

#include <algorithm>
#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace sb::logging {
namespace {

std::mutex g_mutex;
spdlog::sink_ptr g_sink;
spdlog::level::level_enum g_level = spdlog::level::info;
// Components whose level was set on its own (PUT /v1/log-level with a component).
std::map<std::string, spdlog::level::level_enum> g_component_levels;

// Appends `text` escaped for a JSON string (quotes, backslashes, control bytes).
void append_json_escaped(std::string_view text, spdlog::memory_buf_t& dest) {
    for (char c : text) {
        switch (c) {
            case '"': dest.append(std::string_view("\\\"")); break;
            case '\\': dest.append(std::string_view("\\\\")); break;
            case '\n': dest.append(std::string_view("\\n")); break;
            case '\r': dest.append(std::string_view("\\r")); break;
            case '\t': dest.append(std::string_view("\\t")); break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    fmt::format_to(std::back_inserter(dest), "\\u{:04x}", static_cast<unsigned>(c));
                } else {
                    dest.push_back(c);
                }
        }
    }
}

// %* : the message text escaped for a JSON string.
class json_escaped_message final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        append_json_escaped(std::string_view(msg.payload.data(), msg.payload.size()), dest);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<json_escaped_message>();
    }
};

// %& : the fields of the line's log_context that are set, each as `,"name":value`.
class json_context_fields final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
        const log_context* context = detail::current_context();
        if (context == nullptr) return;
        if (!context->topic.empty()) {
            dest.append(std::string_view(",\"topic\":\""));
            append_json_escaped(context->topic, dest);
            dest.push_back('"');
        }
        if (context->partition) fmt::format_to(std::back_inserter(dest), ",\"partition\":{}", *context->partition);
        if (!context->client_id.empty()) {
            dest.append(std::string_view(",\"client_id\":\""));
            append_json_escaped(context->client_id, dest);
            dest.push_back('"');
        }
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<json_context_fields>();
    }
};

constexpr const char* k_json_pattern =
    R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","component":"%n","thread":%t%&,"message":"%*"})";
constexpr const char* k_text_pattern = "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v";
// The process-wide default logger (spdlog::info(...)); not a component.
constexpr const char* k_default_logger = "streambus";

spdlog::sink_ptr sink_locked() {
    if (!g_sink) g_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    return g_sink;
}

void set_format_locked(format fmt) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<json_escaped_message>('*');
    formatter->add_flag<json_context_fields>('&');
    formatter->set_pattern(fmt == format::json ? k_json_pattern : k_text_pattern);
    sink_locked()->set_formatter(std::move(formatter));
}

// spdlog::level::from_str answers `off` for any name it does not know.
std::optional<spdlog::level::level_enum> parse_level(std::string_view level) {
    const auto& names = level_names();
    if (std::find(names.begin(), names.end(), level) == names.end()) return std::nullopt;
    return spdlog::level::from_str(std::string(level));
}

spdlog::level::level_enum level_of_locked(const std::string& component) {
    auto it = g_component_levels.find(component);
    return it == g_component_levels.end() ? g_level : it->second;
}

std::string name_of(spdlog::level::level_enum l) {
    auto sv = spdlog::level::to_string_view(l);
    std::string out(sv.data(), sv.size());
    return out == "warning" ? "warn" : out;
}

}  // namespace

namespace detail {
const log_context*& current_context() {
    thread_local const log_context* context = nullptr;
    return context;
}
}  // namespace detail

void init(format fmt, std::string_view level) {
    std::lock_guard lock(g_mutex);
    g_level = parse_level(level).value_or(spdlog::level::info);
    g_component_levels.clear();
    set_format_locked(fmt);
    auto main = std::make_shared<spdlog::logger>(k_default_logger, sink_locked());
    spdlog::set_default_logger(main);
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { l->set_level(g_level); });
}

void set_format(format fmt) {
    std::lock_guard lock(g_mutex);
    set_format_locked(fmt);
}

std::shared_ptr<spdlog::logger> get(const std::string& component) {
    std::lock_guard lock(g_mutex);
    if (auto existing = spdlog::get(component)) return existing;
    auto logger = std::make_shared<spdlog::logger>(component, sink_locked());
    logger->set_level(level_of_locked(component));
    spdlog::register_logger(logger);
    return logger;
}

const std::vector<std::string>& level_names() {
    static const std::vector<std::string> names = {"trace", "debug", "info", "warn", "error", "critical", "off"};
    return names;
}

const std::vector<std::string>& component_names() {
    static const std::vector<std::string> names = {"app",  "cluster", "groups", "http",
                                                   "kafka", "net",    "raft",   "storage"};
    return names;
}

bool set_level(std::string_view level) {
    auto parsed = parse_level(level);
    if (!parsed) return false;
    std::lock_guard lock(g_mutex);
    g_level = *parsed;
    g_component_levels.clear();
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { l->set_level(*parsed); });
    return true;
}

bool set_component_level(const std::string& component, std::string_view level) {
    auto parsed = parse_level(level);
    if (!parsed) return false;
    std::lock_guard lock(g_mutex);
    g_component_levels[component] = *parsed;
    if (auto existing = spdlog::get(component)) existing->set_level(*parsed);
    return true;
}

std::string level() {
    std::lock_guard lock(g_mutex);
    return name_of(g_level);
}

std::map<std::string, std::string> component_levels() {
    std::lock_guard lock(g_mutex);
    std::map<std::string, std::string> out;
    for (const auto& c : component_names()) out[c] = name_of(level_of_locked(c));
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) {
        if (l->name() != k_default_logger && !l->name().empty()) out[l->name()] = name_of(l->level());
    });
    return out;
}

}  // namespace sb::logging
