"""Graceful shutdown and recovery as an operator sees them: SIGTERM with produces in
flight exits 0 within shutdown.timeout.ms, answers whole what it accepted, writes the
clean-shutdown markers, and the next start skips the recovery scan (its metric and log
say so); after SIGKILL the next start scans. Readiness is false while recovery has not
finished (held with testing.recovery.hold.file) and true after, while liveness stays
true throughout."""
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from admin_http import call, get_json, scrape, value  # noqa: E402
from rawconn import Closed, RawConn, create_topics_ok  # noqa: E402

TOPIC = "ops-durable"
PARTITIONS = 2
SHUTDOWN_TIMEOUT_MS = 5000
DEADLINE_S = 20.0


@pytest.fixture
def data_dir():
    with tempfile.TemporaryDirectory(prefix="sb-it-ops-") as d:
        yield d


@pytest.fixture
def start(data_dir, broker_factory):
    """start(**flags): a broker on the test's data dir (made before, removed after, the brokers)."""
    return lambda **flags: broker_factory(data_dir=data_dir,
                                          flags={"--shutdown-timeout-ms": str(SHUTDOWN_TIMEOUT_MS), **flags})


def kill(b):
    b.proc.send_signal(signal.SIGKILL)
    b.proc.wait()
    b.stopped = True


def batch_for(i):
    return dw.build_batch(dw.simple_records([b"value-%d-" % i + b"x" * i], key_prefix=b"key-%d-" % i))


def produce_some(b, count=6):
    """`count` acknowledged batches spread over the partitions: {partition: [(offset, value)]}."""
    acked = {p: [] for p in range(PARTITIONS)}
    with RawConn(b.host, b.port) as c:
        for i in range(count):
            p = dw.produce_one(c, TOPIC, batch_for(i), partition=i % PARTITIONS)
            assert p["error_code"] == 0
            acked[i % PARTITIONS].append((p["base_offset"], b"value-%d-" % i + b"x" * i))
    return acked


def stored_values(b):
    dw.wait_until_ready(b)
    out = {}
    with RawConn(b.host, b.port) as c:
        for p in range(PARTITIONS):
            batches = dw.fetch_partition(c, TOPIC, partition=p)["batches"]
            out[p] = [(r["offset"], r["value"]) for batch in batches for r in batch["records"]]
    return out


def recoveries(b):
    samples = scrape(b)
    return {mode: value(samples, "streambus_storage_log_recoveries_total", mode=mode) for mode in ("clean", "scan")}


def wait_ready_metrics(b):
    dw.wait_until_ready(b)
    return recoveries(b)


def markers(data_dir):
    return sorted(p.parent.name for p in Path(data_dir).glob(f"{TOPIC}-*/.clean_shutdown"))


def test_sigterm_with_produces_in_flight_is_clean_and_next_start_skips_recovery(start, data_dir):
    b = start()
    create_topics_ok(b, [(TOPIC, PARTITIONS, 1)])
    acked = produce_some(b)
    conn = RawConn(b.host, b.port)
    sent = [conn.corr() for _ in range(30)]
    conn.send(b"".join(dw.produce_request(9, corr, {TOPIC: {n % PARTITIONS: batch_for(100 + n)}}, acks=-1)
                       for n, corr in enumerate(sent)))
    first = dw.decode_produce_response(conn.recv_frame(), 9)  # the broker is working on them
    answered = [first]
    rc, took = b.stop(signal.SIGTERM, deadline_s=SHUTDOWN_TIMEOUT_MS / 1000 + 5)
    assert rc == 0, f"exit code {rc} after {took:.1f}s\n{b.describe()}"
    while True:
        try:
            answered.append(dw.decode_produce_response(conn.recv_frame(timeout=5.0), 9))
        except Closed as e:
            assert "after 0 of 4 bytes" in str(e), f"an answer was cut short: {e}"
            break
    conn.close()
    # Whole answers, in order, each acknowledging its batch.
    assert [a["correlation_id"] for a in answered] == sent[:len(answered)]
    for n, a in enumerate(answered):
        p = a["topics"][TOPIC][n % PARTITIONS]
        assert p["error_code"] == 0
        acked[n % PARTITIONS].append((p["base_offset"], b"value-%d-" % (100 + n) + b"x" * (100 + n)))
    assert "shutdown complete" in b.stderr_text()
    assert markers(data_dir) == [f"{TOPIC}-{p}" for p in range(PARTITIONS)]

    b = start()
    assert wait_ready_metrics(b) == {"clean": PARTITIONS, "scan": 0}
    assert "recovered by scanning" not in b.stderr_text()
    stored = stored_values(b)
    for p in range(PARTITIONS):
        assert set(acked[p]) <= set(stored[p])  # every acknowledged record, at its offset
        assert [o for o, _ in stored[p]] == list(range(len(stored[p])))


def test_after_sigkill_the_next_start_scans(start, data_dir):
    b = start()
    create_topics_ok(b, [(TOPIC, PARTITIONS, 1)])
    acked = produce_some(b)
    kill(b)
    assert markers(data_dir) == []

    b = start()
    assert wait_ready_metrics(b) == {"clean": 0, "scan": PARTITIONS}
    for p in range(PARTITIONS):
        assert f"{TOPIC}-{p}: no clean-shutdown marker; recovered by scanning, log end offset 3" in b.stderr_text()
    assert stored_values(b) == acked


def probe(b):
    """(live status, ready status, ready document)."""
    live, _, live_doc = call(b, "GET", "/health/live")
    assert live_doc == {"status": "live"}
    ready, _, ready_doc = call(b, "GET", "/health/ready")
    return live, ready, ready_doc


def test_readiness_waits_for_recovery_and_liveness_does_not(start, tmp_path):
    b = start()
    create_topics_ok(b, [(TOPIC, PARTITIONS, 1)])
    acked = produce_some(b)
    kill(b)  # unclean: the next start must scan

    hold = tmp_path / "hold-recovery"
    hold.write_text("")
    b = start(**{"--testing-recovery-hold-file": str(hold)})
    for _ in range(20):  # recovery cannot finish while the file exists
        live, ready, doc = probe(b)
        assert (live, ready) == (200, 503)
        assert doc["status"] == "not_ready"
        assert doc["components"]["storage"]["state"] == "starting"
        assert "testing.recovery.hold.file" in doc["components"]["storage"]["reason"]
        assert doc["components"]["kafka"]["state"] == "ready"
    partitions = get_json(b, f"/v1/topics/{TOPIC}")["partitions"]
    assert [p["online"] for p in partitions] == [False] * PARTITIONS
    assert recoveries(b) == {"clean": 0, "scan": 0}
    assert value(scrape(b), "streambus_ready") == 0

    hold.unlink()
    deadline = time.monotonic() + DEADLINE_S
    while True:
        live, ready, doc = probe(b)
        assert live == 200
        if ready == 200:
            break
        assert ready == 503 and doc["components"]["storage"]["state"] == "starting"
        assert time.monotonic() < deadline, b.describe()
        time.sleep(0.02)
    assert doc["status"] == "ready"
    assert doc["components"]["storage"] == {"state": "ready", "reason": f"{PARTITIONS} partitions open",
                                            "gates_readiness": True}
    assert recoveries(b) == {"clean": 0, "scan": PARTITIONS}
    assert value(scrape(b), "streambus_ready") == 1
    partitions = get_json(b, f"/v1/topics/{TOPIC}")["partitions"]
    assert [(p["online"], p["high_watermark"]) for p in partitions] == [(True, 3)] * PARTITIONS
    assert stored_values(b) == acked
