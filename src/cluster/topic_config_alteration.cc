#include "cluster/topic_config_alteration.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cluster/partition_config.h"
#include "cluster/topic_config_schema.h"

namespace sb::cluster {
namespace {

sb::unexpected<topic_error> refuse(error_code code, std::string message) {
    return sb::unexpected(topic_error{code, std::move(message)});
}

// Kafka's ConfigAdminManager checks, made before any config is looked at: every name at
// most once, and no null value except to delete. `is_delete(i)` says whether entry i
// deletes.
template <class Entry, class IsDelete>
std::optional<topic_error> shape_problem(std::span<const Entry> entries, IsDelete is_delete) {
    std::set<std::string_view> names;
    for (const Entry& e : entries) {
        if (!names.insert(e.name).second) return topic_error{error_code::invalid_request, "Error due to duplicate config keys"};
    }
    std::vector<std::string_view> null_values;
    for (const Entry& e : entries) {
        if (!e.value && !is_delete(e)) null_values.push_back(e.name);
    }
    if (!null_values.empty()) {
        return topic_error{error_code::invalid_request,
                           fmt::format("Null value not supported for : {}", fmt::join(null_values, ", "))};
    }
    return std::nullopt;
}

// Every name is a topic config and the resulting values parse (partition_config.h).
sb::result<topic_configs, topic_error> checked(topic_configs configs, std::span<const std::string_view> names) {
    for (std::string_view name : names) {
        if (!find_topic_config(name)) return refuse(error_code::invalid_config, fmt::format("Unknown topic config name: {}", name));
    }
    if (auto parsed = validate_topic_configs(configs, {}); !parsed) return sb::unexpected(std::move(parsed).error());
    return configs;
}

// A list value's items, empty ones dropped (Kafka's getParts).
std::vector<std::string> list_items(std::string_view value) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= value.size()) {
        const std::size_t comma = std::min(value.find(',', start), value.size());
        if (comma > start) out.emplace_back(value.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

std::string list_operation(const topic_configs& configs, const config_change& change) {
    const auto current = configs.find(change.name);
    std::vector<std::string> items =
        list_items(current != configs.end() ? std::string_view(current->second) : find_topic_config(change.name)->default_value);
    for (std::string& item : list_items(*change.value)) {
        const auto found = std::find(items.begin(), items.end(), item);
        if (change.operation == static_cast<int8_t>(config_operation::append)) {
            if (found == items.end()) items.push_back(std::move(item));
        } else if (found != items.end()) {
            items.erase(found);
        }
    }
    return fmt::format("{}", fmt::join(items, ","));
}

std::string_view operation_name(int8_t op) { return op == static_cast<int8_t>(config_operation::append) ? "APPEND" : "SUBTRACT"; }

}  // namespace

sb::result<topic_configs, topic_error> replace_topic_configs(std::span<const config_entry> entries) {
    if (auto problem = shape_problem(entries, [](const config_entry&) { return false; })) return sb::unexpected(*problem);
    topic_configs out;
    std::vector<std::string_view> names;
    for (const config_entry& e : entries) {
        names.push_back(e.name);
        out.emplace(e.name, *e.value);
    }
    return checked(std::move(out), names);
}

sb::result<topic_configs, topic_error> alter_topic_configs(const topic_configs& current,
                                                           std::span<const config_change> changes) {
    auto is_delete = [](const config_change& c) { return c.operation == static_cast<int8_t>(config_operation::remove); };
    if (auto problem = shape_problem(changes, is_delete)) return sb::unexpected(*problem);
    for (const config_change& c : changes) {
        if (c.operation < 0 || c.operation > static_cast<int8_t>(config_operation::subtract)) {
            return refuse(error_code::invalid_request, fmt::format("Unknown alter config operation type {}", c.operation));
        }
    }
    topic_configs out = current;
    std::vector<std::string_view> names;
    for (const config_change& c : changes) {
        names.push_back(c.name);
        switch (static_cast<config_operation>(c.operation)) {
            case config_operation::set:
                out.insert_or_assign(c.name, *c.value);
                break;
            case config_operation::remove:
                out.erase(c.name);
                break;
            case config_operation::append:
            case config_operation::subtract: {
                const topic_config_definition* def = find_topic_config(c.name);
                if (!def || def->type != config_type::list) {
                    return refuse(error_code::invalid_config, fmt::format("Can't {} to key {} because its type is not LIST.",
                                                                          operation_name(c.operation), c.name));
                }
                out.insert_or_assign(c.name, list_operation(out, c));
                break;
            }
        }
    }
    return checked(std::move(out), names);
}

}  // namespace sb::cluster
