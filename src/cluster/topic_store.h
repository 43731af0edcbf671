#pragma once
// topic_store: where the topic table keeps its state across restarts.
//
// An interface so that the table does not care where topics live: today a JSON file in
// the data directory (json_topic_store), later the controller's Raft log. Handlers never
// see the store; they only talk to the topic_table.
//
// Called only by the topic_table's writer (one thread at a time); implementations need
// no locking of their own.

#include <vector>

#include "base/result.h"
#include "cluster/topic_metadata.h"
#include "cluster/topic_snapshot.h"

namespace sb::cluster {

class topic_store {
public:
    virtual ~topic_store() = default;
    // Every stored topic (none for a new data directory). An unreadable or corrupt store is
    // an error, never an empty table: losing topics silently would be worse than not
    // starting.
    virtual sb::result<std::vector<topic_metadata>> load() = 0;
    // Durably replaces the stored topics with those of `snapshot`. On error the previous
    // contents are still there, whole.
    virtual sb::status save(const topic_snapshot& snapshot) = 0;
};

}  // namespace sb::cluster
