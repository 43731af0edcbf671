#include "storage/partition_state.h"

#include <charconv>

#include <fmt/format.h>

#include "storage/segment_name.h"

namespace sb::storage {

namespace {
bool parse_i64(std::string_view s, int64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

std::map<std::string, std::string> partition_state::to_entries() const {
    std::map<std::string, std::string> m;
    m["log_start_offset"] = std::to_string(log_start_offset);
    m["recovery_point"] = std::to_string(recovery_point);
    m["recovery_position"] = std::to_string(recovery_position);
    m["cleaner_checkpoint"] = std::to_string(cleaner_checkpoint);
    // "epoch:offset,epoch:offset"
    std::string epochs_text;
    for (const auto& e : epochs) {
        if (!epochs_text.empty()) epochs_text += ',';
        epochs_text += fmt::format("{}:{}", e.epoch, e.start_offset);
    }
    m["leader_epochs"] = epochs_text;
    return m;
}

result<partition_state> partition_state::from_entries(const std::map<std::string, std::string>& entries) {
    partition_state s;
    auto number = [&](const char* key, int64_t& out) {
        auto it = entries.find(key);
        return it == entries.end() || parse_i64(it->second, out);
    };
    if (!number("log_start_offset", s.log_start_offset) || !number("recovery_point", s.recovery_point) ||
        !number("recovery_position", s.recovery_position) ||
        !number("cleaner_checkpoint", s.cleaner_checkpoint)) {
        return unexpected(error_code::corrupt_message);
    }
    auto it = entries.find("leader_epochs");
    if (it != entries.end() && !it->second.empty()) {
        std::string_view rest = it->second;
        while (!rest.empty()) {
            auto comma = rest.find(',');
            std::string_view item = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            auto colon = item.find(':');
            int64_t epoch = 0, offset = 0;
            if (colon == std::string_view::npos || !parse_i64(item.substr(0, colon), epoch) ||
                !parse_i64(item.substr(colon + 1), offset)) {
                return unexpected(error_code::corrupt_message);
            }
            s.epochs.push_back({static_cast<int32_t>(epoch), offset});
        }
    }
    return s;
}

result<partition_state> load_partition_state(std::shared_ptr<file_system> fs, const std::string& dir) {
    auto kv = kv_store::open(fs, dir + "/" + k_partition_state_name);
    if (!kv) return unexpected(kv.error());
    return partition_state::from_entries(kv->entries());
}

status save_partition_state(std::shared_ptr<file_system> fs, const std::string& dir, const partition_state& state) {
    return write_file_atomically(*fs, dir + "/" + k_partition_state_name, kv_store::encode(state.to_entries()));
}

}  // namespace sb::storage
