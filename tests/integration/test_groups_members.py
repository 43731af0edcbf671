"""Consumer group members as separate processes (clients/group_member.py, confluent-kafka
on librdkafka 2.0.2) over a 6-partition topic: three members start, a fourth joins, one
leaves (SIGTERM: LeaveGroup), one is killed (SIGKILL: its session expires), with the
eager `range` and `roundrobin` assignors (cooperative-sticky: test_groups_cooperative.py):
  - no partition is ever owned by two members at once (each member logs its assignments
    with wall-clock times, and a killed member owns nothing after it was killed);
  - every message is consumed by the member owning its partition at that moment;
  - each new owner resumes exactly at the committed offset: the only message consumed
    twice is, per partition, the last one a killed member consumed but could not commit;
  - the group's committed offsets end at the end of every partition."""
import pytest

from group_members import (MemberProcess, assert_run, consumed_count, produce, read_log, stop_all,
                           wait_for)
from rawconn import create_topics_ok

PARTITIONS = 6
PER_PARTITION = 60


@pytest.mark.parametrize("strategy", ["range", "roundrobin"])
def test_members_join_leave_and_die_without_double_ownership(group_broker, tmp_path, strategy):
    topic, group = f"members-{strategy}", f"members-group-{strategy}"
    create_topics_ok(group_broker, [(topic, PARTITIONS, 1)])
    produce(group_broker.bootstrap, topic, PARTITIONS, 0, PER_PARTITION)
    log = str(tmp_path / "events.jsonl")
    total = PARTITIONS * PER_PARTITION
    members = {}

    def start(name):
        members[name] = MemberProcess(group_broker.bootstrap, topic, group, name, log, strategy)

    try:
        for name in ("a", "b", "c"):
            start(name)
        wait_for(lambda: consumed_count(log) >= total // 6, "the first messages")
        start("d")
        wait_for(lambda: consumed_count(log) >= total // 3, "more messages")
        members["b"].terminate()
        wait_for(lambda: consumed_count(log) >= total // 2, "more messages after b left")
        members["c"].kill()
        wait_for(lambda: consumed_count(log) >= total, "every message")
    finally:
        stop_all(members)
    assert_run(log, members, group_broker.bootstrap, group, topic, PARTITIONS, PER_PARTITION)


def test_static_member_restarts_without_rebalance(group_broker, tmp_path):
    """Two static members (group.instance.id); one is killed and restarted within its
    session timeout: it gets its partitions back and the other member is not rebalanced."""
    topic, group = "members-static", "members-static-group"
    create_topics_ok(group_broker, [(topic, PARTITIONS, 1)])
    produce(group_broker.bootstrap, topic, PARTITIONS, 0, PER_PARTITION)
    log = str(tmp_path / "events.jsonl")
    members = {}

    def start(name):
        members[name] = MemberProcess(group_broker.bootstrap, topic, group, name, log, "range",
                                      instance_id=f"inst-{name}")

    def events_of(name, kind):
        return [e for e in read_log(log) if e["member"] == name and e["event"] == kind]

    try:
        start("a")
        start("b")
        wait_for(lambda: events_of("a", "assigned") and events_of("b", "assigned") and
                 sum(len(e["partitions"]) for e in events_of("a", "assigned")[-1:] + events_of("b", "assigned")[-1:])
                 == PARTITIONS, "both members assigned")
        wait_for(lambda: consumed_count(log) >= PARTITIONS * PER_PARTITION // 4, "the first messages")
        before = read_log(log)
        b_events = [e for e in before if e["member"] == "b" and e["event"] in ("assigned", "revoked")]
        a_partitions = events_of("a", "assigned")[-1]["partitions"]
        members["a"].kill()
        start("a")
        wait_for(lambda: len(events_of("a", "assigned")) >= 2, "the restarted member's assignment")
        assert events_of("a", "assigned")[-1]["partitions"] == a_partitions
        wait_for(lambda: consumed_count(log) >= PARTITIONS * PER_PARTITION, "every message")
        after = [e for e in read_log(log) if e["member"] == "b" and e["event"] in ("assigned", "revoked")]
        assert after == b_events, "the other static member was rebalanced"
    finally:
        stop_all(members)
