# RecordBatch v2 and the compression codecs (included by CMakeLists.txt in this folder).
target_sources(sb_protocol PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/record_batch.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_batch_builder.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_validation.cc
  ${CMAKE_CURRENT_LIST_DIR}/batch_recompression.cc
  ${CMAKE_CURRENT_LIST_DIR}/compression.cc
  ${CMAKE_CURRENT_LIST_DIR}/compression_framed.cc
)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SB_COMPRESSION REQUIRED IMPORTED_TARGET zlib libzstd liblz4 snappy)
target_link_libraries(sb_protocol PUBLIC PkgConfig::SB_COMPRESSION)
