#pragma once
// ready: what the group coordinator wants done after it handled some inputs, in the
// style of etcd raft's Ready. The driver takes it with group_coordinator::take_ready()
// after every call and then:
//   1. appends each persist_request's records, in order, to the coordinator's
//      __consumer_offsets partition (one batch per request), and when the append is
//      durable (or has failed) calls group_coordinator::on_persisted(persist_id, ...);
//   2. answers every parked request named in `answers`, by ticket.
// The two are independent: an answer never depends on a persist that is still in this
// ready (answers that must wait for durability come in a later ready, after
// on_persisted). Answers for tickets the driver no longer holds (the client went away)
// are dropped.

#include <cstdint>
#include <variant>
#include <vector>

#include "kafka/groups/group_records.h"
#include "kafka/groups/group_requests.h"

namespace sb::kafka::groups {

struct persist_request {
    uint64_t persist_id = 0;
    std::vector<stored_record> records;
};

using answer_result =
    std::variant<join_result, sync_result, offset_commit_result, offset_delete_result, delete_groups_result>;

struct answer {
    ticket_id ticket = 0;
    answer_result result;
};

struct ready {
    std::vector<persist_request> to_persist;
    std::vector<answer> answers;

    bool empty() const { return to_persist.empty() && answers.empty(); }
};

}  // namespace sb::kafka::groups
