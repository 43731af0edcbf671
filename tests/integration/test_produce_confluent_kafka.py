"""confluent-kafka 1.7.0 (librdkafka 2.0.2): an idempotent producer (InitProducerId,
sequence numbers) and a plain one, read back by consumers that assign() partitions at
the earliest offset, the latest one and a given one; watermarks and offsets_for_times
(ListOffsets)."""
import time

import pytest
from confluent_kafka import OFFSET_BEGINNING, OFFSET_END, Consumer, Producer, TopicPartition

from confluent_read import consume
from rawconn import create_topics_ok

TIMEOUT = 15
BASE_TS = 1_700_000_000_000


def produce_all(bootstrap, topic, records, **config):
    """records: [(partition, key, value, headers, timestamp)]; returns the delivery reports."""
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 10, **config})
    reports = []
    for partition, key, value, headers, ts in records:
        p.produce(topic, key=key, value=value, headers=headers, partition=partition, timestamp=ts,
                  on_delivery=lambda err, msg: reports.append((err, msg.partition(), msg.offset(), msg.key())))
    assert p.flush(TIMEOUT) == 0
    return reports


def records_for(n, partition=0):
    return [(partition, b"key-%d" % i, b"value-%d" % i if i % 7 else None, [("n", b"%d" % i), ("empty", b"")],
             BASE_TS + i) for i in range(n)]


@pytest.mark.parametrize("idempotent", [True, False])
def test_producer_and_assigned_consumer_exact(broker, idempotent):
    topic = f"ck-{'idempotent' if idempotent else 'plain'}"
    create_topics_ok(broker, [(topic, 2, 1)])
    records = records_for(30, 0) + records_for(20, 1)
    extra = {"enable.idempotence": True} if idempotent else {"acks": "all"}
    reports = produce_all(broker.bootstrap, topic, records, **extra)
    assert all(err is None for err, _, _, _ in reports)
    by_partition = {0: [], 1: []}
    for _, p, off, key in reports:
        by_partition[p].append((off, key))
    assert sorted(by_partition[0]) == [(i, b"key-%d" % i) for i in range(30)]
    assert sorted(by_partition[1]) == [(i, b"key-%d" % i) for i in range(20)]
    for partition, n in ((0, 30), (1, 20)):
        got = consume(broker.bootstrap, topic, partition, OFFSET_BEGINNING, n)
        expected = [(i, b"key-%d" % i, b"value-%d" % i if i % 7 else None, [("n", b"%d" % i), ("empty", b"")],
                     (1, BASE_TS + i)) for i in range(n)]  # 1: TIMESTAMP_CREATE_TIME
        assert got == expected


def test_assign_at_offset_and_at_end(broker):
    topic = "ck-positions"
    create_topics_ok(broker, [(topic, 1, 1)])
    produce_all(broker.bootstrap, topic, records_for(10), acks="all")
    got = consume(broker.bootstrap, topic, 0, 6, 4)
    assert [(o, k) for o, k, _, _, _ in got] == [(i, b"key-%d" % i) for i in range(6, 10)]
    # At the end: nothing old, then exactly what is produced afterwards.
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "unused", "enable.auto.commit": False})
    try:
        c.assign([TopicPartition(topic, 0, OFFSET_END)])
        assert c.poll(2.0) is None
        produce_all(broker.bootstrap, topic, [(0, b"late", b"after-end", None, BASE_TS + 99)], acks="all")
        m = None
        deadline = time.monotonic() + TIMEOUT
        while m is None and time.monotonic() < deadline:
            m = c.poll(1.0)
        assert m is not None and m.error() is None
        assert (m.offset(), m.key(), m.value()) == (10, b"late", b"after-end")
    finally:
        c.close()


def test_watermarks_and_offsets_for_times(broker):
    topic = "ck-times"
    create_topics_ok(broker, [(topic, 1, 1)])
    produce_all(broker.bootstrap, topic, [(0, b"k%d" % i, b"v", None, BASE_TS + 10 * i) for i in range(5)],
                acks="all")
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "unused"})
    try:
        assert c.get_watermark_offsets(TopicPartition(topic, 0), timeout=TIMEOUT) == (0, 5)
        asked = [TopicPartition(topic, 0, ts) for ts in (BASE_TS - 1, BASE_TS + 10, BASE_TS + 15, BASE_TS + 40,
                                                          BASE_TS + 41)]
        found = []
        for tp in asked:
            [r] = c.offsets_for_times([tp], timeout=TIMEOUT)
            found.append(r.offset)
        assert found == [0, 1, 2, 4, -1]  # -1: no record that late (OFFSET_END)
    finally:
        c.close()
