#pragma once
// member: one member of a classic group, as the coordinator tracks it between requests.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kafka/groups/group_requests.h"

namespace sb::kafka::groups {

struct member {
    std::string member_id;
    std::optional<std::string> group_instance_id;  // set for a static member (KIP-345)
    std::string client_id;
    std::string client_host;
    int32_t session_timeout_ms = 0;
    int32_t rebalance_timeout_ms = 0;
    std::vector<protocol_entry> protocols;  // in the member's order of preference
    bytes assignment;  // what the leader gave it for the current generation

    // Order in which members entered the group: the leader is chosen and member lists are
    // sent in this order, so that the same inputs always give the same outputs.
    uint64_t join_sequence = 0;
    // Joined with no member id and not yet through a join phase: its parked JoinGroup does
    // not keep it in the group for longer than group.new.member.join.timeout.ms.
    bool is_new = false;
    // The member's parked JoinGroup / SyncGroup, answered when the phase completes.
    std::optional<ticket_id> join_ticket;
    std::optional<ticket_id> sync_ticket;
    // When the member is removed unless it shows signs of life first; nullopt while a
    // parked request keeps it alive (a member cannot heartbeat while it waits).
    std::optional<int64_t> expiry_ms;

    bool awaiting_join() const { return join_ticket.has_value(); }
    bool awaiting_sync() const { return sync_ticket.has_value(); }
    bool is_static() const { return group_instance_id.has_value(); }

    // Its metadata for `protocol`; nullptr when it does not support it.
    const bytes* metadata_for(const std::string& protocol) const;
    // Whether it names exactly these protocols, in this order, with this metadata.
    bool has_protocols(const std::vector<protocol_entry>& other) const { return protocols == other; }
    // Its most preferred protocol among `candidates`; nullptr when it supports none.
    const std::string* preferred_among(const std::set<std::string>& candidates) const;
};

}  // namespace sb::kafka::groups
