# RecordBatch v2 and compression tests, appended to the protocol test binary's sources.
list(APPEND PROTOCOL_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/record_batch_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_batch_records_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_batch_validation_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/compression_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/compression_level_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/batch_recompression_test.cc
)
