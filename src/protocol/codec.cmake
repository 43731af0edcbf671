# The Kafka wire codec: hand-written primitives and headers, plus the message structs that
# tools/gen_protocol.py generates into messages/ (listed by messages/messages.cmake).
target_sources(sb_protocol PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/headers.cc
  ${CMAKE_CURRENT_LIST_DIR}/reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_set.cc
  ${CMAKE_CURRENT_LIST_DIR}/uuid.cc
  ${CMAKE_CURRENT_LIST_DIR}/writer.cc
)
include(${CMAKE_CURRENT_LIST_DIR}/messages/messages.cmake)
