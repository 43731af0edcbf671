#include "http/group_routes.h"

#include <boost/json.hpp>

#include "http/cluster_routes.h"

namespace sb::http {
namespace json = boost::json;

namespace {

constexpr std::string_view k_group_prefix = "/v1/groups/";

json::value text_or_null(const std::string& v) { return v.empty() ? json::value(nullptr) : json::value(v); }

json::object group_summary(const kafka::group_overview& g) {
    return json::object{{"group_id", g.group_id},
                        {"state", g.state},
                        {"protocol_type", text_or_null(g.protocol_type)},
                        {"protocol", text_or_null(g.protocol_name)},
                        {"generation_id", g.generation_id},
                        {"member_count", g.members.size()},
                        {"max_lag", g.max_lag}};
}

json::object member_document(const kafka::member_overview& m) {
    json::array assignment;
    for (const auto& [topic, partitions] : m.assignment) {
        json::array indexes;
        for (int32_t p : partitions) indexes.push_back(p);
        assignment.push_back(json::object{{"topic", topic}, {"partitions", std::move(indexes)}});
    }
    return json::object{{"member_id", m.member_id},
                        {"group_instance_id", m.group_instance_id ? json::value(*m.group_instance_id)
                                                                  : json::value(nullptr)},
                        {"client_id", m.client_id},
                        {"client_host", m.client_host},
                        {"assignment", std::move(assignment)}};
}

json::object group_document(const kafka::group_overview& g) {
    json::object doc = group_summary(g);
    json::array members;
    for (const auto& m : g.members) members.push_back(member_document(m));
    doc["members"] = std::move(members);
    json::array offsets;
    for (const auto& o : g.offsets) {
        // -1 (the partition no longer exists) is shown as null: there is no such number.
        offsets.push_back(json::object{
            {"topic", o.topic},
            {"partition", o.partition},
            {"committed_offset", o.committed_offset},
            {"high_watermark", o.high_watermark < 0 ? json::value(nullptr) : json::value(o.high_watermark)},
            {"lag", o.lag < 0 ? json::value(nullptr) : json::value(o.lag)}});
    }
    doc["offsets"] = std::move(offsets);
    return doc;
}

}  // namespace

void register_group_routes(admin_server& server, std::shared_ptr<const kafka::group_inspector> groups) {
    server.add_route("GET", "/v1/groups", [groups](const request&) -> boost::asio::awaitable<response> {
        auto listing = groups->groups();
        const auto all = co_await std::move(listing);
        json::array out;
        for (const auto& g : all) out.push_back(group_summary(g));
        co_return json_ok(json::serialize(json::object{{"groups", std::move(out)}}));
    });
    server.add_route("GET", std::string(k_group_prefix), [groups](const request& req) -> boost::asio::awaitable<response> {
        const auto id = percent_decode(std::string_view(req.path).substr(k_group_prefix.size()));
        if (!id) co_return json_error(400, "bad_request", "broken percent escape in " + req.path);
        auto finding = groups->group(*id);
        const auto found = co_await std::move(finding);
        if (!found) co_return json_error(404, "group_not_found", "group '" + *id + "' does not exist");
        co_return json_ok(json::serialize(group_document(*found)));
    });
}

}  // namespace sb::http
