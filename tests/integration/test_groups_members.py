"""Consumer group members as separate processes (clients/group_member.py, confluent-kafka
on librdkafka 2.0.2) over a 6-partition topic: three members start, a fourth joins, one
leaves (SIGTERM: LeaveGroup), one is killed (SIGKILL: its session expires), with the eager
`range` assignor:
  - no partition is ever owned by two members at once (each member logs its assignments
    with wall-clock times, and a killed member owns nothing after it was killed);
  - every message is consumed by the member owning its partition at that moment;
  - each new owner resumes exactly at the committed offset: the only message consumed
    twice is, per partition, the last one a killed member consumed but could not commit;
  - the group's committed offsets end at the end of every partition."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from rawconn import create_topics_ok

HERE = os.path.dirname(os.path.abspath(__file__))
MEMBER = os.path.join(HERE, "clients", "group_member.py")
PARTITIONS = 6
PER_PARTITION = 60
DEADLINE_S = 90


def produce_all(bootstrap, topic):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    for part in range(PARTITIONS):
        for i in range(PER_PARTITION):
            p.produce(topic, key=b"%d-%d" % (part, i), value=b"x", partition=part)
    assert p.flush(30) == 0


class Member:
    def __init__(self, bootstrap, topic, group, name, log_path, strategy, instance_id=None):
        self.name = name
        self.stderr_path = f"{log_path}.{name}.stderr"
        with open(self.stderr_path, "w") as err:
            argv = [sys.executable, MEMBER, bootstrap, topic, group, name, log_path, strategy]
            self.proc = subprocess.Popen(argv + ([instance_id] if instance_id else []),
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        self.killed_at = None

    def terminate(self):
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(timeout=30) == 0, open(self.stderr_path).read()

    def kill(self):
        self.killed_at = time.time()
        self.proc.kill()
        self.proc.wait(timeout=10)


def read_log(path):
    if not os.path.exists(path):  # no member has started yet
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def consumed_count(path):
    return len({(e["partition"], e["offset"]) for e in read_log(path) if e["event"] == "consumed"})


def wait_for(predicate, what, timeout=DEADLINE_S):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def ownership(events, members, end_t):
    """{partition: [(member, start, end)]} from the assigned/revoked events."""
    owned = {}   # (member, partition) -> start
    closing = set()  # members past "closing": their revocations during close() were counted
    out = {p: [] for p in range(PARTITIONS)}
    for e in sorted(events, key=lambda e: e["t"]):
        m = e["member"]
        if e["event"] == "assigned":
            for p in e["partitions"]:
                assert (m, p) not in owned, f"{m} assigned {p} twice"
                owned[(m, p)] = e["t"]
        elif e["event"] == "revoked":
            for p in e["partitions"]:
                if m in closing and (m, p) not in owned:
                    continue
                out[p].append((m, owned.pop((m, p)), e["t"]))
        elif e["event"] == "closing":
            closing.add(m)
            for (om, p) in [k for k in owned if k[0] == m]:
                out[p].append((m, owned.pop((om, p)), e["t"]))
    for (m, p), start in owned.items():
        killed = members[m].killed_at
        out[p].append((m, start, killed if killed is not None else end_t))
    return out


@pytest.mark.parametrize("strategy", ["range"])
def test_members_join_leave_and_die_without_double_ownership(group_broker, tmp_path, strategy):
    topic, group = f"members-{strategy}", f"members-group-{strategy}"
    create_topics_ok(group_broker, [(topic, PARTITIONS, 1)])
    produce_all(group_broker.bootstrap, topic)
    log = str(tmp_path / "events.jsonl")
    total = PARTITIONS * PER_PARTITION
    members = {}

    def start(name):
        members[name] = Member(group_broker.bootstrap, topic, group, name, log, strategy)

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
        for m in members.values():
            if m.proc.poll() is None:
                m.terminate()
    end_t = time.time()
    events = read_log(log)
    assert [e for e in events if e["event"] == "error"] == []

    # No partition owned by two members at once.
    owners = ownership(events, members, end_t)
    for p, spans in owners.items():
        spans.sort(key=lambda s: s[1])
        for (m1, _, end1), (m2, start2, _) in zip(spans, spans[1:]):
            assert end1 <= start2, f"partition {p}: {m1} owned it until {end1}, {m2} from {start2}"

    # Every message, each consumed while its consumer owned the partition.
    consumed = [e for e in events if e["event"] == "consumed"]
    assert {(e["partition"], e["offset"]) for e in consumed} == \
        {(p, o) for p in range(PARTITIONS) for o in range(PER_PARTITION)}
    for e in consumed:
        assert e["key"] == f"{e['partition']}-{e['offset']}"
        assert any(m == e["member"] and start <= e["t"] <= end for m, start, end in owners[e["partition"]]), e

    # Each owner resumed at the committed offset: per partition the offsets run 0, 1, 2, ...
    # in time order, repeating only the last one the killed member consumed there.
    killed_last = {}
    for e in consumed:
        if e["member"] == "c":
            killed_last[e["partition"]] = e["offset"]
    for p in range(PARTITIONS):
        offsets = [e["offset"] for e in sorted(consumed, key=lambda e: e["t"]) if e["partition"] == p]
        expected, previous = 0, None
        for o in offsets:
            if o == previous and killed_last.get(p) == o:
                continue  # consumed by "c", not committed before SIGKILL, consumed again
            assert o == expected, f"partition {p}: offsets {offsets}"
            previous, expected = o, o + 1
        assert expected == PER_PARTITION

    # What the group committed: the end of every partition.
    c = Consumer({"bootstrap.servers": group_broker.bootstrap, "group.id": group})
    try:
        committed = c.committed([TopicPartition(topic, p) for p in range(PARTITIONS)], timeout=30)
        assert {tp.partition: tp.offset for tp in committed} == {p: PER_PARTITION for p in range(PARTITIONS)}
    finally:
        c.close()


def test_static_member_restarts_without_rebalance(group_broker, tmp_path):
    """Two static members (group.instance.id); one is killed and restarted within its
    session timeout: it gets its partitions back and the other member is not rebalanced."""
    topic, group = "members-static", "members-static-group"
    create_topics_ok(group_broker, [(topic, PARTITIONS, 1)])
    produce_all(group_broker.bootstrap, topic)
    log = str(tmp_path / "events.jsonl")
    members = {}

    def start(name):
        members[name] = Member(group_broker.bootstrap, topic, group, name, log, "range", instance_id=f"inst-{name}")

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
        members["a"] = Member(group_broker.bootstrap, topic, group, "a", log, "range", instance_id="inst-a")
        wait_for(lambda: len(events_of("a", "assigned")) >= 2, "the restarted member's assignment")
        assert events_of("a", "assigned")[-1]["partitions"] == a_partitions
        wait_for(lambda: consumed_count(log) >= PARTITIONS * PER_PARTITION, "every message")
        after = [e for e in read_log(log) if e["member"] == "b" and e["event"] in ("assigned", "revoked")]
        assert after == b_events, "the other static member was rebalanced"
    finally:
        for m in members.values():
            if m.proc.poll() is None:
                m.terminate()
