"""ListOffsets (v1, v4, v7, v9, v10) and OffsetForLeaderEpoch (v0, v3, v4) by
hand-encoded requests: earliest, latest, by timestamp (records out of timestamp
order), max timestamp, earliest-local and latest-tiered, leader epochs, errors."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402

T = 1_700_000_000_000
EARLIEST, LATEST, MAX_TIMESTAMP, EARLIEST_LOCAL, LATEST_TIERED = -2, -1, -3, -4, -5


@pytest.fixture(scope="module")
def topic(broker):
    """Five records, offsets 0-4, with timestamps T+0, T+10, T+20, T+5, T+30, and an
    empty partition 1."""
    name = "offsets-raw"
    create_topics_ok(broker, [(name, 2, 1)])
    with RawConn(broker.host, broker.port) as c:
        for records, base in (([0, 10], T), ([20], T + 20), ([5, 30], T + 5)):
            batch = dw.build_batch([(b"k", b"v", [], ts - base) for ts in [T + r for r in records]], base_timestamp=base)
            assert dw.produce_one(c, name, batch)["error_code"] == 0
    return name


def ask(b, topic, queries, version):
    with RawConn(b.host, b.port) as c:
        parts = dw.list_offsets(c, {topic: queries}, version=version)[topic]
    return [(p["error_code"], p["offset"], p["timestamp"], p.get("leader_epoch")) for p in (parts[q[0]] for q in queries)]


@pytest.mark.parametrize("version", [4, 7, 10])
def test_earliest_latest_and_by_timestamp(broker, topic, version):
    queries = [EARLIEST, LATEST, T - 100, T, T + 1, T + 15, T + 20, T + 30, T + 31]
    got = [ask(broker, topic, [(0, q)], version)[0] for q in queries]
    assert got == [
        (0, 0, -1, 0),   # earliest
        (0, 5, -1, 0),   # latest: the high watermark
        (0, 0, T, 0),
        (0, 0, T, 0),
        (0, 1, T + 10, 0),
        (0, 2, T + 20, 0),  # offset 3 (T+5) comes later but is earlier in time
        (0, 2, T + 20, 0),
        (0, 4, T + 30, 0),
        (0, -1, -1, -1),  # nothing that late
    ]


def test_version_1_has_no_leader_epoch(broker, topic):
    assert ask(broker, topic, [(0, EARLIEST)], 1) == [(0, 0, -1, None)]
    assert ask(broker, topic, [(0, LATEST)], 1) == [(0, 5, -1, None)]
    assert ask(broker, topic, [(0, T + 15)], 1) == [(0, 2, T + 20, None)]


def test_max_timestamp_earliest_local_latest_tiered(broker, topic):
    assert ask(broker, topic, [(0, MAX_TIMESTAMP)], 7) == [(0, 4, T + 30, 0)]
    assert ask(broker, topic, [(0, EARLIEST_LOCAL)], 8) == [(0, 0, -1, 0)]
    assert ask(broker, topic, [(0, LATEST_TIERED)], 9) == [(0, -1, -1, -1)]


def test_empty_partition_and_unknown_ones(broker, topic):
    assert ask(broker, topic, [(1, EARLIEST)], 7) == [(0, 0, -1, -1)]
    assert ask(broker, topic, [(1, LATEST)], 7) == [(0, 0, -1, -1)]
    assert ask(broker, topic, [(1, MAX_TIMESTAMP)], 7) == [(0, -1, -1, -1)]
    assert ask(broker, topic, [(7, LATEST)], 7) == [(dw.UNKNOWN_TOPIC_OR_PARTITION, -1, -1, -1)]
    assert ask(broker, "offsets-no-such-topic", [(0, LATEST)], 7) == [(dw.UNKNOWN_TOPIC_OR_PARTITION, -1, -1, -1)]


@pytest.mark.parametrize("version", [0, 3, 4])
def test_offset_for_leader_epoch(broker, topic, version):
    def end_of(partition, epoch):
        with RawConn(broker.host, broker.port) as c:
            corr = c.corr()
            c.send(dw.offset_for_leader_epoch_request(version, corr, {topic: [(partition, epoch)]}))
            r = dw.decode_offset_for_leader_epoch_response(c.recv_frame(), version)
        assert r["correlation_id"] == corr
        p = r["topics"][topic][partition]
        return p["error_code"], p["leader_epoch"], p["end_offset"]

    known_epoch = 0 if version >= 1 else -1  # v0 answers carry no epoch
    assert end_of(0, 0) == (0, known_epoch, 5)  # epoch 0 ends at the log end
    assert end_of(0, 1) == (0, -1, -1)          # newer than any epoch in the log
    assert end_of(1, 0) == (0, -1, -1)          # the empty partition knows no epoch
    assert end_of(9, 0) == (dw.UNKNOWN_TOPIC_OR_PARTITION, -1, -1)
