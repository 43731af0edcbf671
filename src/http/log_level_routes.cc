#include "http/log_level_routes.h"

#include <algorithm>

#include <boost/json.hpp>

#include "base/logging.h"

namespace sb::http {
namespace json = boost::json;

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string levels_document() {
    json::object components;
    for (const auto& [name, level] : logging::component_levels()) components[name] = level;
    return json::serialize(json::object{{"level", logging::level()}, {"components", std::move(components)}});
}

// Applies a PUT body; an error answer when it names nothing we can apply.
std::optional<response> apply_levels(const std::string& body, const level_listener& on_level_set) {
    boost::system::error_code ec;
    json::value doc = json::parse(body, ec);
    if (ec || !doc.is_object()) {
        return json_error(400, "bad_request", R"(the body must be a JSON object such as {"level":"debug"})");
    }
    const json::object& fields = doc.as_object();
    for (const auto& field : fields) {
        if (field.key() != "level" && field.key() != "component") {
            return json_error(400, "bad_request",
                              "unknown field '" + std::string(field.key()) + "'; the fields are level and component");
        }
    }
    const json::value* level = fields.if_contains("level");
    if (level == nullptr || !level->is_string()) {
        return json_error(400, "invalid_level", "level is required and must be one of " +
                                                    joined(logging::level_names()));
    }
    const std::string level_name(level->as_string());
    const auto& names = logging::level_names();
    if (std::find(names.begin(), names.end(), level_name) == names.end()) {
        return json_error(400, "invalid_level",
                          "'" + level_name + "' is not a log level; use one of " + joined(names));
    }
    const json::value* component = fields.if_contains("component");
    if (component == nullptr) {
        logging::set_level(level_name);
        if (on_level_set) on_level_set(level_name);
        logging::get("http")->info("log level set to {} for every component", level_name);
        return std::nullopt;
    }
    std::vector<std::string> known;
    for (const auto& [name, current] : logging::component_levels()) known.push_back(name);
    const std::string component_name = component->is_string() ? std::string(component->as_string()) : "";
    if (std::find(known.begin(), known.end(), component_name) == known.end()) {
        return json_error(400, "invalid_component",
                          "'" + (component->is_string() ? component_name : json::serialize(*component)) +
                              "' is not a component; use one of " + joined(known));
    }
    logging::set_component_level(component_name, level_name);
    logging::get("http")->info("log level of {} set to {}", component_name, level_name);
    return std::nullopt;
}

}  // namespace

void register_log_level_routes(admin_server& server, level_listener on_level_set) {
    server.add_route("GET", "/v1/log-level", [](const request&) -> boost::asio::awaitable<response> {
        co_return json_ok(levels_document());
    });
    server.add_route("PUT", "/v1/log-level",
                     [on_level_set = std::move(on_level_set)](const request& req) -> boost::asio::awaitable<response> {
        if (auto refused = apply_levels(req.body, on_level_set)) co_return *refused;
        co_return json_ok(levels_document());
    });
}

}  // namespace sb::http
