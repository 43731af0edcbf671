#pragma once
// Member ids are "<client_id>-<uuid>" with the uuid in the 8-4-4-4-12 lower-case hex form
// that Java's UUID.toString() prints, so they look like Kafka's to operators and tools.

#include <array>
#include <cstdint>
#include <functional>
#include <string>

namespace sb::kafka::groups {

// "00112233-4455-6677-8899-aabbccddeeff" for the bytes 00 11 .. ff.
std::string uuid_text(const std::array<uint8_t, 16>& bytes);

// A source of random version-4 uuids in that form, for group_coordinator in production
// (tests pass a counter instead). Each source has its own generator, seeded once from
// std::random_device; it is not thread-safe, like the coordinator that calls it.
std::function<std::string()> random_uuid_text_source();

}  // namespace sb::kafka::groups
