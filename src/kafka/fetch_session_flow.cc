#include "kafka/fetch_session_flow.h"

#include <algorithm>

namespace sb::kafka {
namespace {

constexpr int16_t k_first_version_with_topic_ids = 13;
constexpr int32_t k_final_epoch = -1;
constexpr int32_t k_initial_epoch = 0;

// Fills in id and `resolved`/`error` from the current topics, by id or by name.
void resolve(fetch_item& item, const cluster::topic_snapshot& topics, bool by_id) {
    const cluster::topic_metadata* topic = by_id ? topics.find(item.id.topic_id) : topics.find(item.topic);
    item.resolved = false;
    if (topic == nullptr) {
        item.error = by_id ? error_code::unknown_topic_id : error_code::unknown_topic_or_partition;
        return;
    }
    item.topic = topic->name;
    item.id = cluster::partition_id{topic->id, item.index};
    if (item.index < 0 || item.index >= topic->partition_count()) {
        item.error = error_code::unknown_topic_or_partition;
        return;
    }
    item.error = error_code::none;
    item.resolved = true;
}

fetch_item item_from_session(const session_partition& s) {
    fetch_item item;
    item.id = s.id;
    item.topic = s.topic;
    item.index = s.id.partition;
    item.fetch_offset = s.fetch_offset;
    item.partition_max_bytes = s.partition_max_bytes;
    item.current_leader_epoch = s.current_leader_epoch;
    return item;
}

session_partition session_entry(const fetch_item& item) {
    session_partition s;
    s.id = item.id;
    s.topic = item.topic;
    s.fetch_offset = item.fetch_offset;
    s.partition_max_bytes = item.partition_max_bytes;
    s.current_leader_epoch = item.current_leader_epoch;
    s.high_watermark = item.high_watermark;
    s.last_stable_offset = item.last_stable_offset;
    s.log_start_offset = item.log_start_offset;
    return s;
}

// The request's partitions as items (topic id or name as the version uses).
std::vector<fetch_item> requested_items(const protocol::fetch_request& request, bool by_id) {
    std::vector<fetch_item> out;
    for (const auto& topic : request.topics) {
        for (const auto& p : topic.partitions) {
            fetch_item& item = out.emplace_back();
            item.id.topic_id = by_id ? topic.topic_id : protocol::uuid::nil();
            item.id.partition = p.partition;
            item.topic = by_id ? std::string() : topic.topic;
            item.index = p.partition;
            item.fetch_offset = p.fetch_offset;
            item.partition_max_bytes = p.partition_max_bytes;
            item.current_leader_epoch = p.current_leader_epoch;
        }
    }
    return out;
}

session_partition* find_in_session(fetch_session& session, const fetch_item& item) {
    auto it = std::find_if(session.partitions.begin(), session.partitions.end(), [&](const session_partition& s) {
        return session.uses_topic_ids ? s.id == item.id : (s.topic == item.topic && s.id.partition == item.index);
    });
    return it == session.partitions.end() ? nullptr : &*it;
}

// Applies an incremental request to its session: new and changed partitions, forgotten ones.
void update_session(fetch_session& session, const protocol::fetch_request& request, bool by_id) {
    for (const fetch_item& item : requested_items(request, by_id)) {
        if (session_partition* s = find_in_session(session, item)) {
            s->fetch_offset = item.fetch_offset;
            s->partition_max_bytes = item.partition_max_bytes;
            s->current_leader_epoch = item.current_leader_epoch;
        } else {
            session.partitions.push_back(session_entry(item));
        }
    }
    for (const auto& forgotten : request.forgotten_topics_data) {
        for (int32_t index : forgotten.partitions) {
            std::erase_if(session.partitions, [&](const session_partition& s) {
                return s.id.partition == index &&
                       (by_id ? s.id.topic_id == forgotten.topic_id : s.topic == forgotten.topic);
            });
        }
    }
}

// Kafka's CachedPartition.maybeUpdateResponseData: whether an incremental response must
// name the partition; updates what the session remembers the client was told.
bool has_news(session_partition& s, const fetch_item& item) {
    bool news = item.size_bytes > 0 || item.error != error_code::none;
    if (s.high_watermark != item.high_watermark) news = true;
    if (s.last_stable_offset != item.last_stable_offset) news = true;
    if (s.log_start_offset != item.log_start_offset) news = true;
    s.high_watermark = item.high_watermark;
    s.last_stable_offset = item.last_stable_offset;
    s.log_start_offset = item.log_start_offset;
    return news;
}

}  // namespace

fetch_plan plan_fetch(fetch_session_cache& sessions, const protocol::fetch_request& request, int16_t version,
                      const cluster::topic_snapshot& topics, int64_t now_ms) {
    fetch_plan plan;
    const bool by_id = version >= k_first_version_with_topic_ids;
    plan.uses_topic_ids = by_id;
    const int32_t epoch = request.session_epoch;
    if (epoch == k_final_epoch || epoch == k_initial_epoch) {
        if (request.session_id != 0) sessions.remove(request.session_id);
        plan.create_session = epoch == k_initial_epoch;
        plan.items = requested_items(request, by_id);
    } else {
        fetch_session* session = sessions.find(request.session_id);
        if (session == nullptr) {
            plan.error = error_code::fetch_session_id_not_found;
            return plan;
        }
        if (session->next_epoch != epoch) {
            plan.error = error_code::invalid_fetch_session_epoch;
            return plan;
        }
        update_session(*session, request, by_id);
        session->last_used_ms = now_ms;
        plan.incremental = true;
        plan.session_id = session->id;
        plan.uses_topic_ids = session->uses_topic_ids;
        for (const auto& s : session->partitions) plan.items.push_back(item_from_session(s));
    }
    for (fetch_item& item : plan.items) resolve(item, topics, plan.uses_topic_ids);
    return plan;
}

int32_t finish_fetch(fetch_session_cache& sessions, fetch_plan& plan, int64_t now_ms) {
    if (plan.create_session) {
        std::vector<session_partition> entries;
        for (const fetch_item& item : plan.items) entries.push_back(session_entry(item));
        fetch_session* created = sessions.create(std::move(entries), plan.uses_topic_ids, now_ms);
        return created == nullptr ? 0 : created->id;
    }
    if (!plan.incremental) return 0;
    fetch_session* session = sessions.find(plan.session_id);
    if (session == nullptr) return 0;  // evicted while this fetch waited
    std::vector<fetch_item> answered;
    std::vector<session_partition> quiet;   // keep their order
    std::vector<session_partition> served;  // returned records: to the end, for fairness
    for (fetch_item& item : plan.items) {
        session_partition* s = find_in_session(*session, item);
        if (s == nullptr) continue;  // forgotten meanwhile
        const bool news = has_news(*s, item);
        (item.size_bytes > 0 ? served : quiet).push_back(*s);
        if (news) answered.push_back(std::move(item));
    }
    quiet.insert(quiet.end(), served.begin(), served.end());
    session->partitions = std::move(quiet);
    session->next_epoch = session->next_epoch == INT32_MAX ? 1 : session->next_epoch + 1;
    plan.items = std::move(answered);
    return session->id;
}

}  // namespace sb::kafka
