#include "cluster/topic_name.h"

#include <algorithm>
#include <fmt/format.h>

namespace sb::cluster {
namespace {

bool is_legal_topic_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

}  // namespace

sb::result<void, std::string> validate_topic_name(std::string_view name) {
    // The checks and their order follow Kafka, so that clients see the same messages.
    if (name.empty()) {
        return sb::unexpected(std::string("Topic name is illegal, it can't be empty"));
    }
    if (name == "." || name == "..") {
        return sb::unexpected(std::string("Topic name cannot be \".\" or \"..\""));
    }
    if (name.size() > k_topic_name_length_max_chars) {
        return sb::unexpected(fmt::format(
            "Topic name is illegal, it can't be longer than {} characters, topic name: {}",
            k_topic_name_length_max_chars, name));
    }
    if (!std::all_of(name.begin(), name.end(), is_legal_topic_char)) {
        return sb::unexpected(fmt::format(
            "Topic name \"{}\" is illegal, it contains a character other than ASCII "
            "alphanumerics, '.', '_' and '-'",
            name));
    }
    return {};
}

bool topic_name_has_collision_chars(std::string_view name) {
    return name.find_first_of("._") != std::string_view::npos;
}

bool is_internal_topic(std::string_view name) {
    return name == "__consumer_offsets" || name == "__transaction_state" || name == "__share_group_state";
}

std::string unify_topic_collision_chars(std::string_view name) {
    std::string unified(name);
    std::replace(unified.begin(), unified.end(), '.', '_');
    return unified;
}

}  // namespace sb::cluster
