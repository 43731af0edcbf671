"""kafka-python 2.0.2: its producer (Produce v7, gzip and uncompressed) and a consumer
without a group (assign, seek; Fetch v4, ListOffsets v1) read back every record
exactly, headers and null values included."""
import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from rawconn import create_topics_ok

TIMEOUT_MS = 15000
BASE_TS = 1_700_000_000_000


def produce(bootstrap, topic, records, **config):
    p = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=10, **config)
    try:
        futures = [p.send(topic, key=k, value=v, headers=h, partition=part, timestamp_ms=ts)
                   for part, k, v, h, ts in records]
        p.flush(timeout=15)
        return [f.get(timeout=15) for f in futures]
    finally:
        p.close(timeout=5)


def consumer(bootstrap):
    return KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                         consumer_timeout_ms=3000, request_timeout_ms=TIMEOUT_MS + 1000,
                         fetch_max_wait_ms=200)


def read(c, count):
    out = []
    for m in c:
        out.append((m.partition, m.offset, m.key, m.value, m.headers, m.timestamp))
        if len(out) == count:
            break
    return out


@pytest.mark.parametrize("compression", [None, "gzip"])
def test_produce_and_consume_exact(broker, compression):
    topic = f"kp-{compression or 'none'}"
    create_topics_ok(broker, [(topic, 2, 1)])
    records = [(i % 2, b"k%d" % i, None if i == 3 else b"v%d" % i, [("h", b"%d" % i)], BASE_TS + i) for i in range(12)]
    metadata = produce(broker.bootstrap, topic, records, compression_type=compression)
    assert [(m.partition, m.offset) for m in metadata] == [(i % 2, i // 2) for i in range(12)]
    c = consumer(broker.bootstrap)
    try:
        c.assign([TopicPartition(topic, 0), TopicPartition(topic, 1)])
        c.seek_to_beginning()
        got = sorted(read(c, 12))
    finally:
        c.close()
    assert got == sorted((i % 2, i // 2, b"k%d" % i, None if i == 3 else b"v%d" % i, [("h", b"%d" % i)], BASE_TS + i)
                         for i in range(12))


def test_seek_to_an_offset_end_and_offsets_for_times(broker):
    topic = "kp-positions"
    create_topics_ok(broker, [(topic, 1, 1)])
    produce(broker.bootstrap, topic, [(0, b"k%d" % i, b"v%d" % i, [], BASE_TS + 100 * i) for i in range(6)])
    tp = TopicPartition(topic, 0)
    c = consumer(broker.bootstrap)
    try:
        c.assign([tp])
        c.seek(tp, 4)
        assert [(o, k) for _, o, k, _, _, _ in read(c, 2)] == [(4, b"k4"), (5, b"k5")]
        assert c.beginning_offsets([tp]) == {tp: 0}
        assert c.end_offsets([tp]) == {tp: 6}
        found = c.offsets_for_times({tp: BASE_TS + 150})
        assert (found[tp].offset, found[tp].timestamp) == (2, BASE_TS + 200)
        assert c.offsets_for_times({tp: BASE_TS + 10_000}) == {tp: None}
    finally:
        c.close()
