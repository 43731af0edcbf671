#pragma once
// Random identifiers in Kafka's form: topic ids and the cluster id.

#include "protocol/uuid.h"

namespace sb::cluster {

// A random version-4 uuid, drawn again (as Kafka's `Uuid.randomUuid` does) while it is
// one of the reserved values (all zero: "no id"; 0...01: Kafka's metadata topic id) or
// while its text form starts with '-' (command-line tools would take it for an option).
// Thread-safe: draws from the operating system's random source (a cold path).
protocol::uuid random_uuid();

}  // namespace sb::cluster
