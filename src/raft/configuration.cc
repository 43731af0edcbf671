#include "raft/configuration.h"

#include <algorithm>
#include <array>
#include <cassert>

namespace sb::raft {

namespace {

constexpr uint8_t k_encoding_version = 1;
constexpr std::size_t k_header_bytes = 3;
constexpr std::size_t k_id_bytes = 4;

bool contains(const std::vector<node_id>& sorted, node_id id) {
    return std::binary_search(sorted.begin(), sorted.end(), id);
}

void insert_sorted(std::vector<node_id>& sorted, node_id id) {
    sorted.insert(std::lower_bound(sorted.begin(), sorted.end(), id), id);
}

void erase_sorted(std::vector<node_id>& sorted, node_id id) {
    auto it = std::lower_bound(sorted.begin(), sorted.end(), id);
    assert(it != sorted.end() && *it == id);
    sorted.erase(it);
}

bool well_formed(const configuration& c) {
    auto strictly_sorted = [](const std::vector<node_id>& v) {
        return std::adjacent_find(v.begin(), v.end(), std::greater_equal<>()) == v.end();
    };
    if (!strictly_sorted(c.voters) || !strictly_sorted(c.learners)) return false;
    if (c.voters.size() + c.learners.size() > k_max_configuration_members) return false;
    return std::none_of(c.learners.begin(), c.learners.end(),
                        [&](node_id id) { return contains(c.voters, id) || id < 0; }) &&
           std::none_of(c.voters.begin(), c.voters.end(), [](node_id id) { return id < 0; });
}

void append_id(sb::iobuf& out, node_id id) {
    auto u = static_cast<uint32_t>(id);
    std::array<uint8_t, k_id_bytes> be{static_cast<uint8_t>(u >> 24), static_cast<uint8_t>(u >> 16),
                                       static_cast<uint8_t>(u >> 8), static_cast<uint8_t>(u)};
    out.append(be);
}

}  // namespace

bool configuration::is_voter(node_id id) const { return contains(voters, id); }
bool configuration::is_learner(node_id id) const { return contains(learners, id); }

std::string configuration::describe() const {
    auto list = [](const std::vector<node_id>& ids) {
        std::string s = "{";
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i > 0) s += ",";
            s += std::to_string(ids[i]);
        }
        return s + "}";
    };
    return "voters=" + list(voters) + " learners=" + list(learners);
}

result<configuration> apply_change(const configuration& current, const config_change& change) {
    assert(well_formed(current));
    configuration next = current;
    const node_id id = change.node;
    if (id < 0) return unexpected(error_code::invalid_request);
    switch (change.kind) {
        case change_kind::add_learner:
            if (current.is_member(id)) return unexpected(error_code::invalid_request);
            insert_sorted(next.learners, id);
            break;
        case change_kind::add_voter:
            if (current.is_member(id)) return unexpected(error_code::invalid_request);
            insert_sorted(next.voters, id);
            break;
        case change_kind::promote_learner:
            if (!current.is_learner(id)) return unexpected(error_code::invalid_request);
            erase_sorted(next.learners, id);
            insert_sorted(next.voters, id);
            break;
        case change_kind::remove_member:
            if (current.is_learner(id)) {
                erase_sorted(next.learners, id);
            } else if (current.is_voter(id) && current.voters.size() > 1) {
                erase_sorted(next.voters, id);
            } else {
                return unexpected(error_code::invalid_request);
            }
            break;
    }
    if (next.voters.size() + next.learners.size() > k_max_configuration_members) {
        return unexpected(error_code::invalid_request);
    }
    assert(well_formed(next));
    return next;
}

sb::iobuf encode_configuration(const configuration& config) {
    assert(well_formed(config));
    sb::iobuf out;
    std::array<uint8_t, k_header_bytes> header{k_encoding_version,
                                               static_cast<uint8_t>(config.voters.size()),
                                               static_cast<uint8_t>(config.learners.size())};
    out.append(header);
    for (node_id id : config.voters) append_id(out, id);
    for (node_id id : config.learners) append_id(out, id);
    return out;
}

result<configuration> decode_configuration(const sb::iobuf& bytes) {
    if (bytes.size_bytes() < k_header_bytes) return unexpected(error_code::corrupt_message);
    std::array<uint8_t, k_header_bytes> header{};
    bytes.copy_to(0, header);
    const std::size_t voters = header[1];
    const std::size_t learners = header[2];
    if (header[0] != k_encoding_version ||
        bytes.size_bytes() != k_header_bytes + (voters + learners) * k_id_bytes) {
        return unexpected(error_code::corrupt_message);
    }
    configuration config;
    std::size_t pos = k_header_bytes;
    auto read_id = [&] {
        std::array<uint8_t, k_id_bytes> be{};
        bytes.copy_to(pos, be);
        pos += k_id_bytes;
        return static_cast<node_id>((uint32_t{be[0]} << 24) | (uint32_t{be[1]} << 16) |
                                    (uint32_t{be[2]} << 8) | uint32_t{be[3]});
    };
    for (std::size_t i = 0; i < voters; ++i) config.voters.push_back(read_id());
    for (std::size_t i = 0; i < learners; ++i) config.learners.push_back(read_id());
    if (!well_formed(config)) return unexpected(error_code::corrupt_message);
    return config;
}

}  // namespace sb::raft
