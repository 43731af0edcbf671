#include "kafka/groups/consumer_subscription.h"

#include <algorithm>

#include "protocol/messages/consumer_protocol_subscription.h"
#include "protocol/reader.h"

namespace sb::kafka::groups {

std::optional<std::set<std::string>> subscribed_topics(const bytes& metadata) {
    using subscription = protocol::consumer_protocol_subscription;
    protocol::reader r{std::span<const uint8_t>(metadata)};
    const int16_t version = r.read_int16();
    if (!r.ok() || version < subscription::min_version) return std::nullopt;
    subscription decoded;
    if (!decoded.decode(r, std::min(version, subscription::max_version))) return std::nullopt;
    return std::set<std::string>(decoded.topics.begin(), decoded.topics.end());
}

std::optional<std::set<std::string>> group_subscription(const group& g) {
    if (g.protocol_type != k_consumer_protocol_type || !g.protocol_name) return std::nullopt;
    std::set<std::string> topics;
    for (const auto& [id, m] : g.members()) {
        const bytes* metadata = m.metadata_for(*g.protocol_name);
        std::optional<std::set<std::string>> member_topics = metadata ? subscribed_topics(*metadata) : std::nullopt;
        if (!member_topics) return std::nullopt;
        topics.merge(*member_topics);
    }
    return topics;
}

}  // namespace sb::kafka::groups
