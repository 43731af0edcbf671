#pragma once
// Names one partition of one topic incarnation: the topic's id (never its name, so that a
// topic deleted and created again under the same name is a different partition) and the
// partition index. Also decides which shard owns a partition.

#include <cstddef>
#include <cstdint>
#include <functional>

#include "protocol/uuid.h"

namespace sb::cluster {

struct partition_id {
    protocol::uuid topic_id;
    int32_t partition = 0;

    friend bool operator==(const partition_id&, const partition_id&) = default;
};

// A stable 64-bit hash: the same on every run and every machine (FNV-1a over the id's
// bytes and the big-endian partition index), so that ownership is reproducible.
uint64_t stable_hash(const partition_id& id);

struct partition_id_hash {
    std::size_t operator()(const partition_id& id) const { return static_cast<std::size_t>(stable_hash(id)); }
};

// The shard that owns `id` among `shard_count` shards. Nothing about it is stored on
// disk, so a restart with another shard count simply moves partitions.
inline unsigned owner_shard(const partition_id& id, unsigned shard_count) {
    return static_cast<unsigned>(stable_hash(id) % shard_count);
}

}  // namespace sb::cluster
