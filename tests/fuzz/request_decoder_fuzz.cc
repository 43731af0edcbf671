// Fuzzes the request path a broker runs on every frame: request header, then the body
// decoder of that API at that version, as the Kafka layer will call them. Whatever
// decodes must encode to exactly encoded_size() bytes, and those bytes must decode again
// to a value that encodes to the same bytes (decode and encode agree on the format).
// The body is also fed to the response decoder of the same API, for coverage of the
// response structs (their decoders see the same hostile-length checks).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "protocol/headers.h"
#include "protocol/messages/api_visit.h"

namespace {

using namespace sb::protocol;

// Aborts (a crash the fuzzer reports) when a property of the codec does not hold.
void check(bool property) {
    if (!property) std::abort();
}

template <class T>
void decode_and_reencode(std::span<const uint8_t> body, int16_t version) {
    reader r(body);
    T message;
    if (!message.decode(r, version)) return;
    writer w;
    message.encode(w, version);
    check(w.size_bytes() == message.encoded_size(version));
    const sb::iobuf encoded = w.take();

    reader again_reader(encoded);
    T again;
    check(again.decode(again_reader, version).has_value());
    check(again_reader.remaining_bytes() == 0);
    writer again_writer;
    again.encode(again_writer, version);
    check(again_writer.take().linearize() == encoded.linearize());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::span<const uint8_t> frame(data, size);
    reader r(frame);
    auto header = read_request_header(r);
    if (!header) return 0;
    const api_info* api = find_api(header->api_key);
    if (api == nullptr || !api->supports(header->api_version)) return 0;
    const auto body = frame.subspan(r.position());
    const int16_t version = header->api_version;
    const bool known = visit_api(header->api_key, [&](auto request_type, auto response_type) {
        decode_and_reencode<typename decltype(request_type)::type>(body, version);
        decode_and_reencode<typename decltype(response_type)::type>(body, version);
    });
    check(known);
    return 0;
}
