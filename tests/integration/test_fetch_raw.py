"""Fetch by hand-encoded requests: long polling woken by an append, the max_bytes and
partition_max_bytes rules with Kafka's first-batch exception, dw.OFFSET_OUT_OF_RANGE,
unknown topics and topic ids (v13+), read_committed, and incremental fetch sessions
(KIP-227)."""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402


def produce_batches(b, topic, batches, partition=0):
    """Produces each batch in its own request; returns their base offsets."""
    with RawConn(b.host, b.port) as c:
        out = []
        for batch in batches:
            r = dw.produce_one(c, topic, batch, partition)
            assert r["error_code"] == 0, r
            out.append(r["base_offset"])
        return out


def offsets_of(p):
    return [r["offset"] for batch in p["batches"] for r in batch["records"]]


def test_long_poll_returns_when_a_record_arrives(broker):
    topic = "fetch-long-poll"
    create_topics_ok(broker, [(topic, 1, 1)])
    produced = threading.Event()

    def produce_later():
        time.sleep(0.3)
        produce_batches(broker, topic, [dw.build_batch(dw.simple_records([b"wake"]))])
        produced.set()

    with RawConn(broker.host, broker.port, timeout=10) as c:
        t = threading.Thread(target=produce_later)
        start = time.monotonic()
        t.start()
        p = dw.fetch_partition(c, topic, max_wait_ms=2000, min_bytes=1)
        took = time.monotonic() - start
        t.join()
    assert produced.is_set()
    assert p["error_code"] == 0
    assert [r["value"] for bt in p["batches"] for r in bt["records"]] == [b"wake"]
    assert took < 2.0, f"the fetch waited {took:.2f}s, the whole max_wait_ms: the append did not wake it"


def test_long_poll_waits_for_max_wait_when_nothing_comes(broker):
    topic = "fetch-idle"
    create_topics_ok(broker, [(topic, 1, 1)])
    with RawConn(broker.host, broker.port, timeout=10) as c:
        start = time.monotonic()
        p = dw.fetch_partition(c, topic, max_wait_ms=700, min_bytes=1)
        took = time.monotonic() - start
    assert (p["error_code"], p["high_watermark"], p["batches"]) == (0, 0, [])
    assert took >= 0.69, f"answered after {took:.2f}s, before max_wait_ms"


def test_min_bytes_waits_for_enough_data(broker):
    topic = "fetch-min-bytes"
    create_topics_ok(broker, [(topic, 1, 1)])
    small = dw.build_batch(dw.simple_records([b"a"]))
    produce_batches(broker, topic, [small])

    def produce_more():
        time.sleep(0.3)
        produce_batches(broker, topic, [dw.build_batch(dw.simple_records([b"b" * 500]))])

    with RawConn(broker.host, broker.port, timeout=10) as c:
        t = threading.Thread(target=produce_more)
        t.start()
        p = dw.fetch_partition(c, topic, max_wait_ms=5000, min_bytes=len(small) + 100)
        t.join()
    assert offsets_of(p) == [0, 1]


def test_max_bytes_returns_the_first_batch_even_if_larger(broker):
    topic = "fetch-max-bytes"
    create_topics_ok(broker, [(topic, 2, 1)])
    batch = dw.build_batch(dw.simple_records([b"x" * 1000]))
    produce_batches(broker, topic, [batch] * 3, partition=0)
    produce_batches(broker, topic, [batch] * 3, partition=1)
    size = len(batch)
    with RawConn(broker.host, broker.port) as c:
        # max_bytes far below one batch: the first batch still comes, alone.
        p = dw.fetch_partition(c, topic, max_bytes=100)
        assert [bt["base_offset"] for bt in p["batches"]] == [0]
        assert len(p["records_bytes"]) == size
        # The same for partition_max_bytes.
        p = dw.fetch_partition(c, topic, partition_max_bytes=100)
        assert [bt["base_offset"] for bt in p["batches"]] == [0]
        # Whole batches only, up to partition_max_bytes.
        p = dw.fetch_partition(c, topic, partition_max_bytes=2 * size + 10)
        assert [bt["base_offset"] for bt in p["batches"]] == [0, 1]
        # Across partitions: the first partition takes what fits; the second one's batch
        # does not fit in what is left, so it returns nothing this time.
        r = dw.fetch(c, [(topic, [(0, 0, 1 << 20), (1, 0, 1 << 20)])], max_bytes=2 * size + 10)
        [(_, parts)] = r["topics"]
        assert [(p["partition"], [bt["base_offset"] for bt in p["batches"]]) for p in parts] == [(0, [0, 1]), (1, [])]
        r = dw.fetch(c, [(topic, [(0, 0, size), (1, 0, 1 << 20)])], max_bytes=3 * size)
        [(_, parts)] = r["topics"]
        assert [(p["partition"], [bt["base_offset"] for bt in p["batches"]]) for p in parts] == [(0, [0]), (1, [0, 1])]


def test_offset_out_of_range_and_unknown_topics(broker):
    topic = "fetch-range"
    create_topics_ok(broker, [(topic, 1, 1)])
    produce_batches(broker, topic, [dw.build_batch(dw.simple_records([b"a", b"b"]))])
    with RawConn(broker.host, broker.port) as c:
        at_end = dw.fetch_partition(c, topic, offset=2)
        assert (at_end["error_code"], at_end["high_watermark"], at_end["batches"]) == (0, 2, [])
        middle = dw.fetch_partition(c, topic, offset=1)
        assert offsets_of(middle) == [0, 1]  # the whole batch that holds offset 1
        for offset in (3, 1000, -1):
            p = dw.fetch_partition(c, topic, offset=offset)
            assert (p["error_code"], p["high_watermark"], p["log_start_offset"], p["records_bytes"]) == (
                dw.OFFSET_OUT_OF_RANGE, -1, -1, b"")
        unknown = dw.fetch_partition(c, "fetch-no-such-topic")
        assert unknown["error_code"] == dw.UNKNOWN_TOPIC_OR_PARTITION
        assert dw.fetch_partition(c, topic, partition=5)["error_code"] == dw.UNKNOWN_TOPIC_OR_PARTITION


def test_topic_ids_from_v13_and_read_committed(broker):
    topic = "fetch-ids"
    create_topics_ok(broker, [(topic, 1, 1)])
    produce_batches(broker, topic, [dw.build_batch(dw.simple_records([b"a", b"b", b"c"]))])
    with RawConn(broker.host, broker.port) as c:
        [md] = c.metadata(12, [topic])["topics"]
        topic_id = md["topic_id"]
        for version in (13, 17):
            r = dw.fetch(c, [(topic_id, [(0, 1, 1 << 20)])], version=version, isolation_level=1)
            [(got_id, [p])] = r["topics"]
            assert got_id == topic_id
            assert (p["error_code"], p["high_watermark"], p["last_stable_offset"], p["log_start_offset"]) == (0, 3, 3, 0)
            assert p["aborted_transactions"] == []  # read_committed: an empty list, never null
            assert offsets_of(p) == [0, 1, 2]
        import uuid
        r = dw.fetch(c, [(uuid.uuid4(), [(0, 0, 1 << 20)])], version=13)
        assert r["topics"][0][1][0]["error_code"] == dw.UNKNOWN_TOPIC_ID
        r = dw.fetch(c, [(topic, [(0, 0, 1 << 20)])], version=12)
        assert r["topics"][0][1][0]["aborted_transactions"] is None  # read_uncommitted


def test_incremental_fetch_session(broker):
    topic = "fetch-session"
    create_topics_ok(broker, [(topic, 2, 1)])
    produce_batches(broker, topic, [dw.build_batch(dw.simple_records([b"p0-a", b"p0-b"]))], partition=0)
    with RawConn(broker.host, broker.port) as c:
        full = dw.fetch(c, [(topic, [(0, 0, 1 << 20), (1, 0, 1 << 20)])], session_id=0, session_epoch=0)
        session = full["session_id"]
        assert full["error_code"] == 0 and session > 0
        [(_, parts)] = full["topics"]
        assert [(p["partition"], p["high_watermark"], offsets_of(p)) for p in parts] == [(0, 2, [0, 1]), (1, 0, [])]
        # Partition 0 moves to offset 2; nothing is new anywhere: an empty answer.
        inc = dw.fetch(c, [(topic, [(0, 2, 1 << 20)])], session_id=session, session_epoch=1)
        assert (inc["error_code"], inc["session_id"], inc["topics"]) == (0, session, [])
        # Data on partition 1 only: only partition 1 is in the answer.
        produce_batches(broker, topic, [dw.build_batch(dw.simple_records([b"p1-a"]))], partition=1)
        inc = dw.fetch(c, [], session_id=session, session_epoch=2)
        [(_, parts)] = inc["topics"]
        assert [(p["partition"], p["high_watermark"], offsets_of(p)) for p in parts] == [(1, 1, [0])]
        # The client moves partition 1 on; a new record on partition 0 shows up alone.
        produce_batches(broker, topic, [dw.build_batch(dw.simple_records([b"p0-c"]))], partition=0)
        inc = dw.fetch(c, [(topic, [(1, 1, 1 << 20)])], session_id=session, session_epoch=3)
        [(_, parts)] = inc["topics"]
        assert [(p["partition"], offsets_of(p)) for p in parts] == [(0, [2])]
        # A wrong epoch, an unknown session.
        bad = dw.fetch(c, [], session_id=session, session_epoch=9)
        assert (bad["error_code"], bad["session_id"], bad["topics"]) == (dw.INVALID_FETCH_SESSION_EPOCH, 0, [])
        bad = dw.fetch(c, [], session_id=session + 1024, session_epoch=1)
        assert bad["error_code"] == dw.FETCH_SESSION_ID_NOT_FOUND
        # Forget partition 0: its new data no longer comes.
        inc = dw.fetch(c, [], session_id=session, session_epoch=4, forgotten=[(topic, [0])])
        assert inc["topics"] == []
        produce_batches(broker, topic, [dw.build_batch(dw.simple_records([b"p0-d"]))], partition=0)
        inc = dw.fetch(c, [], session_id=session, session_epoch=5)
        assert inc["topics"] == []
        # Closing it: a sessionless full fetch.
        closed = dw.fetch(c, [(topic, [(0, 3, 1 << 20)])], session_id=session, session_epoch=-1)
        assert closed["session_id"] == 0
        assert offsets_of(closed["topics"][0][1][0]) == [3]
        gone = dw.fetch(c, [], session_id=session, session_epoch=6)
        assert gone["error_code"] == dw.FETCH_SESSION_ID_NOT_FOUND
