"""Offset expiry in a running broker (the rules themselves are unit-tested in
tests/unit/groups/): an OffsetCommit v2 with an explicit retention time expires when that
time has passed, at the next retention check, while the group's other offsets (committed
without one, under offsets.retention.minutes' 7 days) stay; the expiry is written to
__consumer_offsets, so a restarted broker does not bring the offset back."""
import time

import broker as sb
import group_wire as gw
from conftest import GROUP_FLAGS
from group_calls import call, find_coordinator, until_ready
from rawconn import RawConn, create_topics_ok

TOPIC = "retention-topic"
GROUP = "retention-group"
# Long enough that the commit is certainly read back before it expires, on any machine.
RETENTION_MS = 10000
FLAGS = {**GROUP_FLAGS, "--offsets-retention-check-interval-ms": "200"}
WAIT_S = 60


def offsets(b):
    """{(topic, partition): (offset, metadata)} of GROUP, read with OffsetFetch v8."""
    with RawConn(b.host, b.port) as conn:
        find_coordinator(conn, GROUP)
        fetched = until_ready(lambda: _fetch(conn))
    [(group, error, topics)] = fetched["groups"]
    assert (group, error) == (GROUP, 0), fetched
    assert all(err == 0 for _, parts in topics for *_, err in parts), fetched
    return {(t, p): (offset, meta) for t, parts in topics for p, offset, _, meta, _ in parts}


def _fetch(conn):
    """until_ready reads the group's error (the coordinator loads after a restart)."""
    resp = call(conn, gw.offset_fetch_v8, gw.decode_offset_fetch_v8, [(GROUP, None)])
    resp["error_code"] = resp["groups"][0][1]
    return resp


def test_an_explicit_retention_time_expires_and_stays_expired_after_a_restart(tmp_path):
    data_dir = tmp_path / "data"
    first = sb.Broker(data_dir=data_dir, flags=FLAGS)
    first.start()
    try:
        create_topics_ok(first, [(TOPIC, 2, 1)])
        with RawConn(first.host, first.port) as conn:
            find_coordinator(conn, GROUP)
            short = until_ready(lambda: _commit_short(conn))
            assert short["topics"] == [(TOPIC, [(0, 0)])]
            kept = call(conn, gw.offset_commit_v7, gw.decode_offset_commit_v7, GROUP, -1, "",
                        [(TOPIC, [(1, 9, -1, "kept")])])
            assert kept["topics"] == [(TOPIC, [(1, 0)])]
        assert offsets(first) == {(TOPIC, 0): (5, "short"), (TOPIC, 1): (9, "kept")}

        deadline = time.monotonic() + WAIT_S
        while (TOPIC, 0) in offsets(first) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert offsets(first) == {(TOPIC, 1): (9, "kept")}
        first.stop_and_check()
    finally:
        first.cleanup()

    second = sb.Broker(data_dir=data_dir, flags=FLAGS)
    second.start()
    try:
        assert offsets(second) == {(TOPIC, 1): (9, "kept")}
        second.stop_and_check()
    finally:
        second.cleanup()


def _commit_short(conn):
    resp = call(conn, gw.offset_commit_v2, gw.decode_offset_commit_v2, GROUP, -1, "", RETENTION_MS,
                [(TOPIC, [(0, 5, "short")])])
    resp["error_code"] = resp["topics"][0][1][0][1]
    return resp
