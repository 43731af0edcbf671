#include "protocol/headers.h"

#include <cassert>

namespace sb::protocol {

int16_t request_header_version(const api_info& api, int16_t api_version) {
    return api.is_flexible(api_version) ? 2 : 1;
}

int16_t response_header_version(const api_info& api, int16_t api_version) {
    if (api.api_key == k_api_versions_api_key) return 0;
    return api.is_flexible(api_version) ? 1 : 0;
}

sb::result<request_header> read_request_header(reader& r) {
    const auto api_key = r.peek_int16(0);
    const auto api_version = r.peek_int16(2);
    if (!api_key || !api_version) return sb::unexpected(error_code::invalid_request);
    const api_info* api = find_api(*api_key);
    const int16_t header_version = api ? request_header_version(*api, *api_version) : 1;
    request_header header;
    if (auto st = header.decode(r, header_version); !st) return sb::unexpected(st.error());
    assert(header.api_key == *api_key && header.api_version == *api_version);
    return header;
}

void write_response_header(writer& w, const request_header& request) {
    const api_info* api = find_api(request.api_key);
    // Without a known API there is no flexible version: header v0, like every pre-KIP-482 reply.
    const int16_t header_version = api ? response_header_version(*api, request.api_version) : 0;
    response_header header;
    header.correlation_id = request.correlation_id;
    header.encode(w, header_version);
}

}  // namespace sb::protocol
