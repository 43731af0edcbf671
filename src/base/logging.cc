#include "base/logging.h"

#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace sb::logging {
namespace {

std::mutex g_mutex;
spdlog::sink_ptr g_sink;
spdlog::level::level_enum g_level = spdlog::level::info;

// %* : the message text escaped for a JSON string (quotes, backslashes, control bytes).
class json_escaped_message final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        for (char c : msg.payload) {
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
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<json_escaped_message>();
    }
};

constexpr const char* k_json_pattern =
    R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","component":"%n","thread":%t,"message":"%*"})";
constexpr const char* k_text_pattern = "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v";

spdlog::sink_ptr sink_locked() {
    if (!g_sink) g_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    return g_sink;
}

}  // namespace

void init(format fmt, std::string_view level) {
    std::lock_guard lock(g_mutex);
    g_level = spdlog::level::from_str(std::string(level));
    auto sink = sink_locked();
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<json_escaped_message>('*');
    formatter->set_pattern(fmt == format::json ? k_json_pattern : k_text_pattern);
    sink->set_formatter(std::move(formatter));
    auto main = std::make_shared<spdlog::logger>("streambus", sink);
    spdlog::set_default_logger(main);
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { l->set_level(g_level); });
}

std::shared_ptr<spdlog::logger> get(const std::string& component) {
    std::lock_guard lock(g_mutex);
    if (auto existing = spdlog::get(component)) return existing;
    auto logger = std::make_shared<spdlog::logger>(component, sink_locked());
    logger->set_level(g_level);
    spdlog::register_logger(logger);
    return logger;
}

bool set_level(std::string_view level) {
    auto parsed = spdlog::level::from_str(std::string(level));
    if (parsed == spdlog::level::off && level != "off") return false;
    std::lock_guard lock(g_mutex);
    g_level = parsed;
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { l->set_level(parsed); });
    return true;
}

}  // namespace sb::logging
