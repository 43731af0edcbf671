"""confluent-kafka 1.7.0 (librdkafka 2.0.2) consumer groups: a group consumer commits
what it consumed, and the next member of the group resumes exactly there; committed
offsets read back with committed()."""
import time

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition

from rawconn import create_topics_ok

TIMEOUT = 30


def produce(bootstrap, topic, partitions, per_partition):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    errors = []
    for part in range(partitions):
        for i in range(per_partition):
            p.produce(topic, key=b"k%d-%d" % (part, i), value=b"v%d-%d" % (part, i), partition=part,
                      on_delivery=lambda err, msg: errors.append(err) if err else None)
    assert p.flush(TIMEOUT) == 0
    assert errors == []


def group_consumer(bootstrap, group, **extra):
    return Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                     "auto.offset.reset": "earliest", "session.timeout.ms": 6000,
                     "heartbeat.interval.ms": 500, **extra})


def consume_n(c, n, timeout=TIMEOUT):
    """Polls until n messages arrived; returns [(partition, offset, key, value)]."""
    out = []
    deadline = time.monotonic() + timeout
    while len(out) < n and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is None:
            continue
        assert m.error() is None or m.error().code() == KafkaError._PARTITION_EOF, m.error()
        if m.error() is None:
            out.append((m.partition(), m.offset(), m.key(), m.value()))
    assert len(out) == n, f"got {len(out)} of {n} messages"
    return out


def assert_no_more(c, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        m = c.poll(0.2)
        assert m is None or m.error() is not None, (m.partition(), m.offset())


def test_group_consumer_resumes_from_committed_offsets(group_broker):
    topic, group = "grp-resume", "resume-group"
    create_topics_ok(group_broker, [(topic, 3, 1)])
    produce(group_broker.bootstrap, topic, 3, 10)
    everything = {(p, i, b"k%d-%d" % (p, i), b"v%d-%d" % (p, i)) for p in range(3) for i in range(10)}

    first = group_consumer(group_broker.bootstrap, group)
    first.subscribe([topic])
    got_first = consume_n(first, 12)
    first.commit(asynchronous=False)
    # What it committed: for each partition, one past the last offset it consumed there.
    expected = {p: max([o for q, o, _, _ in got_first if q == p], default=-1) + 1 for p in range(3)}
    assignment = first.assignment()
    assert sorted(tp.partition for tp in assignment) == [0, 1, 2]
    committed = first.committed([TopicPartition(topic, p) for p in range(3)], timeout=TIMEOUT)
    assert {tp.partition: tp.offset for tp in committed} == {
        p: (expected[p] if expected[p] > 0 else -1001) for p in range(3)}  # -1001: OFFSET_INVALID
    first.close()

    second = group_consumer(group_broker.bootstrap, group)
    second.subscribe([topic])
    got_second = consume_n(second, 30 - 12)
    # Nothing more: the second member starts exactly where the first one committed.
    assert_no_more(second, 1.5)
    second.commit(asynchronous=False)
    second.close()
    assert set(got_first).isdisjoint(got_second)
    assert set(got_first) | set(got_second) == everything
    for p in range(3):
        assert [o for q, o, _, _ in got_second if q == p] == list(range(expected[p], 10))

    # A fresh consumer of the group sees the final commits.
    third = group_consumer(group_broker.bootstrap, group)
    committed = third.committed([TopicPartition(topic, p) for p in range(3)], timeout=TIMEOUT)
    assert {tp.partition: tp.offset for tp in committed} == {0: 10, 1: 10, 2: 10}
    third.close()
