// ApiVersions (key 18): which APIs and versions this broker serves.
//
// Kafka's rules (KIP-511, API-VERSIONS.md section 1):
//  - A version newer than ours is answered, not dropped: the body is not parsed and the
//    answer is a v0 body with UNSUPPORTED_VERSION and, in ApiKeys, only ApiVersions' own
//    range, from which the client picks a version to retry with.
//  - v3+ carries ClientSoftwareName/Version; values that do not match Kafka's pattern get
//    INVALID_REQUEST, and so does a v3+ body that cannot be decoded (librdkafka then
//    retries with v0 rather than reconnecting in a loop).
//  - The response header is always v0 (the dispatcher's header writer knows this).

#include "kafka/handlers/handlers.h"

#include <algorithm>

#include "base/log_context.h"
#include "base/logging.h"
#include "kafka/served_apis.h"
#include "protocol/messages/api_versions.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::kafka::handlers {
namespace {

constexpr int16_t k_first_version_with_software_fields = 3;

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Kafka's [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?
bool is_valid_software_field(std::string_view s) {
    if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '-' || c == '.'; });
}

protocol::api_versions_response::api_version range_of(const served_api& api) {
    return {api.api_key, api.min_version, api.max_version};
}

void write_error(const request_context& ctx, error_code error, int16_t version, protocol::writer& out) {
    protocol::api_versions_response response;
    response.error_code = to_wire(error);
    if (error == error_code::unsupported_version) {
        response.api_keys.push_back(range_of(*find_served_api(protocol::api_versions_response::api_key)));
    }
    sb::logging::log_about(*sb::logging::get("kafka"), spdlog::level::debug, {{}, {}, ctx.client_id},
                           "ApiVersions v{} from {} (client {}): {}", ctx.api_version, ctx.peer, ctx.client_id,
                           error_name(error));
    response.encode(out, version);
}

}  // namespace

sb::status api_versions(const request_context& ctx, protocol::reader& body, protocol::writer& out) {
    const served_api& self = *find_served_api(protocol::api_versions_request::api_key);
    if (!self.supports(ctx.api_version)) {
        write_error(ctx, error_code::unsupported_version, 0, out);
        return {};
    }

    protocol::api_versions_request request;
    if (auto decoded = request.decode(body, ctx.api_version); !decoded) {
        if (ctx.api_version < k_first_version_with_software_fields) return decoded;
        write_error(ctx, error_code::invalid_request, ctx.api_version, out);
        return {};
    }
    if (ctx.api_version >= k_first_version_with_software_fields &&
        (!is_valid_software_field(request.client_software_name) ||
         !is_valid_software_field(request.client_software_version))) {
        write_error(ctx, error_code::invalid_request, ctx.api_version, out);
        return {};
    }

    protocol::api_versions_response response;
    for (const served_api& api : served_apis()) response.api_keys.push_back(range_of(api));
    response.throttle_time_ms = 0;
    // SupportedFeatures / FinalizedFeatures stay empty and FinalizedFeaturesEpoch at -1
    // (unknown): we finalize no features yet, and clients treat absence as "none".
    response.encode(out, ctx.api_version);
    return {};
}

}  // namespace sb::kafka::handlers
