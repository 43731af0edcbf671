#pragma once
// What an asynchronous handler hands back to the dispatcher: the response body (the
// dispatcher writes the header before it) and how the connection should treat it.

#include <vector>

#include "base/error_code.h"
#include "base/iobuf.h"
#include "net/request_handler.h"
#include "protocol/writer.h"

namespace sb::kafka {

struct handler_output {
    iobuf body;
    // File ranges sent with sendfile inside the body; each `at` counts from the start of
    // the body, in ascending order.
    std::vector<net::file_splice> file_splices;
    // false: no response at all (Produce with acks=0).
    bool send_response = true;
    // Close the connection after the response, if any (Produce with acks=0 that failed:
    // Kafka's only way to tell such a producer).
    bool close_connection = false;
    // The first error the response carries, for streambus_requests_total.
    error_code error = error_code::none;
};

// A whole response message encoded at `version`.
template <class Response>
handler_output encoded(const Response& response, int16_t version, error_code error = error_code::none) {
    protocol::writer out(response.encoded_size(version));
    response.encode(out, version);
    handler_output result;
    result.body = out.take();
    result.error = error;
    return result;
}

}  // namespace sb::kafka
