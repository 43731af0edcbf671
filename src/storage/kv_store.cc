#include "storage/kv_store.h"

#include <cstring>

#include "base/crc32c.h"
#include "protocol/record_batch.h"

namespace sb::storage {

namespace {
constexpr char k_magic[4] = {'S', 'B', 'K', 'V'};
constexpr uint8_t k_version = 1;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
    uint8_t b[4];
    protocol::store_be32(b, v);
    out.insert(out.end(), b, b + 4);
}
}  // namespace

result<kv_store> kv_store::open(std::shared_ptr<file_system> fs, std::string path) {
    kv_store store(fs, path);
    if (!fs->exists(path)) return store;
    auto bytes = read_whole_file(*fs, path);
    if (!bytes) return unexpected(bytes.error());
    auto entries = decode(*bytes);
    if (!entries) return unexpected(entries.error());
    store.entries_ = std::move(*entries);
    return store;
}

std::optional<std::string> kv_store::get(const std::string& key) const {
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void kv_store::set(const std::string& key, std::string value) { entries_[key] = std::move(value); }
void kv_store::erase(const std::string& key) { entries_.erase(key); }

status kv_store::save() const { return write_file_atomically(*fs_, path_, encode(entries_)); }

std::vector<uint8_t> kv_store::encode(const std::map<std::string, std::string>& entries) {
    std::vector<uint8_t> out(k_magic, k_magic + 4);
    out.push_back(k_version);
    put_u32(out, static_cast<uint32_t>(entries.size()));
    for (const auto& [k, v] : entries) {
        put_u32(out, static_cast<uint32_t>(k.size()));
        out.insert(out.end(), k.begin(), k.end());
        put_u32(out, static_cast<uint32_t>(v.size()));
        out.insert(out.end(), v.begin(), v.end());
    }
    put_u32(out, crc32c::value(out.data(), out.size()));
    return out;
}

result<std::map<std::string, std::string>> kv_store::decode(std::span<const uint8_t> bytes) {
    constexpr std::size_t header = 4 + 1 + 4;
    if (bytes.size() < header + 4 || bytes.size() > k_max_file_bytes) return unexpected(error_code::corrupt_message);
    std::size_t body = bytes.size() - 4;
    if (crc32c::value(bytes.data(), body) != protocol::load_be32(bytes.data() + body)) {
        return unexpected(error_code::corrupt_message);
    }
    if (std::memcmp(bytes.data(), k_magic, 4) != 0 || bytes[4] != k_version) {
        return unexpected(error_code::corrupt_message);
    }
    uint32_t count = protocol::load_be32(bytes.data() + 5);
    std::size_t pos = header;
    auto take = [&](std::string& out) {
        if (body - pos < 4) return false;
        uint32_t n = protocol::load_be32(bytes.data() + pos);
        pos += 4;
        if (body - pos < n) return false;
        out.assign(reinterpret_cast<const char*>(bytes.data() + pos), n);
        pos += n;
        return true;
    };
    std::map<std::string, std::string> entries;
    for (uint32_t i = 0; i < count; ++i) {
        std::string k, v;
        if (!take(k) || !take(v)) return unexpected(error_code::corrupt_message);
        entries[std::move(k)] = std::move(v);
    }
    if (pos != body) return unexpected(error_code::corrupt_message);
    return entries;
}

}  // namespace sb::storage
