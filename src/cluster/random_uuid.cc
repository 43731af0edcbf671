#include "cluster/random_uuid.h"

#include <cassert>
#include <random>

namespace sb::cluster {
namespace {

// Kafka's `Uuid.METADATA_TOPIC_ID`: most significant 64 bits 0, least significant 1.
bool is_reserved(const protocol::uuid& id) {
    if (id.is_nil()) return true;
    protocol::uuid one{};
    one.bytes[protocol::uuid::k_size_bytes - 1] = 1;
    return id == one;
}

protocol::uuid draw_v4() {
    std::random_device source;
    protocol::uuid id{};
    for (std::size_t i = 0; i < id.bytes.size(); i += 4) {
        const uint32_t word = source();
        for (std::size_t j = 0; j < 4; ++j) id.bytes[i + j] = static_cast<uint8_t>(word >> (8 * j));
    }
    // RFC 4122 version 4 and variant bits, as java.util.UUID.randomUUID sets them.
    id.bytes[6] = static_cast<uint8_t>((id.bytes[6] & 0x0f) | 0x40);
    id.bytes[8] = static_cast<uint8_t>((id.bytes[8] & 0x3f) | 0x80);
    return id;
}

}  // namespace

protocol::uuid random_uuid() {
    protocol::uuid id = draw_v4();
    while (is_reserved(id) || id.to_string().front() == '-') id = draw_v4();
    assert(!id.is_nil());
    return id;
}

}  // namespace sb::cluster
