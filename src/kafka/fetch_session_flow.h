#pragma once
// How a Fetch request and the shard's fetch sessions (fetch_session_cache.h) turn into
// the list of partitions to read and, afterwards, the list to answer with (KIP-227, as
// Kafka's FetchManager does it):
//
//   session id  epoch   meaning
//   0           -1      full fetch, no session (the only kind before v7)
//   0 or N      0       full fetch; close session N if any; open a new session
//   N           -1      full fetch without a session; close session N
//   N           > 0     incremental fetch on session N: the request lists only changed
//                       partitions and forgotten ones; every partition of the session
//                       is read; the answer lists only the partitions with news
//
// Errors (top-level, no partitions, session id 0): FETCH_SESSION_ID_NOT_FOUND for an
// unknown session (or one made on another shard), INVALID_FETCH_SESSION_EPOCH for an
// epoch other than the session's next one.

#include <cstdint>
#include <vector>

#include "cluster/topic_snapshot.h"
#include "kafka/fetch_read.h"
#include "kafka/fetch_session_cache.h"
#include "protocol/messages/fetch.h"

namespace sb::kafka {

struct fetch_plan {
    error_code error = error_code::none;  // a session error: answer with it alone
    bool incremental = false;
    bool create_session = false;
    int32_t session_id = 0;  // the session used by an incremental fetch
    bool uses_topic_ids = false;
    std::vector<fetch_item> items;  // in response order
};

fetch_plan plan_fetch(fetch_session_cache& sessions, const protocol::fetch_request& request, int16_t version,
                      const cluster::topic_snapshot& topics, int64_t now_ms);

// After the read: an incremental fetch keeps only the partitions with news and moves
// those that returned records to the end of the session; a full fetch opens its session
// if asked to. Returns the session id to answer with (0: none).
int32_t finish_fetch(fetch_session_cache& sessions, fetch_plan& plan, int64_t now_ms);

}  // namespace sb::kafka
