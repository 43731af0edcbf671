#include "cli/group_admin.h"

#include <algorithm>

#include "cli/admin_call.h"
#include "cli/kafka_client.h"

namespace sb::cli {
namespace {

std::string text_or_empty(const char* s) { return s ? s : ""; }

std::vector<topic_partition> to_partitions(const rd_kafka_topic_partition_list_t* list) {
    std::vector<topic_partition> out;
    for (int i = 0; list && i < list->cnt; ++i) out.push_back({list->elems[i].topic, list->elems[i].partition});
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

result<group_description, std::string> describe_group(rd_kafka_t* rk, const std::string& group, int timeout_ms) {
    const char* names[] = {group.c_str()};
    admin_call call(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeout_ms);
    rd_kafka_DescribeConsumerGroups(rk, names, 1, call.options(), call.queue());
    auto ev = call.wait();
    if (!ev) return unexpected("cannot describe group \"" + group + "\": " + ev.error());
    size_t count = 0;
    const auto** groups =
        rd_kafka_DescribeConsumerGroups_result_groups(rd_kafka_event_DescribeConsumerGroups_result(ev->get()), &count);
    if (count != 1) return unexpected("cannot describe group \"" + group + "\": no result");
    const auto* g = groups[0];
    if (const auto* err = rd_kafka_ConsumerGroupDescription_error(g)) {
        return unexpected("cannot describe group \"" + group +
                          "\": " + describe_error(rd_kafka_error_code(err), rd_kafka_error_string(err)));
    }
    group_description out{group, rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(g)),
                          text_or_empty(rd_kafka_ConsumerGroupDescription_partition_assignor(g)), -1, {}};
    if (const auto* node = rd_kafka_ConsumerGroupDescription_coordinator(g)) out.coordinator = rd_kafka_Node_id(node);
    for (size_t i = 0; i < rd_kafka_ConsumerGroupDescription_member_count(g); ++i) {
        const auto* m = rd_kafka_ConsumerGroupDescription_member(g, i);
        const auto* assignment = rd_kafka_MemberDescription_assignment(m);
        out.members.push_back({text_or_empty(rd_kafka_MemberDescription_consumer_id(m)),
                               text_or_empty(rd_kafka_MemberDescription_group_instance_id(m)),
                               text_or_empty(rd_kafka_MemberDescription_client_id(m)),
                               text_or_empty(rd_kafka_MemberDescription_host(m)),
                               to_partitions(assignment ? rd_kafka_MemberAssignment_partitions(assignment) : nullptr)});
    }
    std::sort(out.members.begin(), out.members.end(),
              [](const auto& a, const auto& b) { return a.member_id < b.member_id; });
    return out;
}

result<std::vector<committed_offset>, std::string> list_committed_offsets(rd_kafka_t* rk, const std::string& group,
                                                                          int timeout_ms) {
    // No partition list: every partition the group has an offset for.
    rd_kafka_ListConsumerGroupOffsets_t* request = rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), nullptr);
    admin_call call(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout_ms);
    rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, call.options(), call.queue());
    rd_kafka_ListConsumerGroupOffsets_destroy(request);
    auto ev = call.wait();
    if (!ev) return unexpected("cannot read the offsets of group \"" + group + "\": " + ev.error());
    size_t count = 0;
    const auto** groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
        rd_kafka_event_ListConsumerGroupOffsets_result(ev->get()), &count);
    if (count != 1) return unexpected("cannot read the offsets of group \"" + group + "\": no result");
    if (const auto* err = rd_kafka_group_result_error(groups[0])) {
        return unexpected("cannot read the offsets of group \"" + group +
                          "\": " + describe_error(rd_kafka_error_code(err), rd_kafka_error_string(err)));
    }
    std::vector<committed_offset> out;
    const auto* list = rd_kafka_group_result_partitions(groups[0]);
    for (int i = 0; list && i < list->cnt; ++i) {
        const auto& e = list->elems[i];
        if (e.err) {
            return unexpected("cannot read the offset of group \"" + group + "\" for \"" + e.topic + "\" partition " +
                              std::to_string(e.partition) + ": " + describe_error(e.err));
        }
        if (e.offset >= 0) out.push_back({{e.topic, e.partition}, e.offset});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.tp < b.tp; });
    return out;
}

}  // namespace sb::cli
