"""Groups and committed offsets survive a broker restart, after SIGTERM and after SIGKILL:
a fresh confluent-kafka consumer reads back exactly the offsets committed before, and a group consumer resumes exactly there;
a member that keeps running through the restart stays in its Stable group without a rebalance."""
import signal
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

import broker as sb
from conftest import GROUP_FLAGS
from group_wire import decode_assignment
from rawconn import create_topics_ok

TIMEOUT = 30
LIVE_TOPIC = "restart-live-topic"
LIVE_GROUP = "restart-live-group"


def committed(bootstrap, group, topic, partitions):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        got = c.committed([TopicPartition(topic, p) for p in range(partitions)], timeout=TIMEOUT)
        return {tp.partition: tp.offset for tp in got}
    finally:
        c.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_committed_offsets_survive_restart(tmp_path, sig):
    data_dir = tmp_path / "data"
    first = sb.Broker(data_dir=data_dir, flags=GROUP_FLAGS)
    first.start()
    try:
        create_topics_ok(first, [("restart-topic", 3, 1)])
        p = Producer({"bootstrap.servers": first.bootstrap, "acks": "all"})
        for part in range(3):
            for i in range(8):
                p.produce("restart-topic", value=b"%d-%d" % (part, i), partition=part)
        assert p.flush(TIMEOUT) == 0
        c = Consumer({"bootstrap.servers": first.bootstrap, "group.id": "restart-group",
                      "enable.auto.commit": False})
        c.commit(offsets=[TopicPartition("restart-topic", 0, 3),
                          TopicPartition("restart-topic", 2, 8)], asynchronous=False)
        c.close()
        assert committed(first.bootstrap, "restart-group", "restart-topic", 3) == \
            {0: 3, 1: -1001, 2: 8}
        rc, _ = first.stop(sig)
        assert rc == (0 if sig == signal.SIGTERM else -signal.SIGKILL)
    finally:
        first.cleanup()

    second = sb.Broker(data_dir=data_dir, flags=GROUP_FLAGS)
    second.start()
    try:
        assert committed(second.bootstrap, "restart-group", "restart-topic", 3) == \
            {0: 3, 1: -1001, 2: 8}
        # A group member resumes exactly at the committed offsets (partition 1 from the start).
        c = Consumer({"bootstrap.servers": second.bootstrap, "group.id": "restart-group",
                      "enable.auto.commit": False, "auto.offset.reset": "earliest"})
        c.subscribe(["restart-topic"])
        got = set()
        deadline = time.monotonic() + TIMEOUT
        while len(got) < 5 + 8 and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and m.error() is None:
                got.add((m.partition(), m.offset()))
        c.close()
        assert got == {(0, o) for o in range(3, 8)} | {(1, o) for o in range(8)}
        second.stop_and_check()
    finally:
        second.cleanup()



def described_members(bootstrap, group):
    """(state, {member id: {topic: partitions}}) through confluent-kafka's list_groups
    (ListGroups, then DescribeGroups)."""
    admin = AdminClient({"bootstrap.servers": bootstrap})
    [g] = admin.list_groups(group, timeout=TIMEOUT)
    return g.state, {m.id: decode_assignment(m.assignment) for m in g.members}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_running_member_carries_on_across_a_restart_without_a_rebalance(broker_factory, sig):
    """A group member whose session outlasts the broker's downtime: after the restart the
    group is Stable with the same member and assignment, the member is neither revoked nor
    assigned again, and it consumes exactly the records produced since, from where it was."""
    first = broker_factory(flags=GROUP_FLAGS)
    create_topics_ok(first, [(LIVE_TOPIC, 3, 1)])
    produce(first.bootstrap, range(0, 10))
    events = []
    member = Consumer({"bootstrap.servers": first.bootstrap, "group.id": LIVE_GROUP, "enable.auto.commit": False,
                       "auto.offset.reset": "earliest", "session.timeout.ms": 60000, "heartbeat.interval.ms": 500,
                       "reconnect.backoff.ms": 50, "reconnect.backoff.max.ms": 500})
    member.subscribe([LIVE_TOPIC], on_assign=lambda c, ps: events.append(("assign", partition_numbers(ps))),
                     on_revoke=lambda c, ps: events.append(("revoke", partition_numbers(ps))))
    try:
        assert consume(member, 30) == {(p, o) for p in range(3) for o in range(10)}
        before = described_members(first.bootstrap, LIVE_GROUP)
        [member_id] = before[1]
        assert before == ("Stable", {member_id: {LIVE_TOPIC: [0, 1, 2]}})

        if sig == signal.SIGTERM:
            first.stop_and_check()
        else:
            first.stop(signal.SIGKILL)
        member.poll(1.0)  # the member notices the broker is gone
        second = broker_factory(data_dir=first.data_dir, flags={**GROUP_FLAGS, "--kafka-addr": first.bootstrap})
        produce(second.bootstrap, range(10, 15))
        assert consume(member, 15) == {(p, o) for p in range(3) for o in range(10, 15)}
        assert described_members(second.bootstrap, LIVE_GROUP) == before
        assert events == [("assign", [0, 1, 2])]
    finally:
        member.close()


def partition_numbers(tps):
    return sorted(tp.partition for tp in tps)


def produce(bootstrap, indexes):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for part in range(3):
        for i in indexes:
            p.produce(LIVE_TOPIC, value=b"%d-%d" % (part, i), partition=part)
    assert p.flush(TIMEOUT) == 0


def consume(member, count):
    """The (partition, offset) of the next `count` records; each record's value names them."""
    got = set()
    deadline = time.monotonic() + TIMEOUT
    while len(got) < count and time.monotonic() < deadline:
        m = member.poll(0.5)
        if m is not None and m.error() is None:
            assert m.value() == b"%d-%d" % (m.partition(), m.offset())
            got.add((m.partition(), m.offset()))
    return got
