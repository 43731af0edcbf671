#pragma once
// The per-API handlers, one file each in this folder. Each has the api_handler
// signature (kafka/served_apis.h) and is registered in kafka/served_apis.cc.

#include "base/result.h"
#include "kafka/request_context.h"

namespace sb::protocol {
class reader;
class writer;
}  // namespace sb::protocol

namespace sb::kafka::handlers {

sb::status api_versions(const request_context& ctx, protocol::reader& body, protocol::writer& out);
sb::status metadata(const request_context& ctx, protocol::reader& body, protocol::writer& out);
sb::status create_topics(const request_context& ctx, protocol::reader& body, protocol::writer& out);
sb::status delete_topics(const request_context& ctx, protocol::reader& body, protocol::writer& out);

}  // namespace sb::kafka::handlers
