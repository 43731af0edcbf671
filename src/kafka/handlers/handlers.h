#pragma once
// The per-API handlers, one file each in this folder. Each has the api_handler or
// async_api_handler signature (kafka/served_apis.h) and is registered in
// kafka/served_apis.cc.

#include <boost/asio/awaitable.hpp>

#include "base/result.h"
#include "kafka/handler_output.h"
#include "kafka/request_context.h"

namespace sb::protocol {
class reader;
class writer;
}  // namespace sb::protocol

namespace sb::kafka::handlers {

using async_result = boost::asio::awaitable<sb::result<handler_output>>;

async_result produce(const request_context& ctx, protocol::reader& body);
async_result fetch(const request_context& ctx, protocol::reader& body);
async_result list_offsets(const request_context& ctx, protocol::reader& body);
async_result metadata(const request_context& ctx, protocol::reader& body);
sb::status api_versions(const request_context& ctx, protocol::reader& body, protocol::writer& out);
async_result create_topics(const request_context& ctx, protocol::reader& body);
async_result delete_topics(const request_context& ctx, protocol::reader& body);
async_result init_producer_id(const request_context& ctx, protocol::reader& body);
async_result offset_for_leader_epoch(const request_context& ctx, protocol::reader& body);
async_result describe_configs(const request_context& ctx, protocol::reader& body);
async_result alter_configs(const request_context& ctx, protocol::reader& body);
async_result incremental_alter_configs(const request_context& ctx, protocol::reader& body);
// Consumer groups (kafka/group_service.h).
async_result offset_commit(const request_context& ctx, protocol::reader& body);
async_result offset_fetch(const request_context& ctx, protocol::reader& body);
async_result find_coordinator(const request_context& ctx, protocol::reader& body);
async_result join_group(const request_context& ctx, protocol::reader& body);
async_result heartbeat(const request_context& ctx, protocol::reader& body);
async_result leave_group(const request_context& ctx, protocol::reader& body);
async_result sync_group(const request_context& ctx, protocol::reader& body);
async_result describe_groups(const request_context& ctx, protocol::reader& body);
async_result list_groups(const request_context& ctx, protocol::reader& body);
async_result delete_groups(const request_context& ctx, protocol::reader& body);
async_result offset_delete(const request_context& ctx, protocol::reader& body);
async_result create_partitions(const request_context& ctx, protocol::reader& body);
async_result delete_records(const request_context& ctx, protocol::reader& body);
async_result describe_log_dirs(const request_context& ctx, protocol::reader& body);
sb::status describe_cluster(const request_context& ctx, protocol::reader& body, protocol::writer& out);

}  // namespace sb::kafka::handlers
