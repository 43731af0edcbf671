"""DeleteRecords v0-v2 by hand: the log start offset moves forward on the partition's
owner shard (offset -1 is the high watermark, never backward), the answer is the new
low watermark; Kafka's error codes; Fetch below the new start gets OFFSET_OUT_OF_RANGE
and ListOffsets earliest answers it; the new start survives a restart, even SIGKILL."""
import os
import signal
import sys

import pytest
from confluent_kafka.admin import AdminClient, NewTopic

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import admin_wire as aw  # noqa: E402
import datapath_wire as dw  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402

EARLIEST, LATEST = -2, -1


def delete_records(b, version, topics):
    with RawConn(b.host, b.port) as c:
        response = aw.round_trip(c, lambda v, corr: aw.delete_records_request(v, corr, topics),
                                 aw.decode_delete_records, version)
    assert response["throttle_time_ms"] == 0
    return response["topics"]


def fill(b, topic, counts):
    """Produces counts[p] records to partition p, two per batch; values are b"p<p>-<i>"."""
    with RawConn(b.host, b.port) as c:
        for partition, n in enumerate(counts):
            for first in range(0, n, 2):
                values = [b"p%d-%d" % (partition, i) for i in range(first, min(first + 2, n))]
                answer = dw.produce_one(c, topic, dw.build_batch(dw.simple_records(values)), partition=partition)
                assert (answer["error_code"], answer["base_offset"]) == (0, first)


def offsets(b, topic, partition):
    """(earliest, latest) by ListOffsets."""
    with RawConn(b.host, b.port) as c:
        parts = dw.list_offsets(c, {topic: [(partition, EARLIEST)]})[topic]
        latest = dw.list_offsets(c, {topic: [(partition, LATEST)]})[topic]
    return parts[partition]["offset"], latest[partition]["offset"]


def fetched(b, topic, partition, offset):
    """(error code, log start offset, [(offset, value)] at or after `offset`)."""
    with RawConn(b.host, b.port) as c:
        p = dw.fetch_partition(c, topic, partition=partition, offset=offset)
    records = [(r["offset"], r["value"]) for bt in p["batches"] for r in bt["records"] if r["offset"] >= offset]
    return p["error_code"], p["log_start_offset"], records


@pytest.mark.parametrize("version", [0, 1, 2])
def test_moves_the_log_start_at_version(broker, version):
    t = f"raw-dr-v{version}"
    create_topics_ok(broker, [(t, 3, 1)])
    fill(broker, t, [10, 4, 0])
    answer = delete_records(broker, version, [(t, [(0, 3), (1, -1), (2, 0)])])
    assert answer == [(t, [(0, 3, 0), (1, 4, 0), (2, 0, 0)])]
    assert offsets(broker, t, 0) == (3, 10)
    assert offsets(broker, t, 1) == (4, 4)
    assert offsets(broker, t, 2) == (0, 0)
    assert fetched(broker, t, 0, 2)[0] == dw.OFFSET_OUT_OF_RANGE
    assert fetched(broker, t, 0, 0)[0] == dw.OFFSET_OUT_OF_RANGE
    assert fetched(broker, t, 0, 3) == (0, 3, [(i, b"p0-%d" % i) for i in range(3, 10)])
    assert fetched(broker, t, 1, 3)[0] == dw.OFFSET_OUT_OF_RANGE
    assert fetched(broker, t, 1, 4) == (0, 4, [])

    # Never backward: the answer is the start offset the log already has.
    assert delete_records(broker, version, [(t, [(0, 1), (1, 0)])]) == [(t, [(0, 3, 0), (1, 4, 0)])]
    # Up to the high watermark exactly, then new records keep their offsets.
    assert delete_records(broker, version, [(t, [(0, 10)])]) == [(t, [(0, 10, 0)])]
    assert offsets(broker, t, 0) == (10, 10)
    with RawConn(broker.host, broker.port) as c:
        answer = dw.produce_one(c, t, dw.build_batch(dw.simple_records([b"after"])), partition=0)
    assert (answer["error_code"], answer["base_offset"]) == (0, 10)
    assert fetched(broker, t, 0, 10) == (0, 10, [(10, b"after")])


@pytest.mark.parametrize("version", [0, 2])
def test_errors_with_kafkas_codes(broker, version):
    t = f"raw-dr-err-v{version}"
    create_topics_ok(broker, [(t, 2, 1)])
    fill(broker, t, [6, 2])
    answer = delete_records(broker, version, [
        (t, [(0, 7), (1, -2), (2, 0), (-1, 0), (0, 2), (0, 4)]),
        ("raw-dr-missing", [(0, 0)]),
    ])
    assert answer == [
        (t, [(0, 4, 0),  # named three times: the last offset counts, as in Kafka's map
             (1, -1, aw.OFFSET_OUT_OF_RANGE),
             (2, -1, aw.UNKNOWN_TOPIC_OR_PARTITION),
             (-1, -1, aw.UNKNOWN_TOPIC_OR_PARTITION)]),
        ("raw-dr-missing", [(0, -1, aw.UNKNOWN_TOPIC_OR_PARTITION)]),
    ]
    assert delete_records(broker, version, [(t, [(0, 7)])]) == [(t, [(0, -1, aw.OFFSET_OUT_OF_RANGE)])]
    assert offsets(broker, t, 0) == (4, 6)
    assert offsets(broker, t, 1) == (0, 2)


def test_compacted_and_internal_topics_are_refused(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    futures = admin.create_topics([
        NewTopic("raw-dr-compact", 1, 1, config={"cleanup.policy": "compact"}),
        NewTopic("raw-dr-both", 1, 1, config={"cleanup.policy": "compact,delete"}),
    ], operation_timeout=10)
    for f in futures.values():
        f.result(timeout=20)
    create_topics_ok(broker, [("__consumer_offsets", 1, 1)])
    fill(broker, "raw-dr-both", [2])
    answer = delete_records(broker, 1, [("raw-dr-compact", [(0, 0)]), ("__consumer_offsets", [(0, 0)]),
                                        ("raw-dr-both", [(0, 1)])])
    assert answer == [("raw-dr-compact", [(0, -1, aw.POLICY_VIOLATION)]),
                      ("__consumer_offsets", [(0, -1, aw.INVALID_TOPIC_EXCEPTION)]),
                      ("raw-dr-both", [(0, 1, 0)])]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_new_start_survives_a_restart(broker_factory, how):
    b = broker_factory()
    t = "raw-dr-restart"
    create_topics_ok(b, [(t, 4, 1)])
    fill(b, t, [8, 8, 8, 8])
    assert delete_records(b, 2, [(t, [(p, 2 * p + 1) for p in range(4)])]) == [
        (t, [(p, 2 * p + 1, 0) for p in range(4)])]
    if how == signal.SIGTERM:
        b.stop_and_check()
    else:
        b.stop(signal.SIGKILL)  # the state file was written before the answer
    again = broker_factory(data_dir=b.data_dir)
    dw.wait_until_ready(again)
    for p in range(4):
        start = 2 * p + 1
        assert offsets(again, t, p) == (start, 8)
        assert fetched(again, t, p, start - 1)[0] == dw.OFFSET_OUT_OF_RANGE
        assert fetched(again, t, p, start) == (0, start, [(i, b"p%d-%d" % (p, i)) for i in range(start, 8)])
