"""Incremental cooperative rebalancing (KIP-429) with librdkafka's cooperative-sticky
assignor (confluent-kafka 1.7.0 on librdkafka 2.0.2): members of one group, each its own
process (clients/group_member.py), over a 6-partition topic. They join one at a time
(a, b, c, d), then b leaves (SIGTERM: LeaveGroup) and c is killed (SIGKILL: its session
expires). Each member logs librdkafka's incremental assign / revoke / lost callbacks with
wall-clock times. Checked:
  - no partition is ever owned by two members at once;
  - the rebalances are incremental: when a member joins, the only partitions revoked are
    the ones it then gets, and every other partition stays with its owner throughout;
    when a member leaves or dies, nobody else is revoked anything;
  - every message is consumed, by the owner of its partition at that moment, and each
    owner resumes exactly at the committed offset (a killed member's last message may be
    consumed again, if its commit had not been acknowledged);
  - the group's committed offsets end at the end of every partition."""
import time

from group_members import (MemberProcess, assert_run, consumed_count, current_owners, produce,
                           read_log, stop_all, wait_for)
from rawconn import create_topics_ok

PARTITIONS = 6
# Messages are produced in chunks, one just before each change of membership, so that
# every rebalance happens while the members still have messages to consume.
CHUNK = 40
CHANGES = 6
PER_PARTITION = CHUNK * CHANGES
QUIET_S = 1.5  # a settled group: no assignment change for this long


def partition_events(events):
    return [e for e in events if e["event"] in ("assigned", "revoked", "lost")]


def wait_settled(log, members, expected):
    """Waits until the members in `expected` own every partition between them, each at
    least one, with no assignment change for QUIET_S; returns the owners then."""
    def settled():
        events = read_log(log)
        owners = current_owners(events, members)
        changes = partition_events(events)
        return (len(owners) == PARTITIONS and set(owners.values()) == set(expected)
                and time.time() - max(e["t"] for e in changes) >= QUIET_S)
    wait_for(settled, f"the group to settle on {sorted(expected)}")
    return current_owners(read_log(log), members)


def changes_since(log, t):
    return [e for e in partition_events(read_log(log)) if e["t"] > t]


def assert_join_was_incremental(before, after, changes, newcomer):
    """Only the partitions the newcomer got were revoked, each once; the rest never moved."""
    moved = {p for p, m in after.items() if m == newcomer}
    assert moved, f"{newcomer} got nothing: {after}"
    revoked = sorted(p for e in changes if e["event"] == "revoked" for p in e["partitions"])
    assert revoked == sorted(moved), f"revoked {revoked} to give {newcomer} {sorted(moved)}: {changes}"
    assert [e for e in changes if e["event"] == "lost"] == []
    for p, m in after.items():
        if p not in moved:
            assert m == before[p], f"partition {p} moved from {before[p]} to {m}"
    for e in changes:
        if e["event"] == "assigned" and e["member"] != newcomer:
            assert e["partitions"] == [], f"{e['member']} was given {e['partitions']} when {newcomer} joined"


def assert_departure_was_incremental(before, after, changes, gone):
    """Nobody else was revoked anything; only the departed member's partitions moved."""
    others = [e for e in changes if e["member"] != gone and e["event"] in ("revoked", "lost") and e["partitions"]]
    assert others == [], f"members were revoked partitions when {gone} left: {others}"
    for p, m in before.items():
        if m != gone:
            assert after[p] == m, f"partition {p} moved from {m} to {after[p]}"
        else:
            assert after[p] != gone


def test_cooperative_sticky_members_join_leave_and_die(group_broker, tmp_path):
    topic, group = "coop", "coop-group"
    create_topics_ok(group_broker, [(topic, PARTITIONS, 1)])
    log = str(tmp_path / "events.jsonl")
    members = {}

    def start(name):
        members[name] = MemberProcess(group_broker.bootstrap, topic, group, name, log, "cooperative-sticky",
                                      commit="rebalance")

    produced = []

    def produce_chunk():
        produce(group_broker.bootstrap, topic, PARTITIONS, CHUNK * len(produced), CHUNK)
        produced.append(CHUNK)

    try:
        produce_chunk()
        start("a")
        owners = wait_settled(log, members, {"a"})
        for newcomer, group_after in (("b", {"a", "b"}), ("c", {"a", "b", "c"}), ("d", {"a", "b", "c", "d"})):
            produce_chunk()
            t = time.time()
            start(newcomer)
            after = wait_settled(log, members, group_after)
            assert_join_was_incremental(owners, after, changes_since(log, t), newcomer)
            owners = after

        produce_chunk()
        t = time.time()
        members["b"].terminate()
        after = wait_settled(log, members, {"a", "c", "d"})
        assert_departure_was_incremental(owners, after, changes_since(log, t), "b")
        owners = after

        produce_chunk()
        t = time.time()
        members["c"].kill()
        after = wait_settled(log, members, {"a", "d"})
        assert_departure_was_incremental(owners, after, changes_since(log, t), "c")
        assert len(produced) == CHANGES
        wait_for(lambda: consumed_count(log) >= PARTITIONS * PER_PARTITION, "every message")
    finally:
        stop_all(members)
    assert_run(log, members, group_broker.bootstrap, group, topic, PARTITIONS, PER_PARTITION)
