"""The consumer group APIs at their newest (flexible) versions, the ones Java clients
3.x/4.x send and no client on this machine does (group_wire_newest.py): a whole group
life with JoinGroup v9 (MEMBER_ID_REQUIRED, protocol type and name in the answer),
SyncGroup v5 (a wrong protocol type or name is INCONSISTENT_GROUP_PROTOCOL), Heartbeat v4,
OffsetCommit v9, OffsetFetch v9, LeaveGroup v5 with a reason and DeleteGroups v2; a static
leader restarting with JoinGroup v9 is told to skip the assignment (KIP-345's v9 rule);
DescribeGroups v0-v5 answer each version's fields exactly (authorized operations from
v3, instance ids from v4)."""
import pytest

import group_wire as gw
import group_wire_newest as gn
from group_calls import call, find_coordinator, until_ready
from rawconn import RawConn, create_topics_ok

TOPIC = "raw-newest"
RANGE_METADATA = gw.subscription([TOPIC])
RANGE = [("range", RANGE_METADATA)]
# DescribeGroups' authorized operations: READ (3), DELETE (6), DESCRIBE (8), and Kafka's
# "not asked for" value.
GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8)
OPERATIONS_NOT_ASKED = -2147483648
HOST = "/127.0.0.1"
CLIENT_ID = "sb-it"  # kafka_wire.request's client id


@pytest.fixture(scope="module")
def topic(group_broker):
    create_topics_ok(group_broker, [(TOPIC, 2, 1)])
    return TOPIC


def test_a_group_life_at_the_newest_versions(group_broker, topic):
    group = "raw-newest-life"
    with RawConn(group_broker.host, group_broker.port) as conn:
        find_coordinator(conn, group)
        first = until_ready(lambda: call(conn, gn.join_group_v9, gn.decode_join_group_v9, group, "", RANGE))
        assert first["error_code"] == gw.MEMBER_ID_REQUIRED, first
        member = first["member_id"]
        assert member.startswith(CLIENT_ID + "-")
        joined = call(conn, gn.join_group_v9, gn.decode_join_group_v9, group, member, RANGE, reason="starting")
        assert joined == {"correlation_id": joined["correlation_id"], "throttle_time_ms": 0, "error_code": 0,
                          "generation_id": 1, "protocol_type": "consumer", "protocol_name": "range",
                          "leader": member, "skip_assignment": False, "member_id": member,
                          "members": [(member, None, RANGE_METADATA)]}

        mine = gw.assignment({TOPIC: [0, 1]})
        for wrong_type, wrong_name in (("connect", "range"), ("consumer", "roundrobin")):
            refused = call(conn, gn.sync_group_v5, gn.decode_sync_group_v5, group, 1, member, wrong_type, wrong_name,
                           [(member, mine)])
            assert refused["error_code"] == gw.INCONSISTENT_GROUP_PROTOCOL, refused
        synced = call(conn, gn.sync_group_v5, gn.decode_sync_group_v5, group, 1, member, "consumer", "range",
                      [(member, mine)])
        assert (synced["error_code"], synced["protocol_type"], synced["protocol_name"], synced["assignment"]) == \
            (0, "consumer", "range", mine)

        assert call(conn, gn.heartbeat_v4, gn.decode_heartbeat_v4, group, 1, member)["error_code"] == 0
        assert call(conn, gn.heartbeat_v4, gn.decode_heartbeat_v4, group, 2, member)["error_code"] == \
            gw.ILLEGAL_GENERATION

        committed = call(conn, gn.offset_commit_v9, gn.decode_offset_commit_v9, group, 1, member,
                         [(TOPIC, [(0, 7, 2, "meta-v9"), (1, 3, -1, None)])])
        assert committed["topics"] == [(TOPIC, [(0, 0), (1, 0)])]
        stale = call(conn, gn.offset_commit_v9, gn.decode_offset_commit_v9, group, 9, member,
                     [(TOPIC, [(0, 8, -1, "")])])
        assert stale["topics"] == [(TOPIC, [(0, gw.ILLEGAL_GENERATION)])]
        fetched = call(conn, gn.offset_fetch_v9, gw.decode_offset_fetch_v8, [(group, None, -1, None)],
                       require_stable=True)
        assert fetched["groups"] == [(group, 0, [(TOPIC, [(0, 7, 2, "meta-v9", 0), (1, 3, -1, "", 0)])])]

        described = call(conn, gn.describe_groups, lambda p: gn.decode_describe_groups(p, 5), 5, [group], True)
        assert described["groups"] == [{"error_code": 0, "group_id": group, "state": "Stable",
                                        "protocol_type": "consumer", "protocol": "range",
                                        "members": [(member, None, CLIENT_ID, HOST, RANGE_METADATA, mine)],
                                        "authorized_operations": GROUP_OPERATIONS}]

        deleted = call(conn, gn.delete_groups_v2, gn.decode_delete_groups_v2, [group])
        assert deleted["results"] == [(group, gw.NON_EMPTY_GROUP)]
        left = call(conn, gn.leave_group_v5, gn.decode_leave_group_v5, group,
                    [(member, None, "shutting down"), ("nobody", None, None)])
        assert (left["error_code"], left["members"]) == (0, [(member, None, 0), ("nobody", None,
                                                                                  gw.UNKNOWN_MEMBER_ID)])
        deleted = call(conn, gn.delete_groups_v2, gn.decode_delete_groups_v2, [group, "raw-newest-none"])
        assert deleted["results"] == [(group, 0), ("raw-newest-none", gw.GROUP_ID_NOT_FOUND)]
        fetched = call(conn, gn.offset_fetch_v9, gw.decode_offset_fetch_v8, [(group, None, -1, None)])
        assert fetched["groups"] == [(group, 0, [])]


def test_a_restarted_static_leader_skips_the_assignment_from_v9(group_broker, topic):
    group = "raw-newest-static"
    with RawConn(group_broker.host, group_broker.port) as conn:
        find_coordinator(conn, group)
        joined = until_ready(lambda: call(conn, gn.join_group_v9, gn.decode_join_group_v9, group, "", RANGE,
                                          instance_id="static-1"))
        assert (joined["error_code"], joined["generation_id"], joined["skip_assignment"]) == (0, 1, False), joined
        old = joined["member_id"]
        mine = gw.assignment({TOPIC: [0, 1]})
        synced = call(conn, gn.sync_group_v5, gn.decode_sync_group_v5, group, 1, old, "consumer", "range",
                      [(old, mine)], instance_id="static-1")
        assert synced["error_code"] == 0, synced

        again = call(conn, gn.join_group_v9, gn.decode_join_group_v9, group, "", RANGE, instance_id="static-1")
        new = again["member_id"]
        assert new != old
        assert again == {"correlation_id": again["correlation_id"], "throttle_time_ms": 0, "error_code": 0,
                         "generation_id": 1, "protocol_type": "consumer", "protocol_name": "range", "leader": new,
                         "skip_assignment": True, "member_id": new, "members": [(new, "static-1", RANGE_METADATA)]}
        # It syncs without an assignment and gets the one it had.
        resynced = call(conn, gn.sync_group_v5, gn.decode_sync_group_v5, group, 1, new, "consumer", "range",
                        instance_id="static-1")
        assert (resynced["error_code"], resynced["assignment"]) == (0, mine)
        assert call(conn, gn.heartbeat_v4, gn.decode_heartbeat_v4, group, 1, old,
                    instance_id="static-1")["error_code"] == gw.FENCED_INSTANCE_ID


@pytest.mark.parametrize("version, include_operations",
                         [(0, False), (1, False), (2, False), (3, False), (3, True), (4, True), (5, False), (5, True)])
def test_describe_groups_every_version(group_broker, topic, version, include_operations):
    """A Stable group with one static member and a group nobody has, at each version."""
    group = f"raw-describe-v{version}-{int(include_operations)}"
    with RawConn(group_broker.host, group_broker.port) as conn:
        find_coordinator(conn, group)
        joined = until_ready(lambda: call(conn, gw.join_group_v5, gw.decode_join_group_v5, group, "", RANGE,
                                          instance_id="describe-1"))
        assert joined["error_code"] == 0, joined
        member = joined["member_id"]
        mine = gw.assignment({TOPIC: [1]})
        synced = call(conn, gw.sync_group_v3, gw.decode_sync_group_v3, group, 1, member, [(member, mine)],
                      instance_id="describe-1")
        assert synced["error_code"] == 0, synced

        described = call(conn, gn.describe_groups, lambda p: gn.decode_describe_groups(p, version), version,
                         [group, "raw-describe-nobody"], include_operations)
        member_row = (member,) + (("describe-1",) if version >= 4 else ()) + (CLIENT_ID, HOST, RANGE_METADATA, mine)
        want = [{"error_code": 0, "group_id": group, "state": "Stable", "protocol_type": "consumer",
                 "protocol": "range", "members": [member_row]},
                {"error_code": 0, "group_id": "raw-describe-nobody", "state": "Dead", "protocol_type": "",
                 "protocol": "", "members": []}]
        if version >= 3:
            ops = GROUP_OPERATIONS if include_operations else OPERATIONS_NOT_ASKED
            for g in want:
                g["authorized_operations"] = ops
        assert described["groups"] == want
        if version >= 1:
            assert described["throttle_time_ms"] == 0
        left = call(conn, gw.leave_group_v3, gw.decode_leave_group_v3, group, [("", "describe-1")])
        assert left["members"] == [("", "describe-1", 0)]
