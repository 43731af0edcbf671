"""Produce by hand-encoded requests: Kafka's error codes for malformed and refused
batches (bad CRC, wrong batch lengths, magic 0 and 1, absurd record counts, too large,
two batches, bytes after the batch - corrupt, or dropped when shorter than a batch -,
bad base offset, counts, zstd before v7, acks) and closed connections for truncated
requests - while a confluent-kafka producer and consumer on the same partition see no
error and lose nothing - acks=0, unknown topics with and without auto-creation,
LogAppendTime topics, timestamp bounds and keyless records on compacted topics (with
record_errors), and records that survive restarts byte for byte."""
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib

import pytest
from confluent_kafka import OFFSET_BEGINNING, Producer
from confluent_kafka.admin import AdminClient, NewTopic

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from confluent_read import consume  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402


def create_with_configs(b, name, configs):
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    futures = admin.create_topics([NewTopic(name, 1, 1, config=configs)], request_timeout=15)
    assert futures[name].result(timeout=15) is None


def fetch_all(b, topic, partition=0):
    with RawConn(b.host, b.port) as c:
        return dw.fetch_partition(c, topic, partition)


def kcat_roundtrip(b, topic, values):
    subprocess.run(["kcat", "-b", b.bootstrap, "-P", "-t", topic, "-p", "0", "-X", "acks=all"],
                   input="".join(v + "\n" for v in values).encode(), check=True, timeout=60, capture_output=True)
    out = subprocess.run(["kcat", "-b", b.bootstrap, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q",
                          "-f", "%s\n"], check=True, timeout=60, capture_output=True).stdout.decode()
    return out.splitlines()


def good_batch(n=2):
    return dw.build_batch(dw.simple_records([b"good-%d" % i for i in range(n)]))


def test_malformed_batches_get_kafka_errors_and_nothing_is_stored(broker):
    topic = "produce-malformed"
    create_topics_ok(broker, [(topic, 2, 1)])
    bad_crc = bytearray(good_batch())
    bad_crc[-1] ^= 0xFF
    cases = [
        (bytes(bad_crc), dw.CORRUPT_MESSAGE),
        (good_batch() + good_batch(), dw.INVALID_RECORD),  # two batches
        (dw.build_batch(dw.simple_records([b"a"]), base_offset=5), dw.INVALID_RECORD),
        (dw.build_batch(dw.simple_records([b"a", b"b"]), records_count=3), dw.INVALID_RECORD),
        (dw.build_batch(dw.simple_records([b"a", b"b"]), last_offset_delta=5), dw.INVALID_RECORD),
        (good_batch()[:40], dw.INVALID_RECORD),  # cut short: no whole batch, as Kafka sees it
        (b"", dw.INVALID_RECORD),
    ]
    with RawConn(broker.host, broker.port) as c:
        for records, code in cases:
            # The good partition of the same request is appended regardless.
            r = dw.produce(c, {topic: {0: records, 1: good_batch()}})
            assert (r[topic][0]["error_code"], r[topic][0]["base_offset"]) == (code, -1), records[:30]
            assert r[topic][1]["error_code"] == 0
        assert dw.produce_one(c, topic, dw.build_batch(dw.simple_records([b"z"]), codec="zstd"),
                              version=3)["error_code"] == dw.UNSUPPORTED_COMPRESSION_TYPE
        assert dw.produce_one(c, topic, good_batch(), acks=2)["error_code"] == dw.INVALID_REQUIRED_ACKS
        assert dw.fetch_partition(c, topic, 0)["high_watermark"] == 0
        assert dw.fetch_partition(c, topic, 1)["high_watermark"] == 2 * len(cases)
    assert kcat_roundtrip(broker, topic, ["still", "working"]) == ["still", "working"]


def test_bytes_after_the_batch_as_kafka(broker):
    """Kafka's batch iterator reads what follows the one batch: a corrupt batch start is
    CORRUPT_MESSAGE, a whole second batch INVALID_RECORD, and anything shorter than a
    batch is dropped by the log (trimmed), the batch itself stored."""
    topic = "produce-trailing"
    create_topics_ok(broker, [(topic, 1, 1)])
    short_size = struct.pack(">qi", 0, 5)  # 12 bytes: a batch length below 14
    bad_magic = struct.pack(">qiib", 0, 100, 0, 9)  # 17 bytes: magic 9
    partial = good_batch(1)[:30]  # the start of a whole batch
    with RawConn(broker.host, broker.port) as c:
        for tail, code in [(short_size, dw.CORRUPT_MESSAGE), (bad_magic, dw.CORRUPT_MESSAGE),
                           (good_batch(1), dw.INVALID_RECORD)]:
            answer = dw.produce_one(c, topic, good_batch() + tail)
            assert (answer["error_code"], answer["base_offset"]) == (code, -1), tail
        for n, tail in enumerate([b"\xff" * 11, partial]):
            answer = dw.produce_one(c, topic, dw.build_batch(dw.simple_records([b"kept-%d" % n])) + tail)
            assert (answer["error_code"], answer["base_offset"]) == (0, n)
        p = dw.fetch_partition(c, topic, 0)
    assert p["high_watermark"] == 2
    assert [(r["offset"], r["value"]) for bt in p["batches"] for r in bt["records"]] == [(0, b"kept-0"),
                                                                                        (1, b"kept-1")]
    assert kcat_roundtrip(broker, topic, ["after"]) == ["kept-0", "kept-1", "after"]


def legacy_message_set(magic):
    """One message in the format before record batches (magic 0 or 1): offset, size,
    CRC-32 of the rest, magic, attributes, [timestamp,] key (null), value."""
    body = struct.pack(">bb", magic, 0) + (struct.pack(">q", 1_700_000_000_000) if magic == 1 else b"")
    body += struct.pack(">i", -1) + struct.pack(">i", 5) + b"hello"
    message = struct.pack(">I", zlib.crc32(body)) + body
    return struct.pack(">qi", 0, len(message)) + message


def with_batch_length(batch, length):
    return batch[:8] + struct.pack(">i", length) + batch[12:]


def absurd_count(codec):
    """Two records under a header claiming 2^31 - 1 (lastOffsetDelta to match, CRC right)."""
    return dw.build_batch(dw.simple_records([b"a", b"b"]), codec=codec, records_count=0x7FFFFFFF,
                          last_offset_delta=0x7FFFFFFE)


def test_malformed_input_while_a_client_produces_and_consumes(broker):
    topic = "produce-malformed-neighbours"
    create_topics_ok(broker, [(topic, 1, 1)])
    count = 300
    reports = []
    consumed = []

    def produce_well():
        p = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "linger.ms": 2})
        for i in range(count):
            p.produce(topic, key=b"key-%d" % i, value=b"value-%d" % i, partition=0, headers=[("i", b"%d" % i)],
                      on_delivery=lambda err, msg: reports.append((err, msg.offset(), msg.value())))
            p.poll(0)
            time.sleep(0.005)
        assert p.flush(30) == 0

    def consume_well():
        consumed.extend(consume(broker.bootstrap, topic, 0, OFFSET_BEGINNING, count, timeout_s=60))

    threads = [threading.Thread(target=produce_well), threading.Thread(target=consume_well)]
    for t in threads:
        t.start()
    bad_crc = bytearray(good_batch())
    bad_crc[-1] ^= 0xFF
    good = good_batch()
    magic_message = "Produce requests with version 9 are only allowed to contain record batches with magic version 2"
    cases = [  # (records, error code, error message or None, indexes in record_errors)
        (bytes(bad_crc), dw.CORRUPT_MESSAGE, None, []),
        (with_batch_length(good, len(good) - 12 + 100), dw.INVALID_RECORD,
         "Produce requests with version 9 must have at least one record batch per partition", []),
        (with_batch_length(good, 10), dw.CORRUPT_MESSAGE,
         "Record size 10 is less than the minimum record overhead (14)", []),
        (with_batch_length(good, 30), dw.CORRUPT_MESSAGE,
         f"Record batch of {topic}-0 is corrupt (the size 42 is smaller than the minimum allowed overhead 61)", []),
        (legacy_message_set(0), dw.INVALID_RECORD, magic_message, []),
        (legacy_message_set(1), dw.INVALID_RECORD, magic_message, []),
        # The walk finds no record 2 (the first one the header promises and that is not there).
        (absurd_count(None), dw.INVALID_RECORD, None, [2]),
        (absurd_count("gzip"), dw.INVALID_RECORD, None, [2]),
    ]
    try:
        with RawConn(broker.host, broker.port) as c:
            for records, code, message, record_errors in cases:
                r = dw.produce_one(c, topic, records, acks=-1)
                assert (r["error_code"], r["base_offset"]) == (code, -1), (records[:24], r)
                assert [i for i, _ in r["record_errors"]] == record_errors, r
                if message is not None:
                    assert r["error_message"] == message
        # A request whose body is cut short (the records claim more bytes than the frame
        # holds) does not decode: Kafka closes the connection, and so do we.
        with RawConn(broker.host, broker.port) as c:
            cut = dw.produce_request(9, 1, {topic: {0: good_batch()}})[4:-20]
            c.send(struct.pack(">i", len(cut)) + cut)
            c.expect_closed()
        # A frame that never arrives whole: the client gives up half way.
        with RawConn(broker.host, broker.port) as c:
            whole = dw.produce_request(9, 1, {topic: {0: good_batch()}})
            c.send(whole[:len(whole) // 2])
            c.sock.shutdown(socket.SHUT_WR)
            c.expect_closed()
    finally:
        for t in threads:
            t.join()
    assert sorted(reports, key=lambda r: r[1]) == [(None, i, b"value-%d" % i) for i in range(count)]
    assert [(o, k, v, h) for o, k, v, h, _ in consumed] == [
        (i, b"key-%d" % i, b"value-%d" % i, [("i", b"%d" % i)]) for i in range(count)]
    with RawConn(broker.host, broker.port) as c:
        assert dw.fetch_partition(c, topic)["high_watermark"] == count


def test_message_too_large_while_others_keep_working(broker_factory):
    b = broker_factory(flags={"--message-max-bytes": "2000"})
    create_topics_ok(b, [("produce-large", 1, 1)])
    big = dw.build_batch(dw.simple_records([b"x" * 3000]))
    with RawConn(b.host, b.port) as c:
        r = dw.produce_one(c, "produce-large", big)
        assert (r["error_code"], r["base_offset"], r["log_start_offset"]) == (dw.MESSAGE_TOO_LARGE, -1, -1)
        assert "exceeds the maximum configured value of 2000" in r["error_message"]
        r = dw.produce_one(c, "produce-large", good_batch())
        assert (r["error_code"], r["base_offset"], r["log_start_offset"]) == (0, 0, 0)
    assert kcat_roundtrip(b, "produce-large", ["after"]) == ["good-0", "good-1", "after"]


def test_produce_v0_to_v2_close_the_connection_and_acks_zero(broker):
    topic = "produce-acks0"
    create_topics_ok(broker, [(topic, 1, 1)])
    for version in (0, 2):
        with RawConn(broker.host, broker.port) as c:
            c.send(dw.produce_request(version, 1, {topic: {0: good_batch()}}))
            c.expect_closed()
    with RawConn(broker.host, broker.port) as c:
        # acks=0: no answer; the next request on the connection is answered normally.
        c.send(dw.produce_request(9, c.corr(), {topic: {0: good_batch()}}, acks=0))
        assert dw.fetch_partition(c, topic)["high_watermark"] == 2
    with RawConn(broker.host, broker.port) as c:
        # acks=0 that fails: Kafka closes the connection, the producer's only signal.
        c.send(dw.produce_request(9, c.corr(), {topic: {5: good_batch()}}, acks=0))  # no partition 5
        c.expect_closed()


def test_unknown_topics_with_and_without_auto_creation(broker_factory):
    off = broker_factory(flags={"--auto-create-topics-enable": "false"})
    with RawConn(off.host, off.port) as c:
        r = dw.produce_one(c, "produce-nobody", good_batch())
        assert (r["error_code"], r["base_offset"]) == (dw.UNKNOWN_TOPIC_OR_PARTITION, -1)
    on = broker_factory(flags={"--num-partitions": "3"})
    with RawConn(on.host, on.port) as c:
        r = dw.produce_one(c, "produce-autocreated", good_batch(), partition=2)
        assert (r["error_code"], r["base_offset"]) == (0, 0)
        [md] = c.metadata(1, ["produce-autocreated"])["topics"]
        assert len(md["partitions"]) == 3
        assert dw.produce_one(c, "produce-autocreated", good_batch(), partition=3)["error_code"] == \
            dw.UNKNOWN_TOPIC_OR_PARTITION


def test_log_append_time_topic(broker):
    topic = "produce-append-time"
    create_with_configs(broker, topic, {"message.timestamp.type": "LogAppendTime"})
    before = int(time.time() * 1000)
    with RawConn(broker.host, broker.port) as c:
        r = dw.produce_one(c, topic, dw.build_batch(dw.simple_records([b"a", b"b"]), base_timestamp=1000))
    after = int(time.time() * 1000)
    assert r["error_code"] == 0 and before <= r["log_append_time_ms"] <= after
    [stored] = fetch_all(broker, topic)["batches"]
    assert stored["attributes"] & 0x08  # the LogAppendTime bit, CRC recomputed (checked by the parser)
    assert stored["max_timestamp"] == r["log_append_time_ms"]


def test_timestamp_bounds_and_keys_on_compacted_topics_with_record_errors(broker):
    create_with_configs(broker, "produce-recent", {"message.timestamp.before.max.ms": "3600000",
                                                   "message.timestamp.after.max.ms": "3600000"})
    create_with_configs(broker, "produce-compacted", {"cleanup.policy": "compact"})
    now = int(time.time() * 1000)
    records = [(b"k0", b"ok", [], 0), (b"k1", b"old", [], -7_200_000), (b"k2", b"future", [], 7_200_000)]
    with RawConn(broker.host, broker.port) as c:
        r = dw.produce_one(c, "produce-recent", dw.build_batch(records, base_timestamp=now))
        assert (r["error_code"], r["base_offset"]) == (dw.INVALID_TIMESTAMP, -1)
        assert [i for i, _ in r["record_errors"]] == [1, 2]
        assert r["error_message"] == "One or more records have been rejected due to invalid timestamp"
        for codec in (None, "gzip"):
            keyless = dw.build_batch([(b"k", b"v", [], 0), (None, b"v", [], 1), (None, None, [], 2)], codec=codec)
            r = dw.produce_one(c, "produce-compacted", keyless)
            assert (r["error_code"], [i for i, _ in r["record_errors"]]) == (dw.INVALID_RECORD, [1, 2])
            assert r["record_errors"][0][1] == ("Compacted topic cannot accept message without key in topic "
                                                "partition produce-compacted-0.")
        assert dw.produce_one(c, "produce-compacted", dw.build_batch([(b"k", None, [], 0)]))["error_code"] == 0
        assert dw.produce_one(c, "produce-recent", dw.build_batch(records[:1], base_timestamp=now))["error_code"] == 0


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_records_survive_a_restart_byte_for_byte(broker_factory, how):
    b = broker_factory()
    create_topics_ok(b, [("produce-durable", 2, 1)])
    with RawConn(b.host, b.port) as c:
        for i, codec in enumerate([None, "gzip", "lz4", "zstd", None]):
            records = [(b"key-%d-%d" % (i, j), b"value-%d-%d" % (i, j) * 20, [(b"h", b"%d" % j)], j) for j in range(30)]
            for partition in (0, 1):
                assert dw.produce_one(c, "produce-durable", dw.build_batch(records, codec=codec),
                                      partition=partition, acks=-1)["error_code"] == 0
    before = [fetch_all(b, "produce-durable", p)["records_bytes"] for p in (0, 1)]
    assert all(len(x) > 0 for x in before)
    if how == signal.SIGTERM:
        b.stop_and_check()
    else:
        b.stop(signal.SIGKILL)
    again = broker_factory(data_dir=b.data_dir, flags={"--smp": "3"})  # another shard count
    dw.wait_until_ready(again)
    after = [fetch_all(again, "produce-durable", p)["records_bytes"] for p in (0, 1)]
    assert after == before
    with RawConn(again.host, again.port) as c:
        r = dw.produce_one(c, "produce-durable", good_batch())
        assert r["base_offset"] == 150
