#pragma once
// A storage::file_system that measures every fsync of a file (the
// streambus_storage_fsync_latency_seconds histogram) and otherwise forwards to the real
// one. Thread-safe as the wrapped file system is: the histogram update is lock-free.

#include <memory>

#include "base/metrics.h"
#include "storage/file_system.h"

namespace sb::cluster {

std::shared_ptr<storage::file_system> timed_file_system(std::shared_ptr<storage::file_system> inner,
                                                        metrics::histogram& fsync_latency_seconds);

}  // namespace sb::cluster
