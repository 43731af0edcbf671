"""Topic compression.type: a confluent-kafka producer compresses with one codec into a
topic configured with another; the stored batches (read by a raw Fetch, which decodes
the records of every codec but snappy itself) carry the
topic's codec, or the producer's with `producer` or when they already agree; consumers
of two client libraries read every record exactly (offset, key, value, headers,
timestamp): confluent-kafka every topic, kafka-python (whose codecs here are gzip and
none) the topics stored gzip or uncompressed, among them zstd, lz4 and snappy batches
the broker recompressed. A Fetch older than v10 from a zstd topic gets
UNSUPPORTED_COMPRESSION_TYPE, as in Kafka. A codec name Kafka does not know is refused."""
import os
import sys

import pytest
from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic
from kafka import KafkaConsumer, TopicPartition

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from confluent_read import consume  # noqa: E402
from rawconn import RawConn  # noqa: E402

CODEC_BITS = {"none": 0, "uncompressed": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
BASE_TS = 1_700_000_000_000
COUNT = 40

# (topic's compression.type, producer's codec, codec of the stored batches)
CASES = [
    ("gzip", "zstd", "gzip"),
    ("gzip", "lz4", "gzip"),
    ("uncompressed", "snappy", "none"),
    ("uncompressed", "gzip", "none"),
    ("zstd", "gzip", "zstd"),
    ("lz4", "none", "lz4"),
    ("snappy", "zstd", "snappy"),
    ("zstd", "zstd", "zstd"),
    ("producer", "snappy", "snappy"),
]


def expected_records():
    return [(i, b"key-%d" % i, b"value %d " % i + b"x" * (i * 7), [("n", b"%d" % i)], BASE_TS + i)
            for i in range(COUNT)]


def create_topic(b, name, configs):
    """CreateTopics by confluent-kafka's AdminClient; raises its KafkaException if refused."""
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    admin.create_topics([NewTopic(name, 1, 1, config=configs)], request_timeout=15)[name].result(timeout=15)


def produce(b, topic, codec):
    p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "compression.codec": codec, "linger.ms": 50,
                  "batch.num.messages": 8, "enable.idempotence": True})
    delivered = []
    for _, key, value, headers, ts in expected_records():
        p.produce(topic, key=key, value=value, headers=headers, partition=0, timestamp=ts,
                  on_delivery=lambda err, msg: delivered.append((err, msg.offset())))
    assert p.flush(30) == 0
    assert delivered == [(None, i) for i in range(COUNT)]


def stored_batches(b, topic):
    with RawConn(b.host, b.port) as c:
        p = dw.fetch_partition(c, topic, 0)
    assert p["error_code"] == 0 and p["high_watermark"] == COUNT
    return p["batches"]


def kafka_python_read(b, topic):
    c = KafkaConsumer(bootstrap_servers=b.bootstrap, group_id=None, enable_auto_commit=False,
                      consumer_timeout_ms=3000, fetch_max_wait_ms=200)
    try:
        c.assign([TopicPartition(topic, 0)])
        c.seek_to_beginning()
        out = []
        for m in c:
            out.append((m.offset, m.key, m.value, m.headers, m.timestamp))
            if len(out) == COUNT:
                break
        return out
    finally:
        c.close()


@pytest.mark.parametrize("topic_codec,producer_codec,stored_codec", CASES)
def test_batches_are_stored_with_the_topics_codec(broker, topic_codec, producer_codec, stored_codec):
    topic = f"tc-{topic_codec}-from-{producer_codec}"
    create_topic(broker, topic, {"compression.type": topic_codec})
    produce(broker, topic, producer_codec)

    batches = stored_batches(broker, topic)
    assert len(batches) > 1  # several batches, every one of them with the stored codec
    assert [bt["attributes"] & 7 for bt in batches] == [CODEC_BITS[stored_codec]] * len(batches)
    assert sum(bt["records_count"] for bt in batches) == COUNT
    assert [bt["base_offset"] for bt in batches] == sorted(bt["base_offset"] for bt in batches)
    if stored_codec != "snappy":  # the raw decoder reads these records itself
        assert [(r["offset"], r["key"], r["value"], [(k.decode(), v) for k, v in r["headers"]], r["timestamp"])
                for bt in batches for r in bt["records"]] == expected_records()

    got = consume(broker.bootstrap, topic, 0, 0, COUNT)
    assert [(o, k, v, h, ts) for o, k, v, h, (_, ts) in got] == expected_records()
    if stored_codec in ("none", "gzip"):  # the codecs kafka-python decodes
        assert kafka_python_read(broker, topic) == expected_records()


def test_a_change_applies_to_the_next_batches(broker):
    topic = "tc-altered"
    create_topic(broker, topic, {})
    # Values that compress: librdkafka sends a batch uncompressed when its codec does not
    # make it smaller.
    before, after = b"before " + b"x" * 500, b"after " + b"y" * 500
    p = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "compression.codec": "zstd"})
    p.produce(topic, before, partition=0)
    assert p.flush(30) == 0
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic, set_config={"compression.type": "gzip"})
    admin.alter_configs([resource])[resource].result(timeout=15)
    p.produce(topic, after, partition=0)
    assert p.flush(30) == 0
    with RawConn(broker.host, broker.port) as c:
        batches = dw.fetch_partition(c, topic, 0)["batches"]
    assert [(bt["base_offset"], bt["attributes"] & 7) for bt in batches] == [(0, CODEC_BITS["zstd"]),
                                                                            (1, CODEC_BITS["gzip"])]
    assert [r["value"] for r in batches[1]["records"]] == [after]
    got = consume(broker.bootstrap, topic, 0, 0, 2)
    assert [(o, v) for o, _, v, _, _ in got] == [(0, before), (1, after)]


def test_fetch_before_v10_from_a_zstd_topic_is_refused_as_in_kafka(broker):
    """Fetch v10 is the first whose clients decode zstd. Kafka answers older fetches from a
    topic whose compression.type is zstd with UNSUPPORTED_COMPRESSION_TYPE for the
    partition, in place of any other answer, and looks at the config only."""
    zstd_topic, gzip_topic = "tc-zstd-old-fetch", "tc-gzip-old-fetch"
    create_topic(broker, zstd_topic, {"compression.type": "zstd"})
    create_topic(broker, gzip_topic, {"compression.type": "gzip"})
    with RawConn(broker.host, broker.port) as c:
        for topic in (zstd_topic, gzip_topic):
            answer = dw.produce_one(c, topic, dw.build_batch(dw.simple_records([b"a", b"b"])))
            assert (answer["error_code"], answer["base_offset"]) == (0, 0)
        for version, offset in [(4, 0), (9, 0), (9, 99)]:  # 99: out of range, still this error
            p = dw.fetch_partition(c, zstd_topic, offset=offset, version=version)
            assert (p["error_code"], p["high_watermark"], p["last_stable_offset"], p["batches"]) == (
                dw.UNSUPPORTED_COMPRESSION_TYPE, -1, -1, []), (version, offset)
        p = dw.fetch_partition(c, zstd_topic, version=10)
        assert (p["error_code"], p["high_watermark"]) == (0, 2)
        assert [(bt["base_offset"], bt["records_count"], bt["attributes"] & 7) for bt in p["batches"]] == [
            (0, 2, CODEC_BITS["zstd"])]
        p = dw.fetch_partition(c, gzip_topic, version=9)
        assert (p["error_code"], p["high_watermark"]) == (0, 2)
        assert [r["value"] for bt in p["batches"] for r in bt["records"]] == [b"a", b"b"]


def test_an_unknown_codec_is_refused(broker):
    with pytest.raises(KafkaException) as refused:
        create_topic(broker, "tc-unknown", {"compression.type": "brotli"})
    error = refused.value.args[0]
    assert error.code() == KafkaError.INVALID_CONFIG
    assert error.str() == ("Invalid value brotli for configuration compression.type: String must be one of: "
                           "uncompressed, zstd, lz4, snappy, gzip, producer")
