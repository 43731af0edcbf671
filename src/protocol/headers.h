#pragma once
// Request and response headers, and which header version goes with which API version.
//
// The flow of one request (what the broker's Kafka layer does):
//
//     reader r(frame);                                   // frame: the bytes after the size prefix
//     auto header = read_request_header(r);              // picks header v1/v2 from key + version
//     if (!header) -> close the connection (the framing itself is broken)
//     const api_info* api = find_api(header->api_key);   // protocol/messages/api_catalog.h
//     if (!api || !api->supports(header->api_version)) -> UNSUPPORTED_VERSION
//     metadata_request req;
//     if (!req.decode(r, header->api_version)) -> INVALID_REQUEST
//     metadata_response resp = ...;
//     writer w;
//     write_response_header(w, *header);                 // v0 or v1 by Kafka's rule below
//     resp.encode(w, header->api_version);
//     iobuf out = w.take();                              // prefix with its int32 size and send
//
// Header versions (KIP-482): a request at a flexible API version carries request header
// v2 (v1 plus a tagged-field section), otherwise v1. A response carries header v1
// (correlation id plus tagged fields) when the API version is flexible, otherwise v0;
// EXCEPT ApiVersions, whose response always uses header v0, so that a client that does not
// yet know which versions the broker speaks can always read the answer. Request header v0
// (no client id) belongs only to ControlledShutdown v0, a ZooKeeper-era API not implemented.

#include <cstdint>

#include "base/result.h"
#include "protocol/messages/api_catalog.h"
#include "protocol/messages/request_header.h"
#include "protocol/messages/response_header.h"
#include "protocol/reader.h"
#include "protocol/writer.h"

namespace sb::protocol {

constexpr int16_t k_api_versions_api_key = 18;

int16_t request_header_version(const api_info& api, int16_t api_version);
int16_t response_header_version(const api_info& api, int16_t api_version);

// Decodes the request header at the reader's position. The header version follows from
// the API key and version in its first four bytes; for an API key the codec does not
// implement it is read as v1 (no tagged fields), which is enough to answer with an error.
// Versions above an API's max_version are read by the same rule, so that a too-new
// ApiVersions request can still be answered with UNSUPPORTED_VERSION.
sb::result<request_header> read_request_header(reader& r);

// Writes the response header that answers `request`, choosing v0 or v1 by the rule above.
void write_response_header(writer& w, const request_header& request);

}  // namespace sb::protocol
