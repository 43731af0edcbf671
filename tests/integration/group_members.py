"""Consumer group members as processes (clients/group_member.py) and what their shared
event log proves: who owned which partition when, what each one consumed, and from where
each owner resumed. Used by test_groups_members.py and test_groups_cooperative.py."""
import json
import os
import signal
import subprocess
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition

HERE = os.path.dirname(os.path.abspath(__file__))
MEMBER = os.path.join(HERE, "clients", "group_member.py")
DEADLINE_S = 90


class MemberProcess:
    """One member; its stderr (librdkafka's group debug log) goes to LOG.NAME.stderr."""

    def __init__(self, bootstrap, topic, group, name, log_path, strategy, commit="each", instance_id=None):
        self.name = name
        self.stderr_path = f"{log_path}.{name}.stderr"
        with open(self.stderr_path, "a") as err:
            argv = [sys.executable, MEMBER, bootstrap, topic, group, name, log_path, strategy, commit]
            env = dict(os.environ, SB_GROUP_MEMBER_DEBUG="1")
            self.proc = subprocess.Popen(argv + ([instance_id] if instance_id else []), env=env,
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        self.killed_at = None

    def stderr_tail(self, lines=60):
        with open(self.stderr_path) as f:
            return "".join(f.readlines()[-lines:])

    def terminate(self):
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(timeout=30) == 0, self.stderr_tail()

    def kill(self):
        self.killed_at = time.time()
        self.proc.kill()
        self.proc.wait(timeout=10)


def stop_all(members):
    for m in members.values():
        if m.proc.poll() is None:
            m.terminate()


def produce(bootstrap, topic, partitions, first, count):
    """Keys "<partition>-<index>" for index in first..first+count-1, on every partition."""
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    for part in range(partitions):
        for i in range(first, first + count):
            p.produce(topic, key=b"%d-%d" % (part, i), value=b"x", partition=part)
    assert p.flush(30) == 0


def read_log(path):
    if not os.path.exists(path):  # no member has started yet
        return []
    with open(path) as f:
        # A member may be writing the last line right now: only whole lines count.
        return [json.loads(line) for line in f if line.endswith("\n") and line.strip()]


def consumed_count(path):
    return len({(e["partition"], e["offset"]) for e in read_log(path) if e["event"] == "consumed"})


def wait_for(predicate, what, timeout=DEADLINE_S):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def current_owners(events, members):
    """{partition: member} as the log says now; a killed member owns nothing."""
    owned = {}
    for e in sorted(events, key=lambda e: e["t"]):
        if e["event"] == "assigned":
            for p in e["partitions"]:
                owned[(e["member"], p)] = True
        elif e["event"] in ("revoked", "lost"):
            for p in e["partitions"]:
                owned.pop((e["member"], p), None)
    return {p: m for (m, p) in owned if members[m].killed_at is None}


def ownership(events, members, partitions, end_t):
    """{partition: [(member, start, end)]} from the assigned/revoked/lost events. An owner
    that was killed owns until the kill; one still running, until end_t."""
    owned = {}   # (member, partition) -> start
    out = {p: [] for p in range(partitions)}
    for e in sorted(events, key=lambda e: e["t"]):
        m = e["member"]
        if e["event"] == "assigned":
            for p in e["partitions"]:
                assert (m, p) not in owned, f"{m} assigned {p} while it owns it"
                owned[(m, p)] = e["t"]
        elif e["event"] in ("revoked", "lost"):
            for p in e["partitions"]:
                assert (m, p) in owned, f"{m} {e['event']} {p}, which it does not own"
                out[p].append((m, owned.pop((m, p)), e["t"]))
    for (m, p), start in owned.items():
        killed = members[m].killed_at
        out[p].append((m, start, killed if killed is not None else end_t))
    return out


def assert_no_double_ownership(owners):
    for p, spans in owners.items():
        spans = sorted(spans, key=lambda s: s[1])
        for (m1, _, end1), (m2, start2, _) in zip(spans, spans[1:]):
            assert end1 <= start2, f"partition {p}: {m1} owned it until {end1}, {m2} from {start2}"


def assert_consumed_exactly(events, members, owners, partitions, per_partition):
    """Every message was consumed, by its partition's owner of the moment, and each owner
    resumed exactly at the group's committed offset: per partition and owner, offsets run
    on from the last acknowledged commit without gap, or from the last one a killed member
    was sending. So the only messages consumed twice are those a killed member consumed
    after its last acknowledged commit."""
    consumed = [e for e in events if e["event"] == "consumed"]
    assert {(e["partition"], e["offset"]) for e in consumed} == \
        {(p, o) for p in range(partitions) for o in range(per_partition)}
    for e in consumed:
        assert e["key"] == f"{e['partition']}-{e['offset']}"
        assert any(m == e["member"] and start <= e["t"] <= end for m, start, end in owners[e["partition"]]), e

    ordered = sorted(events, key=lambda e: e["t"])
    for p in range(partitions):
        committed = 0        # the last offset a commit was acknowledged for
        in_flight = set()    # offsets a killed member may have committed before dying
        previous = None      # (member, last offset consumed)
        for e in ordered:
            if e.get("partition") != p:
                continue
            if e["event"] == "committed":
                committed = e["offset"]
                in_flight.discard(e["offset"])
            elif e["event"] == "committing" and members[e["member"]].killed_at is not None:
                in_flight.add(e["offset"])
            elif e["event"] == "consumed":
                o = e["offset"]
                if previous and previous[0] == e["member"] and o == previous[1] + 1:
                    previous = (e["member"], o)
                    continue
                assert o == committed or o in in_flight, \
                    f"partition {p}: {e['member']} started at {o}, the committed offset was {committed}" + \
                    (f" or one of {sorted(in_flight)}" if in_flight else "")
                committed, in_flight, previous = o, set(), (e["member"], o)


def assert_group_committed(bootstrap, group, topic, partitions, per_partition):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        committed = c.committed([TopicPartition(topic, p) for p in range(partitions)], timeout=30)
        assert {tp.partition: tp.offset for tp in committed} == {p: per_partition for p in range(partitions)}
    finally:
        c.close()


def assert_run(log, members, bootstrap, group, topic, partitions, per_partition):
    """Everything a finished run must show (every member stopped): no errors and no
    assignment lost, no partition owned twice at once, every message consumed by its
    owner with exact resumption, and the group's commits at the end of every partition."""
    end_t = time.time()
    events = read_log(log)
    assert [e for e in events if e["event"] in ("error", "lost")] == []
    owners = ownership(events, members, partitions, end_t)
    assert_no_double_ownership(owners)
    assert_consumed_exactly(events, members, owners, partitions, per_partition)
    assert_group_committed(bootstrap, group, topic, partitions, per_partition)
