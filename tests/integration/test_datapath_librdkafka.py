"""librdkafka's C API (clients/datapath_client.c) produces with every codec and acks 0,
1 and all, and idempotently while the broker is stopped long enough for requests to
time out; it then consumes by assignment, and every offset, key, value, header and
timestamp is compared with what was produced. A raw Fetch checks the codec each batch
was stored with.

lz4: librdkafka 2.0.2 compresses with lz4 only when the broker advertises
FindCoordinator (its LZ4 feature gate dates from before Produce versions said so); until
consumer groups are served it sends those batches uncompressed, which the test expects."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402

BASE_TS = 1_700_000_000_000
CODEC_BITS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
API_FIND_COORDINATOR = 10
TIMESTAMP_CREATE_TIME = 1  # rd_kafka_timestamp_type_t
STOP_SECONDS = 3
# Requests time out after socket.timeout.ms; the broker is stopped for longer.
SHORT_TIMEOUTS = ["socket.timeout.ms=1000", "statistics.interval.ms=200", "linger.ms=5"]


def client_path():
    path = os.environ.get("SB_DATAPATH_CLIENT")
    if path:
        return path
    from broker import streambus_bin
    return str(Path(streambus_bin()).parent / "tests" / "integration" / "sb_datapath_client")


def expected_record(tag, i):
    """What datapath_client.c produces as record i (see its header comment)."""
    headers = [["i", str(i)], ["tag", tag]] + ([["none", None]] if i % 3 == 0 else [])
    return {"offset": i, "key": None if i % 7 == 6 else f"{tag}-key-{i}",
            "value": None if i % 5 == 3 else f"{tag}-value-{i};" * 4, "headers": headers,
            "timestamp_type": TIMESTAMP_CREATE_TIME, "timestamp": BASE_TS + i}


def lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def produce(b, topic, partition, count, tag, *settings):
    """Runs the producer to the end: (delivery reports, final line)."""
    proc = subprocess.run([client_path(), "produce", b.bootstrap, topic, str(partition), str(count), tag, *settings],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"datapath_client produce exited {proc.returncode}\n{proc.stderr}"
    out = lines(proc.stdout)
    return out[:-1], out[-1]


def consume(b, topic, partition, count, offset=-2):
    proc = subprocess.run([client_path(), "consume", b.bootstrap, topic, str(partition), str(offset), str(count)],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"datapath_client consume exited {proc.returncode}\n{proc.stderr}"
    out = lines(proc.stdout)
    assert out[-1] == {"eof": out[-2]["offset"] + 1 if len(out) > 1 else 0, "count": len(out) - 1}
    return out[:-1]


def stored_codecs(b, topic, partition):
    with RawConn(b.host, b.port) as c:
        p = dw.fetch_partition(c, topic, partition)
    return [bt["attributes"] & 7 for bt in p["batches"]]


def advertises(b, api_key):
    with RawConn(b.host, b.port) as c:
        return any(key == api_key for key, _, _ in c.api_versions(3)["api_keys"])


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_every_codec_with_acks_0_1_and_all(broker, codec):
    topic = f"rdk-{codec}"
    create_topics_ok(broker, [(topic, 3, 1)])
    count = 60
    expected_bits = CODEC_BITS[codec]
    if codec == "lz4" and not advertises(broker, API_FIND_COORDINATOR):
        expected_bits = 0  # librdkafka's LZ4 feature gate (see the module docstring)
    for partition, acks in enumerate(["0", "1", "all"]):
        # librdkafka sends a batch uncompressed when compressing would make it larger, and
        # linger.ms does not stop it from cutting a batch of one record now and then. The run
        # of x's in the tag (in every key, value and header set) makes even a batch of one
        # record with a null key and value smaller compressed, so every batch is compressed.
        tag = f"{codec}-acks{acks}-{'x' * 48}"
        reports, done = produce(broker, topic, partition, count, tag, f"acks={acks}", f"compression.codec={codec}",
                                "linger.ms=20")
        assert done == {"done": True, "unflushed": 0, "stats": None}
        assert [(r["dr"], r["err"], r["partition"]) for r in reports] == [(i, 0, partition) for i in range(count)]
        if acks == "0":
            # No answer comes back, so the client knows no offsets.
            assert all(r["offset"] < 0 for r in reports)
        else:
            assert [r["offset"] for r in reports] == list(range(count))
        # acks=0 too: after the flush every record is there, in order.
        assert consume(broker, topic, partition, count) == [expected_record(tag, i) for i in range(count)]
        codecs = stored_codecs(broker, topic, partition)
        assert codecs and set(codecs) == {expected_bits}, codecs
    # A consumer assigned at an offset gets exactly the rest.
    assert consume(broker, topic, 2, count - 45, offset=45) == [expected_record(f"{codec}-acksall-{'x' * 48}", i)
                                                                for i in range(45, count)]


def produce_across_a_stop(b, topic, count, tag, *settings):
    """Produces `count` records, one every 10 ms, and stops the broker (SIGSTOP) for
    STOP_SECONDS once 50 are delivered. Returns (delivery reports, librdkafka statistics)."""
    proc = subprocess.Popen([client_path(), "produce", b.bootstrap, topic, "0", str(count), tag, "--interval-ms=10",
                             *SHORT_TIMEOUTS, *settings], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    out = []
    try:
        for line in proc.stdout:
            out.append(json.loads(line))
            if len(out) == 50:
                b.send_signal(signal.SIGSTOP)
                try:
                    time.sleep(STOP_SECONDS)
                finally:
                    b.send_signal(signal.SIGCONT)
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert len(out) == count + 1 and out[-1]["done"] and out[-1]["unflushed"] == 0
    return out[:-1], out[-1]["stats"]


def timeouts_and_disconnects(stats):
    brokers = [s for name, s in stats["brokers"].items() if not name.startswith(":0/")]
    return sum(s["req_timeouts"] for s in brokers), sum(s["disconnects"] for s in brokers)


def test_idempotent_producer_retries_without_duplicates_or_gaps(broker_factory):
    b = broker_factory()
    count = 400
    create_topics_ok(b, [("rdk-idempotent", 1, 1), ("rdk-plain", 1, 1)])

    # Without idempotence, the same stop duplicates: the requests that timed out were
    # read and appended by the broker once it ran again, and the client sent them again.
    # That proves the stop makes the broker see retries of batches it has appended.
    reports, stats = produce_across_a_stop(b, "rdk-plain", count, "plain", "acks=all", "max.in.flight=1")
    assert [(r["dr"], r["err"]) for r in reports] == [(i, 0) for i in range(count)]
    timeouts, disconnects = timeouts_and_disconnects(stats)
    assert timeouts >= 1 and disconnects >= 1, stats["brokers"]
    got = consume(b, "rdk-plain", 0, count)
    indexes = [int(r["headers"][0][1]) for r in got]
    first_seen = list(dict.fromkeys(indexes))
    assert first_seen == list(range(count))  # every record, in order
    assert len(indexes) > count, "no duplicate: the broker never saw a retried batch"
    for r in got:
        i = int(r["headers"][0][1])
        assert {**r, "offset": i} == expected_record("plain", i)

    reports, stats = produce_across_a_stop(b, "rdk-idempotent", count, "idem", "enable.idempotence=true")
    assert [(r["dr"], r["err"], r["offset"]) for r in reports] == [(i, 0, i) for i in range(count)]
    timeouts, disconnects = timeouts_and_disconnects(stats)
    assert timeouts >= 1 and disconnects >= 1, stats["brokers"]
    assert consume(b, "rdk-idempotent", 0, count) == [expected_record("idem", i) for i in range(count)]
