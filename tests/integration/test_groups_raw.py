"""Consumer group APIs by hand: FindCoordinator v1 and v4 (batched), JoinGroup v0-v5,
SyncGroup v3, Heartbeat v3, LeaveGroup v3, OffsetCommit v7, OffsetFetch v8 (several
groups), ListGroups v0 and v3-v5 (state and type filters), DeleteGroups v1 and OffsetDelete
v0, with every error a client can provoke:
NOT_COORDINATOR, MEMBER_ID_REQUIRED, INVALID_SESSION_TIMEOUT, ILLEGAL_GENERATION,
UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID, NON_EMPTY_GROUP and
GROUP_ID_NOT_FOUND."""
import time

import pytest

import group_wire as gw
from group_calls import DEADLINE_S, call, find_coordinator, send, until_ready
from rawconn import RawConn, create_topics_ok

TOPIC = "raw-groups"
RANGE = [("range", gw.subscription([TOPIC]))]


def join_new_member(conn, group, **kwargs):
    """MEMBER_ID_REQUIRED, then the join with the id handed out; returns both answers."""
    first = until_ready(lambda: call(conn, gw.join_group_v5, gw.decode_join_group_v5, group, "", RANGE, **kwargs))
    assert first["error_code"] == gw.MEMBER_ID_REQUIRED, first
    joined = call(conn, gw.join_group_v5, gw.decode_join_group_v5, group, first["member_id"], RANGE, **kwargs)
    return first, joined


def test_group_requests_before_the_offsets_topic_exists_get_not_coordinator(broker_factory):
    from conftest import GROUP_FLAGS
    b = broker_factory(flags=GROUP_FLAGS)
    with RawConn(b.host, b.port) as conn:
        resp = call(conn, gw.join_group_v5, gw.decode_join_group_v5, "early", "", RANGE)
        assert (resp["error_code"], resp["generation_id"], resp["member_id"]) == (gw.NOT_COORDINATOR, -1, "")
        beat = call(conn, gw.heartbeat_v3, gw.decode_heartbeat_v3, "early", 1, "m")
        assert beat["error_code"] == gw.NOT_COORDINATOR
        # The first FindCoordinator creates __consumer_offsets; then the broker coordinates.
        found = find_coordinator(conn, "early")
        assert (found["error_code"], found["node_id"], found["host"], found["port"]) == (0, 1, b.host, b.port)


@pytest.fixture(scope="module", autouse=True)
def topics(group_broker):
    create_topics_ok(group_broker, [(TOPIC, 2, 1), ("raw-offsets", 3, 1)])


@pytest.mark.parametrize("version", [0, 1, 2, 3, 4])
def test_join_group_before_v5(group_broker, version):
    """Before v4 a new member is admitted at once under the id the broker gives it; v4
    answers MEMBER_ID_REQUIRED with that id first. Each version's layout, exactly."""
    group = f"raw-join-v{version}"
    with RawConn(group_broker.host, group_broker.port, timeout=DEADLINE_S) as conn:
        find_coordinator(conn, group)

        def join(member_id):
            return call(conn, gw.join_group, lambda p: gw.decode_join_group(p, version), version, group, member_id,
                        RANGE)
        joined = until_ready(lambda: join(""))
        if version >= 4:
            assert joined["error_code"] == gw.MEMBER_ID_REQUIRED, joined
            joined = join(joined["member_id"])
        member = joined["member_id"]
        assert member.startswith("sb-it-") and len(member) == len("sb-it-") + 36
        want = {"correlation_id": joined["correlation_id"], "error_code": 0, "generation_id": 1,
                "protocol_name": "range", "leader": member, "member_id": member,
                "members": [(member, None, RANGE[0][1])]}
        if version >= 2:
            want["throttle_time_ms"] = 0
        assert joined == want
        left = call(conn, gw.leave_group_v3, gw.decode_leave_group_v3, group, [(member, None)])
        assert left["members"] == [(member, None, 0)]


def test_find_coordinator_v1_and_batched_v4(group_broker):
    b = group_broker
    with RawConn(b.host, b.port) as conn:
        found = find_coordinator(conn, "fc-group")
        assert found == {"correlation_id": found["correlation_id"], "throttle_time_ms": 0, "error_code": 0,
                         "error_message": None, "node_id": 1, "host": b.host, "port": b.port}
        batched = call(conn, gw.find_coordinator_v4, gw.decode_find_coordinator_v4, ["a", "b", ""])
        assert batched["coordinators"] == [
            {"key": k, "node_id": 1, "host": b.host, "port": b.port, "error_code": 0, "error_message": None}
            for k in ("a", "b", "")]
        txn = call(conn, gw.find_coordinator_v4, gw.decode_find_coordinator_v4, ["txn-1"], key_type=1)
        [c] = txn["coordinators"]
        assert (c["key"], c["node_id"], c["host"], c["port"], c["error_code"]) == \
            ("txn-1", -1, "", -1, gw.COORDINATOR_NOT_AVAILABLE)
        share = call(conn, gw.find_coordinator_v4, gw.decode_find_coordinator_v4, ["s"], key_type=2)
        assert share["coordinators"][0]["error_code"] == gw.INVALID_REQUEST


def test_membership_errors_and_rebalance(group_broker):
    b = group_broker
    group = "raw-members"
    with RawConn(b.host, b.port, timeout=DEADLINE_S) as one, RawConn(b.host, b.port, timeout=DEADLINE_S) as two:
        find_coordinator(one, group)
        bad = until_ready(lambda: call(one, gw.join_group_v5, gw.decode_join_group_v5, group, "", RANGE,
                                       session_ms=500))
        assert bad["error_code"] == gw.INVALID_SESSION_TIMEOUT
        first, joined = join_new_member(one, group)
        m1 = first["member_id"]
        assert m1.startswith("sb-it-") and len(m1) == len("sb-it-") + 36
        assert (joined["error_code"], joined["generation_id"], joined["protocol_name"], joined["leader"],
                joined["member_id"]) == (0, 1, "range", m1, m1)
        assert joined["members"] == [(m1, None, RANGE[0][1])]

        # SyncGroup: wrong generation, unknown member, then the leader's assignment.
        wrong = call(one, gw.sync_group_v3, gw.decode_sync_group_v3, group, 2, m1)
        assert wrong["error_code"] == gw.ILLEGAL_GENERATION
        unknown = call(one, gw.sync_group_v3, gw.decode_sync_group_v3, group, 1, "nobody")
        assert unknown["error_code"] == gw.UNKNOWN_MEMBER_ID
        mine = gw.assignment({TOPIC: [0, 1]})
        synced = call(one, gw.sync_group_v3, gw.decode_sync_group_v3, group, 1, m1, [(m1, mine)])
        assert (synced["error_code"], synced["assignment"]) == (0, mine)

        # Heartbeat: fine, wrong generation, unknown member.
        assert call(one, gw.heartbeat_v3, gw.decode_heartbeat_v3, group, 1, m1)["error_code"] == 0
        assert call(one, gw.heartbeat_v3, gw.decode_heartbeat_v3, group, 7, m1)["error_code"] == gw.ILLEGAL_GENERATION
        assert call(one, gw.heartbeat_v3, gw.decode_heartbeat_v3, group, 1, "x")["error_code"] == gw.UNKNOWN_MEMBER_ID

        # A second member: its JoinGroup waits, and the first member is told to rejoin.
        first2 = call(two, gw.join_group_v5, gw.decode_join_group_v5, group, "", RANGE)
        assert first2["error_code"] == gw.MEMBER_ID_REQUIRED
        m2 = first2["member_id"]
        pending = send(two, gw.join_group_v5, group, m2, RANGE)
        deadline = time.monotonic() + DEADLINE_S
        while True:
            beat = call(one, gw.heartbeat_v3, gw.decode_heartbeat_v3, group, 1, m1)["error_code"]
            if beat == gw.REBALANCE_IN_PROGRESS or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert beat == gw.REBALANCE_IN_PROGRESS
        # Committing during the join phase with the old generation is still allowed.
        commit = call(one, gw.offset_commit_v7, gw.decode_offset_commit_v7, group, 1, m1,
                      [(TOPIC, [(0, 5, -1, "during-rebalance")])])
        assert commit["topics"] == [(TOPIC, [(0, 0)])]
        rejoined = call(one, gw.join_group_v5, gw.decode_join_group_v5, group, m1, RANGE)
        second = gw.decode_join_group_v5(two.recv_frame(timeout=DEADLINE_S))
        assert second["correlation_id"] == pending
        assert (rejoined["error_code"], rejoined["generation_id"], rejoined["leader"]) == (0, 2, m1)
        assert sorted(rejoined["members"]) == sorted([(m1, None, RANGE[0][1]), (m2, None, RANGE[0][1])])
        assert (second["error_code"], second["generation_id"], second["leader"], second["members"]) == (0, 2, m1, [])

        # Between JoinGroup and SyncGroup a commit gets REBALANCE_IN_PROGRESS.
        commit = call(one, gw.offset_commit_v7, gw.decode_offset_commit_v7, group, 2, m1, [(TOPIC, [(0, 6, -1, "")])])
        assert commit["topics"] == [(TOPIC, [(0, gw.REBALANCE_IN_PROGRESS)])]
        a1, a2 = gw.assignment({TOPIC: [0]}), gw.assignment({TOPIC: [1]})
        waiting = send(two, gw.sync_group_v3, group, 2, m2)
        synced = call(one, gw.sync_group_v3, gw.decode_sync_group_v3, group, 2, m1, [(m1, a1), (m2, a2)])
        other = gw.decode_sync_group_v3(two.recv_frame(timeout=DEADLINE_S))
        assert other["correlation_id"] == waiting
        assert (synced["error_code"], synced["assignment"]) == (0, a1)
        assert (other["error_code"], other["assignment"]) == (0, a2)

        # The group has members: it cannot be deleted. An unknown group is not found.
        deleted = call(one, gw.delete_groups_v1, gw.decode_delete_groups_v1, [group, "no-such-group"])
        assert deleted["results"] == [(group, gw.NON_EMPTY_GROUP), ("no-such-group", gw.GROUP_ID_NOT_FOUND)]

        # Both leave in one LeaveGroup v3 (one unknown member among them); then it can go.
        left = call(one, gw.leave_group_v3, gw.decode_leave_group_v3, group, [(m1, None), (m2, None), ("zz", None)])
        assert (left["error_code"], left["members"]) == (0, [(m1, None, 0), (m2, None, 0), ("zz", None,
                                                                                           gw.UNKNOWN_MEMBER_ID)])
        deleted = call(one, gw.delete_groups_v1, gw.decode_delete_groups_v1, [group])
        assert deleted["results"] == [(group, 0)]
        fetched = call(one, gw.offset_fetch_v8, gw.decode_offset_fetch_v8, [(group, None)])
        assert fetched["groups"] == [(group, 0, [])]


def test_static_member_fencing(group_broker):
    b = group_broker
    group = "raw-static-group"
    with RawConn(b.host, b.port, timeout=DEADLINE_S) as conn:
        find_coordinator(conn, group)
        # A static member joins with its instance id and no member id: admitted at once (v5).
        joined = until_ready(lambda: call(conn, gw.join_group_v5, gw.decode_join_group_v5, group, "", RANGE,
                                          instance_id="instance-1"))
        assert (joined["error_code"], joined["generation_id"]) == (0, 1)
        old = joined["member_id"]
        synced = call(conn, gw.sync_group_v3, gw.decode_sync_group_v3, group, 1, old,
                      [(old, gw.assignment({TOPIC: [0]}))], instance_id="instance-1")
        assert synced["error_code"] == 0
        # The same instance restarts: a new member id, the same generation, no rebalance.
        again = call(conn, gw.join_group_v5, gw.decode_join_group_v5, group, "", RANGE, instance_id="instance-1")
        assert again["error_code"] == 0 and again["member_id"] != old
        assert again["generation_id"] == 1
        # The old process is fenced everywhere.
        assert call(conn, gw.heartbeat_v3, gw.decode_heartbeat_v3, group, 1, old,
                    instance_id="instance-1")["error_code"] == gw.FENCED_INSTANCE_ID
        commit = call(conn, gw.offset_commit_v7, gw.decode_offset_commit_v7, group, 1, old,
                      [(TOPIC, [(0, 1, -1, "")])], instance_id="instance-1")
        assert commit["topics"] == [(TOPIC, [(0, gw.FENCED_INSTANCE_ID)])]
        assert call(conn, gw.heartbeat_v3, gw.decode_heartbeat_v3, group, 1, again["member_id"],
                    instance_id="instance-1")["error_code"] == 0
        # An administrator removes it by instance id alone.
        left = call(conn, gw.leave_group_v3, gw.decode_leave_group_v3, group, [("", "instance-1")])
        assert left["members"] == [("", "instance-1", 0)]


def test_offset_commit_fetch_several_groups_and_offset_delete(group_broker):
    b = group_broker
    with RawConn(b.host, b.port, timeout=DEADLINE_S) as conn:
        find_coordinator(conn, "offsets-a")
        commit = until_ready(lambda: _commit_any(conn))
        assert commit["topics"] == [("raw-offsets", [(0, 0), (2, 0), (9, 3)]), ("no-such-topic", [(0, 3)])]
        other = call(conn, gw.offset_commit_v7, gw.decode_offset_commit_v7, "offsets-b", -1, "",
                     [("raw-offsets", [(1, 7, -1, None)])])
        assert other["topics"] == [("raw-offsets", [(1, 0)])]
        fetched = call(conn, gw.offset_fetch_v8, gw.decode_offset_fetch_v8, [
            ("offsets-a", [("raw-offsets", [0, 1, 2])]),
            ("offsets-b", None),
            ("offsets-none", [("raw-offsets", [0])]),
        ], require_stable=True)
        assert fetched["groups"] == [
            ("offsets-a", 0, [("raw-offsets", [(0, 42, 3, "meta-0", 0), (1, -1, -1, "", 0), (2, 17, -1, "", 0)])]),
            ("offsets-b", 0, [("raw-offsets", [(1, 7, -1, "", 0)])]),
            ("offsets-none", 0, [("raw-offsets", [(0, -1, -1, "", 0)])]),
        ]
        # OffsetDelete in an empty group: the named partition goes, the others stay.
        deleted = call(conn, gw.offset_delete_v0, gw.decode_offset_delete_v0, "offsets-a",
                       [("raw-offsets", [0]), ("no-such-topic", [0])])
        assert (deleted["error_code"], deleted["topics"]) == (0, [("raw-offsets", [(0, 0)]), ("no-such-topic", [(0, 3)])])
        missing = call(conn, gw.offset_delete_v0, gw.decode_offset_delete_v0, "offsets-zz", [("raw-offsets", [0])])
        assert (missing["error_code"], missing["topics"]) == (gw.GROUP_ID_NOT_FOUND, [])
        fetched = call(conn, gw.offset_fetch_v8, gw.decode_offset_fetch_v8, [("offsets-a", None)])
        assert fetched["groups"] == [("offsets-a", 0, [("raw-offsets", [(2, 17, -1, "", 0)])])]


def _commit_any(conn):
    """A commit from outside group management (generation -1), with an unknown partition
    and an unknown topic; until_ready reads the first partition's error."""
    resp = call(conn, gw.offset_commit_v7, gw.decode_offset_commit_v7, "offsets-a", -1, "",
                [("raw-offsets", [(0, 42, 3, "meta-0"), (2, 17, -1, ""), (9, 1, -1, "")]),
                 ("no-such-topic", [(0, 1, -1, "")])])
    resp["error_code"] = resp["topics"][0][1][0][1]
    return resp


def test_list_groups_filters_by_state_and_type(group_broker):
    """A Stable group and an Empty one (offsets only): ListGroups v0 and v3 list both; v4
    keeps the groups in the states asked for (any case); v5 also filters by type, and
    every group here is "classic"."""
    b = group_broker
    with RawConn(b.host, b.port, timeout=DEADLINE_S) as conn:
        find_coordinator(conn, "lg-stable")
        _, joined = join_new_member(conn, "lg-stable", session_ms=60000)
        assert joined["error_code"] == 0, joined
        synced = call(conn, gw.sync_group_v3, gw.decode_sync_group_v3, "lg-stable", joined["generation_id"],
                      joined["member_id"], [(joined["member_id"], gw.assignment({TOPIC: [0]}))])
        assert synced["error_code"] == 0, synced
        find_coordinator(conn, "lg-empty")
        committed = call(conn, gw.offset_commit_v7, gw.decode_offset_commit_v7, "lg-empty", -1, "",
                         [(TOPIC, [(0, 5, -1, "")])])
        assert committed["topics"] == [(TOPIC, [(0, 0)])]

        def listed(version, **filters):
            resp = call(conn, gw.list_groups, lambda payload: gw.decode_list_groups(payload, version), version,
                        **filters)
            assert resp["error_code"] == 0, resp
            return [g for g in resp["groups"] if g[0].startswith("lg-")]

        assert listed(0) == [("lg-empty", ""), ("lg-stable", "consumer")]
        assert listed(3) == [("lg-empty", ""), ("lg-stable", "consumer")]
        assert listed(4) == [("lg-empty", "", "Empty"), ("lg-stable", "consumer", "Stable")]
        assert listed(4, states=["Stable"]) == [("lg-stable", "consumer", "Stable")]
        assert listed(4, states=["empty", "DEAD"]) == [("lg-empty", "", "Empty")]
        assert listed(4, states=["PreparingRebalance"]) == []
        assert listed(5, states=["stable"], types=["Classic"]) == [("lg-stable", "consumer", "Stable", "classic")]
        assert listed(5, types=["classic", "consumer"]) == [("lg-empty", "", "Empty", "classic"),
                                                           ("lg-stable", "consumer", "Stable", "classic")]
        assert listed(5, types=["consumer"]) == []
