"""sb_loadgen (bench/loadgen) against a real broker: its raw and rdkafka drivers, and
its nats driver against a real nats-server, each run for a few seconds at a low rate.
The counts in its JSON must be exact (every scheduled message sent, acknowledged and
consumed), and the messages it wrote are read back with confluent-kafka to check
what they carry."""
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time

import pytest
from confluent_kafka import Consumer, TopicPartition

import broker as sb

RATE = 200          # messages/s over all producers
WARMUP_S = 1
DURATION_S = 2
# The schedule is exact: RATE * (WARMUP_S + DURATION_S) messages are due, no more, no less.
EXPECTED = RATE * (WARMUP_S + DURATION_S)
MESSAGE_SIZE = 300
PARTITIONS = 4


def loadgen_bin():
    path = os.environ.get("SB_LOADGEN") or str(sb.REPO / "build" / "sb_loadgen")
    assert os.path.exists(path), f"sb_loadgen not built at {path}"
    return path


def write_workload(tmp_path, name, keys="NO_KEY", producers=2, consumers=2):
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"""
name: {name}
topics: 1
partitionsPerTopic: {PARTITIONS}
messageSize: {MESSAGE_SIZE}
keyDistributor: {keys}
subscriptionsPerTopic: 1
producersPerTopic: {producers}
consumerPerSubscription: {consumers}
producerRate: {RATE}
testDurationSeconds: {DURATION_S}
warmupDurationSeconds: {WARMUP_S}
""")
    return path


def run_loadgen(args, timeout=120):
    return subprocess.run([loadgen_bin(), *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def run_ok(tmp_path, driver, brokers, workload, *extra):
    out = tmp_path / f"{driver}.json"
    p = run_loadgen(["--driver", driver, "--brokers", brokers, "--workload", str(workload),
                     "--json", str(out), *extra])
    assert p.returncode == 0, f"exit {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"
    assert p.stderr == ""
    return json.loads(out.read_text()), p.stdout


def check_figures(figures, driver, workload, acked_latency_floor_us=0.0):
    assert figures["driver"] == driver
    assert figures["workload"] == workload
    assert figures["target_rate"] == RATE
    assert figures["duration_s"] == DURATION_S
    assert figures["messages_sent"] == EXPECTED
    assert figures["messages_acked"] == EXPECTED
    assert figures["messages_consumed"] == EXPECTED
    assert figures["errors"] == 0
    # Only the measured part counts towards throughput: RATE messages/s of MESSAGE_SIZE bytes.
    assert figures["msgs_per_s"] == RATE
    assert figures["mb_per_s"] == pytest.approx(RATE * MESSAGE_SIZE / 1e6)
    for name in ("produce_ack_us", "e2e_us"):
        lat = figures[name]
        assert set(lat) == {"p50", "p99", "p999", "p9999", "max"}
        assert acked_latency_floor_us < lat["p50"] <= lat["p99"] <= lat["p999"] <= lat["p9999"] <= lat["max"]
    assert set(figures) == {"driver", "workload", "target_rate", "duration_s", "messages_sent",
                            "messages_acked", "messages_consumed", "errors", "msgs_per_s", "mb_per_s",
                            "produce_ack_us", "e2e_us"}


def read_topic(broker, topic):
    """Every message of `topic`, as (partition, offset, key, value)."""
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "loadgen-check",
                  "enable.auto.commit": False, "enable.partition.eof": True})
    try:
        c.assign([TopicPartition(topic, p, 0) for p in range(PARTITIONS)])
        out, at_end = [], set()
        deadline = time.monotonic() + 30
        while len(at_end) < PARTITIONS and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is None:
                continue
            if m.error():
                assert m.error().code() == -191, m.error()  # _PARTITION_EOF
                at_end.add(m.partition())
                continue
            out.append((m.partition(), m.offset(), m.key(), m.value()))
        assert len(at_end) == PARTITIONS, "did not reach the end of every partition"
        return out
    finally:
        c.close()


def check_stored(messages, started_ns, finished_ns):
    assert len(messages) == EXPECTED
    send_times = []
    for partition, offset, key, value in messages:
        assert len(value) == MESSAGE_SIZE
        # The first 8 bytes are the due time, little-endian ns on the generator's steady clock.
        send_times.append(struct.unpack("<q", value[:8])[0])
        # The second half of the payload is the compressible text.
        assert b"streambus load generator compressible payload. " in value[MESSAGE_SIZE // 2 + 8:]
    # Distinct due times, RATE per second, spaced exactly 1/RATE s apart.
    send_times.sort()
    assert len(set(send_times)) == EXPECTED
    gaps = {b - a for a, b in zip(send_times, send_times[1:])}
    assert gaps == {1_000_000_000 // RATE}
    assert started_ns < send_times[0] and send_times[-1] < finished_ns


def monotonic_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


@pytest.mark.parametrize("driver,acks", [("raw", "all"), ("raw", "1"), ("rdkafka", "all"), ("rdkafka", "1")])
def test_counts_are_exact_and_messages_carry_their_due_time(broker, tmp_path, driver, acks):
    workload = write_workload(tmp_path, f"exact-{driver}-{acks}")
    topic = f"loadgen-{driver}-acks-{acks}"
    started = monotonic_ns()
    figures, table = run_ok(tmp_path, driver, broker.bootstrap, workload, "--acks", acks, "--topic", topic)
    finished = monotonic_ns()
    check_figures(figures, driver, f"exact-{driver}-{acks}")
    assert f"messages  sent {EXPECTED}  acked {EXPECTED}  consumed {EXPECTED}  errors 0" in table
    messages = read_topic(broker, topic)
    check_stored(messages, started, finished)
    # Unkeyed messages: no key, spread over every partition.
    assert {k for _, _, k, _ in messages} == {None}
    assert {p for p, _, _, _ in messages} == set(range(PARTITIONS))


@pytest.mark.parametrize("driver", ["raw", "rdkafka"])
def test_second_run_on_the_same_topic_counts_only_its_own_messages(broker, tmp_path, driver):
    workload = write_workload(tmp_path, f"again-{driver}")
    topic = f"loadgen-again-{driver}"
    for _ in range(2):
        figures, _ = run_ok(tmp_path, driver, broker.bootstrap, workload, "--topic", topic)
        check_figures(figures, driver, f"again-{driver}")
    assert stored_count(broker, topic) == 2 * EXPECTED


def stored_count(broker, topic):
    """Messages in `topic`: the sum of its partitions' high watermarks."""
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "loadgen-check",
                  "enable.auto.commit": False})
    try:
        total = 0
        for p in range(PARTITIONS):
            low, high = c.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
            assert low == 0
            total += high
        return total
    finally:
        c.close()


@pytest.mark.parametrize("driver", ["raw", "rdkafka"])
def test_round_robin_keys_stay_on_one_partition_each(broker, tmp_path, driver):
    workload = write_workload(tmp_path, f"keyed-{driver}", keys="KEY_ROUND_ROBIN")
    topic = f"loadgen-keyed-{driver}"
    figures, _ = run_ok(tmp_path, driver, broker.bootstrap, workload, "--topic", topic)
    check_figures(figures, driver, f"keyed-{driver}")
    messages = read_topic(broker, topic)
    assert len(messages) == EXPECTED
    partition_of = {}
    for partition, _, key, _ in messages:
        assert key is not None and key.startswith(b"key-") and len(key) == 8, key
        assert partition_of.setdefault(key, partition) == partition, f"key {key} on two partitions"
    # Each producer cycles through the 1,000 keys: its 300 messages carry 300 distinct keys.
    assert len(partition_of) >= EXPECTED // 2
    assert len({p for p in partition_of.values()}) > 1


def test_rate_zero_is_closed_loop_max_throughput(broker, tmp_path):
    workload = write_workload(tmp_path, "max")
    out = tmp_path / "max.json"
    p = run_loadgen(["--driver", "raw", "--brokers", broker.bootstrap, "--workload", str(workload),
                     "--rate", "0", "--duration-s", "1", "--warmup-s", "0", "--acks", "1",
                     "--topic", "loadgen-max", "--json", str(out)])
    assert p.returncode == 0, p.stderr
    figures = json.loads(out.read_text())
    assert figures["target_rate"] == 0
    assert figures["messages_sent"] == figures["messages_acked"] == figures["messages_consumed"]
    assert figures["errors"] == 0
    assert figures["messages_sent"] > 0
    assert "target max throughput" in p.stdout
    assert stored_count(broker, "loadgen-max") == figures["messages_sent"]


@pytest.mark.parametrize("driver", ["raw", "rdkafka"])
def test_broker_down_is_one_line(tmp_path, driver):
    workload = write_workload(tmp_path, "down")
    port = sb.free_port()  # nothing listens there
    p = run_loadgen(["--driver", driver, "--brokers", f"127.0.0.1:{port}", "--workload", str(workload)])
    assert p.returncode == 1
    assert p.stdout == ""
    lines = p.stderr.splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith(f"sb_loadgen: cannot reach the broker at 127.0.0.1:{port}: "), lines[0]


def test_bad_workload_and_topic_mismatch_are_named(broker, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("partitionsPerTopc: 4\n")
    p = run_loadgen(["--driver", "raw", "--brokers", broker.bootstrap, "--workload", str(bad)])
    assert p.returncode == 1
    assert p.stderr == f"sb_loadgen: {bad}: workload key partitionsPerTopc is not known\n"

    # A topic that exists with another partition count is not silently used.
    workload = write_workload(tmp_path, "mismatch")
    run_ok(tmp_path, "raw", broker.bootstrap, workload, "--topic", "loadgen-mismatch")
    other = tmp_path / "eight.yaml"
    other.write_text(workload.read_text().replace(f"partitionsPerTopic: {PARTITIONS}", "partitionsPerTopic: 8"))
    for driver in ("raw", "rdkafka"):
        p = run_loadgen(["--driver", driver, "--brokers", broker.bootstrap, "--workload", str(other),
                         "--topic", "loadgen-mismatch"])
        assert p.returncode == 1
        assert p.stderr == "sb_loadgen: topic loadgen-mismatch has 4 partitions, the workload wants 8\n"

    p = run_loadgen(["--driver", "kafka", "--brokers", broker.bootstrap, "--workload", str(workload)])
    assert p.returncode == 2
    assert "--driver" in p.stderr


@pytest.fixture
def nats_server(tmp_path):
    exe = shutil.which("nats-server")
    assert exe, "nats-server is not installed (scripts/install-deps.sh installs it)"
    port = sb.free_port()
    store = tempfile.mkdtemp(prefix="sb-it-nats-")
    proc = subprocess.Popen([exe, "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", store],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, "nats-server exited"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert time.monotonic() < deadline, "nats-server not ready"
                time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(store, ignore_errors=True)


def test_nats_driver_counts_are_exact(nats_server, tmp_path):
    workload = write_workload(tmp_path, "exact-nats")
    figures, _ = run_ok(tmp_path, "nats", nats_server, workload, "--topic", "loadgen-nats")
    check_figures(figures, "nats", "exact-nats")
    # A second run on the existing stream counts only its own messages.
    figures, _ = run_ok(tmp_path, "nats", nats_server, workload, "--topic", "loadgen-nats")
    check_figures(figures, "nats", "exact-nats")
