"""Restart and shutdown: the cluster id and the topic table survive SIGTERM +
restart on the same data dir (also with another --smp), and SIGTERM/SIGINT
with clients connected end the process with exit code 0, quickly; SIGTERM while
the partitions are still being opened at start-up is a clean shutdown too."""
import os
import signal
import socket
import tempfile
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

import expect as ex
import kafka_wire as kw
from broker import Broker
from rawconn import Closed, RawConn, cluster_truth, create_topics_ok

SHUTDOWN_DEADLINE_S = 5.0


def durable_view(b):
    """What must survive a restart: cluster id and {topic: (id, partition count)}."""
    truth = cluster_truth(b)
    ex.assert_cluster_id(truth["cluster_id"])
    assert truth["brokers"] == ex.single_broker(b)
    assert truth["controller_id"] == ex.NODE_ID
    return truth["cluster_id"], {name: (t["topic_id"], len(t["partitions"])) for name, t in truth["topics"].items()}


@pytest.fixture
def data_dir():
    with tempfile.TemporaryDirectory(prefix="sb-it-restart-") as d:
        yield d


def _run(data_dir, smp="2"):
    b = Broker(data_dir=data_dir, flags={"--smp": smp})
    try:
        b.start()
    except BaseException:
        b.cleanup()
        raise
    return b


def test_cluster_id_and_topics_survive_restart(data_dir):
    b = _run(data_dir)
    try:
        with RawConn(b.host, b.port) as c:
            created = c.create_topics(7, [("keep-a", 3, 1), ("keep-b", 1, 1), ("gone", 2, 1)])
        assert [t["error_code"] for t in created["topics"]] == [0, 0, 0]
        admin = AdminClient({"bootstrap.servers": b.bootstrap})
        assert admin.delete_topics(["gone"], operation_timeout=10)["gone"].result(timeout=15) is None
        del admin
        before = durable_view(b)
        assert set(before[1]) == {"keep-a", "keep-b"}
        assert before[1]["keep-a"] == (created["topics"][0]["topic_id"], 3)
        assert before[1]["keep-b"] == (created["topics"][1]["topic_id"], 1)
        b.stop_and_check()
    finally:
        b.cleanup()

    for smp in ("2", "1"):  # same shard count, then another one
        b = _run(data_dir, smp=smp)
        try:
            assert durable_view(b) == before, f"after restart with --smp {smp}"
            b.stop_and_check()
        finally:
            b.cleanup()


def test_fresh_data_dirs_get_different_cluster_ids(broker_factory):
    first = cluster_truth(broker_factory())["cluster_id"]
    second = cluster_truth(broker_factory())["cluster_id"]
    ex.assert_cluster_id(first)
    ex.assert_cluster_id(second)
    assert first != second


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_with_clients_connected_exits_zero(broker_factory, sig):
    b = broker_factory()
    idle = RawConn(b.host, b.port)
    idle.metadata(1)
    never_spoke = RawConn(b.host, b.port)
    half = RawConn(b.host, b.port)
    half.send(kw.metadata_request(1, 5)[:7])  # a request that never completes
    try:
        rc, took = b.stop(sig, deadline_s=SHUTDOWN_DEADLINE_S)
        assert rc == 0, f"exit code {rc} after {took:.1f}s\n{b.describe()}"
        assert took < SHUTDOWN_DEADLINE_S
        for conn in (idle, never_spoke, half):
            conn.expect_closed(timeout=2.0)
        with pytest.raises(OSError):
            socket.create_connection((b.host, b.port), timeout=1).close()
    finally:
        for conn in (idle, never_spoke, half):
            conn.close()


def test_requests_in_flight_at_sigterm_are_answered_whole(broker_factory):
    """Pipelined requests sent right before SIGTERM: what comes back is a prefix
    of the answers, each whole and in order, then the connection closes."""
    b = broker_factory()
    conn = RawConn(b.host, b.port)
    try:
        conn.send(b"".join(kw.metadata_request(12, 100 + i) for i in range(20)))
        first = kw.decode_metadata(conn.recv_frame(), 12)  # the broker is working on them
        assert first["correlation_id"] == 100
        rc, took = b.stop(signal.SIGTERM, deadline_s=SHUTDOWN_DEADLINE_S)
        assert rc == 0, f"exit code {rc} after {took:.1f}s\n{b.describe()}"
        corr = 101
        while True:
            try:
                payload = conn.recv_frame(timeout=2.0)
            except Closed as e:
                assert "after 0 of 4 bytes" in str(e), f"a response was cut short: {e}"
                break
            resp = kw.decode_metadata(payload, 12)
            assert resp["correlation_id"] == corr
            assert resp["brokers"] == ex.single_broker(b)
            corr += 1
    finally:
        conn.close()


def test_idle_broker_stops_within_the_deadline(broker_factory):
    b = broker_factory()
    time.sleep(0.2)
    # stop() fails the test when the broker outlives SHUTDOWN_DEADLINE_S; how much
    # sooner it exits is a figure for bench/, not an assertion here.
    rc, _ = b.stop(signal.SIGTERM, deadline_s=SHUTDOWN_DEADLINE_S)
    assert rc == 0, b.describe()


OPENING_TOPIC = "opening-at-sigterm"
OPENING_PARTITIONS = 200
OPENING_RECORDS = 12  # per partition, one batch each: several segments of 1 KiB


def _opening_value(partition, offset):
    return b"p%d-o%d-" % (partition, offset) + b"v" * 200


def _signal_once_serving(b, delay_s):
    """SIGTERM `delay_s` after the broker logs that it serves (its signal handler is
    installed then, and the shards have started opening the partitions)."""
    deadline = time.monotonic() + 30.0
    while "serving Kafka on" not in b.stderr_text():
        assert b.proc.poll() is None, f"broker exited early\n{b.describe()}"
        assert time.monotonic() < deadline, f"broker never served\n{b.describe()}"
        time.sleep(0.005)
    time.sleep(delay_s)
    return b.stop(signal.SIGTERM, deadline_s=30.0)


def test_sigterm_while_partitions_open_is_clean(data_dir):
    """Partitions are opened on the blocking pool once the shards start; a SIGTERM then
    must wait for (or stop) those opens and exit 0, and lose nothing."""
    # No fsync per acknowledgement, only the clean shutdown's: the records are written quickly.
    flags = {"--log-segment-bytes": "1024", "--log-flush-on-ack": "false"}
    b = Broker(data_dir=data_dir, flags=flags)
    try:
        b.start()
        create_topics_ok(b, [(OPENING_TOPIC, OPENING_PARTITIONS, 1)])
        p = Producer({"bootstrap.servers": b.bootstrap, "linger.ms": 0, "batch.num.messages": 1,
                      "acks": "all", "enable.idempotence": False, "max.in.flight": 1})
        for offset in range(OPENING_RECORDS):
            for partition in range(OPENING_PARTITIONS):
                p.produce(OPENING_TOPIC, value=_opening_value(partition, offset), partition=partition)
            p.poll(0)
        assert p.flush(60) == 0
        del p
        # Closing 200 partitions (flush, markers, snapshots) can take a while on a busy machine.
        rc, took = b.stop(signal.SIGTERM, deadline_s=60.0)
        assert rc == 0, f"exit code {rc} after {took:.1f}s\n{b.describe()}"
    finally:
        b.cleanup()
    segments = [n for _, _, files in os.walk(data_dir) for n in files if n.endswith(".log")]
    assert len(segments) >= 3 * OPENING_PARTITIONS, f"{len(segments)} segments"

    for attempt in range(4):  # at several points of the opening
        b = Broker(data_dir=data_dir, flags=flags)
        try:
            b.start(wait=False)
            rc, took = _signal_once_serving(b, 0.02 * attempt)
            assert rc == 0, f"attempt {attempt}: exit code {rc} after {took:.1f}s\n{b.describe()}"
        finally:
            b.cleanup()

    b = Broker(data_dir=data_dir, flags=flags)
    try:
        b.start()
        c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": "unused", "enable.auto.commit": False})
        try:
            c.assign([TopicPartition(OPENING_TOPIC, partition, 0) for partition in range(OPENING_PARTITIONS)])
            got = {}
            deadline = time.monotonic() + 60.0
            while sum(len(v) for v in got.values()) < OPENING_PARTITIONS * OPENING_RECORDS:
                assert time.monotonic() < deadline, f"only {sum(len(v) for v in got.values())} records"
                m = c.poll(1.0)
                if m is None:
                    continue
                assert m.error() is None, m.error()
                got.setdefault(m.partition(), []).append((m.offset(), m.value()))
            for partition in range(OPENING_PARTITIONS):
                assert got[partition] == [(o, _opening_value(partition, o)) for o in range(OPENING_RECORDS)]
        finally:
            c.close()
        rc, took = b.stop(signal.SIGTERM, deadline_s=60.0)
        assert rc == 0, f"exit code {rc} after {took:.1f}s\n{b.describe()}"
    finally:
        b.cleanup()
