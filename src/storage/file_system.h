#pragma once
// The storage layer's view of the disk (LevelDB's Env idea, kept lean): files and
// directories behind an interface so that tests can inject faults (ENOSPC, failed fsync,
// torn writes) and count operations.
//
// Blocking: open, sync, remove, rename, sync_dir and list may block on the device and must
// not run on an event loop (storage sends them through a blocking_executor). pwrite/pread
// of a few pages to/from the page cache are done by the owning shard.
//
// Every failure is reported as kafka_storage_error; the errno is logged where it happens.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace sb::storage {

class file {
public:
    virtual ~file() = default;
    // Writes all of `bytes` at `offset` or fails (a short write is an error, e.g. ENOSPC).
    virtual status pwrite(std::span<const uint8_t> bytes, uint64_t offset) = 0;
    // Writes `pieces` one after the other from `offset`, as pwrite would their
    // concatenation (a batch whose header and records live in different buffers). This
    // default writes them one by one; files backed by a descriptor use one pwritev(2).
    virtual status pwritev(std::span<const std::span<const uint8_t>> pieces, uint64_t offset);
    // Reads up to out.size() bytes at `offset`; fewer only at the end of the file.
    virtual result<std::size_t> pread(std::span<uint8_t> out, uint64_t offset) const = 0;
    virtual status sync() = 0;
    virtual status truncate(uint64_t size_bytes) = 0;
    virtual result<uint64_t> size_bytes() const = 0;
    // The descriptor for sendfile(2); -1 for files that are not backed by one.
    virtual int fd() const = 0;
};

enum class open_mode {
    read_only,
    read_write,         // existing file
    create_read_write,  // create if missing, keep contents
};

class file_system {
public:
    virtual ~file_system() = default;
    virtual result<std::unique_ptr<file>> open(const std::string& path, open_mode mode) = 0;
    virtual status remove(const std::string& path) = 0;  // a missing file is not an error
    virtual status rename(const std::string& from, const std::string& to) = 0;
    virtual status sync_dir(const std::string& dir) = 0;
    virtual status create_dirs(const std::string& dir) = 0;
    virtual result<std::vector<std::string>> list(const std::string& dir) = 0;  // names, not paths
    virtual bool exists(const std::string& path) = 0;
    virtual result<uint64_t> file_size(const std::string& path) = 0;
};

// The real disk through POSIX calls.
std::shared_ptr<file_system> posix_file_system();

// Writes `bytes` to `path` durably and atomically: write a temporary file, fsync it,
// rename it over `path`, fsync the directory. Blocking.
status write_file_atomically(file_system& fs, const std::string& path, std::span<const uint8_t> bytes);
// Reads a whole (small) file. Blocking.
result<std::vector<uint8_t>> read_whole_file(file_system& fs, const std::string& path);

}  // namespace sb::storage
