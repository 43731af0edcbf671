#pragma once
// A small durable key/value file: per-node local state (Raft term and vote, checkpoints)
// and per-partition state. The whole map is rewritten on save: write a temporary file,
// fsync it, rename it over the old one, fsync the directory. A torn or half-written file
// is never seen: the rename is atomic and the content carries a CRC-32C.
//
// File format (big-endian): "SBKV" | version u8 (1) | count u32 |
//   count x [key length u32 | key | value length u32 | value] | crc32c u32 of all before.
//
// Blocking (open, save): run on a blocking thread. Not thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/file_system.h"

namespace sb::storage {

class kv_store {
public:
    // Largest file accepted; local state is small.
    static constexpr std::size_t k_max_file_bytes = 16 * 1024 * 1024;

    // Loads `path`; a missing file is an empty store. corrupt_message for a damaged file.
    static result<kv_store> open(std::shared_ptr<file_system> fs, std::string path);

    std::optional<std::string> get(const std::string& key) const;
    void set(const std::string& key, std::string value);
    void erase(const std::string& key);
    const std::map<std::string, std::string>& entries() const { return entries_; }

    status save() const;

    static std::vector<uint8_t> encode(const std::map<std::string, std::string>& entries);
    static result<std::map<std::string, std::string>> decode(std::span<const uint8_t> bytes);

private:
    kv_store(std::shared_ptr<file_system> fs, std::string path) : fs_(std::move(fs)), path_(std::move(path)) {}

    std::shared_ptr<file_system> fs_;
    std::string path_;
    std::map<std::string, std::string> entries_;
};

}  // namespace sb::storage
