"""Topic compression levels (compression.gzip.level, compression.lz4.level,
compression.zstd.level; Kafka 3.8, KIP-390): confluent-kafka produces uncompressed into
topics whose compression.type is gzip, lz4 or zstd at two levels each, and the broker
recompresses every batch at the topic's level. A raw Fetch reads the stored batches:
each names the topic's codec, its records decompress to exactly what was produced
(offset, key, value, headers, timestamp), and its records section is byte for byte what
the codec's library writes at that level for those records - zlib, and Debian's
python3-lz4 and python3-zstandard, which use the same system liblz4 and libzstd as the
broker - so the stored batch's size is exactly that library's at that level, and
differs between the two levels. An AlterConfigs of the level on a live topic changes
the next batch. Levels outside Kafka's ranges are refused with INVALID_CONFIG and
Kafka's message by CreateTopics and AlterConfigs (confluent-kafka's AdminClient) and by
IncrementalAlterConfigs (encoded by hand)."""
import os
import random
import sys
import zlib

import lz4.frame
import pytest
import zstandard
from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import config_wire as cw  # noqa: E402
import datapath_wire as dw  # noqa: E402
from rawconn import RawConn  # noqa: E402

CODEC_BITS = {"gzip": 1, "lz4": 3, "zstd": 4}
BATCH_HEADER_BYTES = 61
BASE_TS = 1_700_000_000_000
COUNT = 30
LZ4_KAFKA_DEFAULT = 9
INVALID_CONFIG = 40

# Two levels of each codec that give stored batches of different sizes.
LEVELS = {"gzip": (1, 9), "lz4": (1, 12), "zstd": (-5, 19)}


def library_compress(codec, level, raw):
    """What the codec's library writes for `raw` at Kafka's `level`, with the broker's
    parameters: a gzip stream from one deflate (window 2^15, memLevel 8); an lz4 frame of
    64 KiB independent blocks without content size or checksums, Kafka's default level
    being lz4's fast compressor (LZ4F level 0); a zstd frame from ZSTD_compress."""
    if codec == "gzip":
        return zlib.compress(raw, level, wbits=31)
    if codec == "lz4":
        return lz4.frame.compress(raw, compression_level=0 if level == LZ4_KAFKA_DEFAULT else level,
                                  block_size=lz4.frame.BLOCKSIZE_MAX64KB, block_linked=False,
                                  content_checksum=False, store_size=False)
    return zstandard.ZstdCompressor(level=level).compress(raw)


def expected_records(first=0, count=COUNT):
    """Values of words from a small vocabulary: they compress well, and differently at
    each level."""
    words = [b"offset", b"partition", b"leader", b"replica", b"batch", b"record", b"segment", b"fetch"]
    rng = random.Random(390)
    out = []
    for i in range(first, first + count):
        value = b" ".join(rng.choice(words) + (b"%d" % rng.randrange(100) if rng.random() < 0.2 else b"")
                          for _ in range(300))
        out.append((i, b"key-%d" % i, value, [("n", b"%d" % i), ("level", b"test")], BASE_TS + i))
    return out


def create_topic(b, name, configs):
    """CreateTopics by confluent-kafka's AdminClient; raises its KafkaException if refused."""
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    admin.create_topics([NewTopic(name, 1, 1, config=configs)], request_timeout=15)[name].result(timeout=15)


def produce_uncompressed(b, topic, records):
    p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "compression.type": "none",
                  "linger.ms": 100, "enable.idempotence": True})
    delivered = []
    for _, key, value, headers, ts in records:
        p.produce(topic, key=key, value=value, headers=headers, partition=0, timestamp=ts,
                  on_delivery=lambda err, msg: delivered.append((err, msg.offset())))
    assert p.flush(30) == 0
    assert delivered == [(None, offset) for offset, *_ in records]


def stored_batches(b, topic, high_watermark):
    with RawConn(b.host, b.port) as c:
        p = dw.fetch_partition(c, topic, 0, partition_max_bytes=8 << 20)
    assert p["error_code"] == 0 and p["high_watermark"] == high_watermark
    return p["batches"]


def as_produced(batches):
    return [(r["offset"], r["key"], r["value"], [(k.decode(), v) for k, v in r["headers"]], r["timestamp"])
            for bt in batches for r in bt["records"]]


def check_stored_at_level(batch, codec, level):
    """The batch names the codec and its records are the library's output at `level` for
    the records the producer sent (which the batch decodes to). Returns the records'
    uncompressed bytes."""
    assert batch["attributes"] & 7 == CODEC_BITS[codec]
    plain = dw.decompress_records(CODEC_BITS[codec], batch["stored_records"])
    expected = library_compress(codec, level, plain)
    assert batch["stored_records"] == expected, (codec, level)
    assert batch["size"] == BATCH_HEADER_BYTES + len(expected)
    return plain


@pytest.mark.parametrize("codec", sorted(LEVELS))
def test_recompression_uses_the_topics_level(broker, codec):
    sizes = {}
    for level in LEVELS[codec]:
        topic = f"tcl-{codec}-{level}"
        create_topic(broker, topic, {"compression.type": codec, f"compression.{codec}.level": str(level)})
        produce_uncompressed(broker, topic, expected_records())
        batches = stored_batches(broker, topic, COUNT)
        assert sum(bt["records_count"] for bt in batches) == COUNT
        assert as_produced(batches) == expected_records()
        for bt in batches:
            plain = check_stored_at_level(bt, codec, level)
            # The two levels differ on these records, so the level was not ignored.
            other = LEVELS[codec][1] if level == LEVELS[codec][0] else LEVELS[codec][0]
            assert len(library_compress(codec, other, plain)) != len(bt["stored_records"])
        sizes[level] = sum(bt["size"] for bt in batches)
    low, high = LEVELS[codec]
    assert sizes[low] > sizes[high], sizes


@pytest.mark.parametrize("codec", sorted(LEVELS))
def test_an_altered_level_applies_to_the_next_batch(broker, codec):
    topic = f"tcl-altered-{codec}"
    low, high = LEVELS[codec]
    create_topic(broker, topic, {"compression.type": codec, f"compression.{codec}.level": str(low)})
    first, second = expected_records(0, 10), expected_records(10, 10)
    produce_uncompressed(broker, topic, first)
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic,
                              set_config={"compression.type": codec, f"compression.{codec}.level": str(high)})
    admin.alter_configs([resource])[resource].result(timeout=15)
    produce_uncompressed(broker, topic, second)

    batches = stored_batches(broker, topic, 20)
    assert as_produced(batches) == first + second
    for bt in batches:
        check_stored_at_level(bt, codec, low if bt["base_offset"] < 10 else high)
    assert {bt["base_offset"] < 10 for bt in batches} == {True, False}


# (config, value, Kafka's reason)
INVALID_LEVELS = [
    ("compression.gzip.level", "0", "Value must be between 1 and 9 or equal to -1"),
    ("compression.gzip.level", "10", "Value must be between 1 and 9 or equal to -1"),
    ("compression.lz4.level", "0", "Value must be at least 1"),
    ("compression.lz4.level", "18", "Value must be no more than 17"),
    ("compression.zstd.level", "-131073", "Value must be at least -131072"),
    ("compression.zstd.level", "23", "Value must be no more than 22"),
    ("compression.zstd.level", "high", "Not a number of type INT"),
]


def message(name, value, reason):
    return f"Invalid value {value} for configuration {name}: {reason}"


@pytest.mark.parametrize("name,value,reason", INVALID_LEVELS)
def test_create_topics_refuses_a_level_out_of_range(broker, name, value, reason):
    topic = "tcl-refused-" + name.split(".")[1]
    with pytest.raises(KafkaException) as refused:
        create_topic(broker, topic, {name: value})
    error = refused.value.args[0]
    assert (error.code(), error.str()) == (KafkaError.INVALID_CONFIG, message(name, value, reason))
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    assert topic not in admin.list_topics(timeout=10).topics


def test_alter_configs_refuses_a_level_out_of_range_and_keeps_the_topic_as_it_was(broker):
    topic = "tcl-alter-refused"
    create_topic(broker, topic, {"compression.type": "zstd", "compression.zstd.level": "7"})
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    for name, value, reason in INVALID_LEVELS:
        resource = ConfigResource(ConfigResource.Type.TOPIC, topic, set_config={name: value})
        with pytest.raises(KafkaException) as refused:
            admin.alter_configs([resource])[resource].result(timeout=15)
        error = refused.value.args[0]
        assert (error.code(), error.str()) == (KafkaError.INVALID_CONFIG, message(name, value, reason))
    with RawConn(broker.host, broker.port) as c:
        assert cw.topic_configs(c, topic) == {"compression.type": "zstd", "compression.zstd.level": "7"}
        for name, value, reason in INVALID_LEVELS:
            got = cw.alter(c, cw.API_INCREMENTAL_ALTER_CONFIGS, 1, [(cw.TOPIC, topic, [(name, cw.SET, value)])])
            assert got == [(INVALID_CONFIG, message(name, value, reason), cw.TOPIC, topic)]
        assert cw.topic_configs(c, topic) == {"compression.type": "zstd", "compression.zstd.level": "7"}
    # The topic still recompresses at its level.
    produce_uncompressed(broker, topic, expected_records(0, 5))
    for bt in stored_batches(broker, topic, 5):
        check_stored_at_level(bt, "zstd", 7)
