#pragma once
// The one table of the Kafka APIs this broker serves: key, version range and handler.
//
// ApiVersions advertises exactly these ranges and the dispatcher accepts exactly these,
// so what we advertise and what we implement cannot drift apart. Rules for the ranges
// (shared/kafka-protocol API-VERSIONS.md, sections 2 and 3):
//  - min 0 wherever an old client probes or gates a feature on version 0 (kafka-python
//    sends ApiVersions v0 and Metadata v0; librdkafka tests exact old versions);
//  - max never above the codec's newest stable version, and every version in the range
//    is really served (Java and franz-go send our max);
//  - one exception, Kafka 4.0's: Produce v0-v2 are advertised (librdkafka 2.0.2 turns
//    compression off unless Produce v0 is in the range) but not served - they carry the
//    old message formats. `served_min_version` says so, and the dispatcher closes the
//    connection on them as it does for any version it does not serve.

#include <cstdint>
#include <span>

#include <boost/asio/awaitable.hpp>

#include "base/result.h"
#include "kafka/handler_output.h"
#include "kafka/request_context.h"

namespace sb::protocol {
class reader;
class writer;
}  // namespace sb::protocol

namespace sb::kafka {

// Decodes the request body from `body` (positioned just after the request header) and
// writes the response body to `out` (the dispatcher has already written the response
// header). An error means the request could not be decoded: the dispatcher closes the
// connection, as Kafka does.
using api_handler = sb::status (*)(const request_context& ctx, protocol::reader& body, protocol::writer& out);
// The same for handlers that wait (storage, other shards, long polls). The output's body
// follows the response header.
using async_api_handler = boost::asio::awaitable<sb::result<handler_output>> (*)(const request_context& ctx,
                                                                                 protocol::reader& body);

// Where a handler must run. Topic changes are serialized on shard 0, the future
// controller (cluster/topic_table.h); everything else runs on the connection's shard.
enum class api_shard { connection, controller };

struct served_api {
    int16_t api_key = 0;
    int16_t min_version = 0;  // advertised
    int16_t max_version = 0;
    api_handler handle = nullptr;              // exactly one of handle / handle_async
    async_api_handler handle_async = nullptr;
    api_shard shard = api_shard::connection;
    int16_t served_min_version = 0;  // above min_version only for Produce (see above)

    bool advertises(int16_t version) const { return version >= min_version && version <= max_version; }
    bool supports(int16_t version) const { return version >= served_min_version && version <= max_version; }
};

// Every served API, by ascending key.
std::span<const served_api> served_apis();
// The served API with this key, or nullptr.
const served_api* find_served_api(int16_t api_key);

}  // namespace sb::kafka
