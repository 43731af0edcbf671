#pragma once
// The JSON admin API's view of the consumer groups:
//
//   GET /v1/groups        every group: id, state, protocol, generation, member count,
//                         largest lag
//   GET /v1/groups/{id}   one group: its members with their assignments, and per
//                         partition the committed offset, high watermark and lag
//
// The numbers come from kafka::group_inspector, which reads each group on the shard of
// its coordinator and each partition on its owner shard (no locks on the data path).
// Groups of coordinators still loading are not listed. Examples are in
// docs/operations.md.

#include <memory>

#include "http/admin_server.h"
#include "kafka/group_inspector.h"

namespace sb::http {

void register_group_routes(admin_server& server, std::shared_ptr<const kafka::group_inspector> groups);

}  // namespace sb::http
