"""Smoke checks of the benchmark harness (bench/run-peers, bench/peers): the librdkafka
mock broker serves kcat, the readiness probes that time start-ups answer exactly what
the servers hold (the mock, StreamBus and a real nats-server), and run-peers parses its
arguments and plans the commands it would run. Seconds, no benchmark is run."""
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "peers"))

import probes  # noqa: E402
import servers  # noqa: E402
from rawconn import create_topics_ok  # noqa: E402

MOCK = os.environ["SB_RDKAFKA_MOCK_BROKER"]
RUN_PEERS = os.path.join(ROOT, "bench", "run-peers")


def kcat(bootstrap, *args, stdin=None):
    proc = subprocess.run(["kcat", "-b", bootstrap, *args], input=stdin, capture_output=True, timeout=60)
    assert proc.returncode == 0, f"kcat {args} exited {proc.returncode}\n{proc.stderr.decode()}"
    return proc.stdout.decode()


@pytest.fixture
def mock():
    proc = subprocess.Popen([MOCK, "orders:3", "audit:1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = proc.stdout.readline().decode().strip()
    yield proc, line
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_mock_broker_serves_its_topics_to_kcat(mock):
    proc, bootstrap = mock
    host, port = bootstrap.split(":")
    assert host == "127.0.0.1" and int(port) > 0
    listing = kcat(bootstrap, "-L")
    assert 'topic "orders" with 3 partitions:' in listing
    assert 'topic "audit" with 1 partitions:' in listing
    kcat(bootstrap, "-P", "-t", "orders", "-p", "1", "-K", ":", stdin=b"k1:v1\nk2:v2\nk3:v3\n")
    assert kcat(bootstrap, "-C", "-t", "orders", "-p", "1", "-e", "-q", "-f", "%o %k=%s\n") == \
        "0 k1=v1\n1 k2=v2\n2 k3=v3\n"
    assert probes.kafka_api_versions(host, int(port))
    assert probes.kafka_list_offsets(host, int(port), "orders", 3) == {0: (0, 0), 1: (0, 3), 2: (0, 0)}
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0


@pytest.mark.parametrize("args, message", [
    (["--brokers", "0"], "--brokers must be a number from 1 to 64, not '0'"),
    (["orders"], "topics are given as TOPIC:PARTITIONS"),
    (["orders:x"], "PARTITIONS must be a number from 1 to 100000, not 'x'"),
])
def test_mock_broker_rejects_bad_arguments(args, message):
    proc = subprocess.run([MOCK, *args], capture_output=True, timeout=30)
    assert proc.returncode == 2
    assert message in proc.stderr.decode()
    assert proc.stdout == b""


def test_probes_read_streambus_exactly(broker):
    assert probes.kafka_api_versions(broker.host, broker.port)
    create_topics_ok(broker, [("probed", 2, 1)])
    kcat(broker.bootstrap, "-P", "-t", "probed", "-p", "1", stdin=b"a\nb\n")
    assert probes.kafka_list_offsets(broker.host, broker.port, "probed", 2) == {0: (0, 0), 1: (0, 2)}
    # A partition that does not exist is answered with UNKNOWN_TOPIC_OR_PARTITION (3).
    assert probes.kafka_list_offsets(broker.host, broker.port, "probed", 3)[2][0] == 3
    # Nothing listens on port 1: the probe answers False instead of raising.
    assert not probes.kafka_api_versions("127.0.0.1", 1)


def nats_pong(host, port):
    """True when a NATS server answers PING, JetStream or not."""
    try:
        with socket.create_connection((host, port), timeout=1) as s:
            f = s.makefile("rb")
            f.readline()
            s.sendall(b"CONNECT {\"verbose\":false}\r\nPING\r\n")
            return f.readline().strip() == b"PONG"
    except OSError:
        return False


def wait_for(check, timeout_s=30):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("jetstream", [True, False])
def test_nats_probe_needs_jetstream(jetstream, tmp_path):
    server = servers.NatsJetStream(data_dir=str(tmp_path))
    cmd = server.command() if jetstream else [c for c in server.command() if c != "-js"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: nats_pong(server.host, server.port))
        if jetstream:
            assert wait_for(lambda: probes.nats_jetstream_ready(server.host, server.port))
        else:
            # Up and answering PING, but no JetStream: "no responders" to $JS.API.INFO.
            assert not probes.nats_jetstream_ready(server.host, server.port)
    finally:
        proc.send_signal(signal.SIGINT)  # nats-server exits 1 on SIGTERM, 0 on SIGINT
        assert proc.wait(timeout=30) == 0


def run_peers(*args):
    return subprocess.run([sys.executable, RUN_PEERS, *args], capture_output=True, text=True, timeout=60)


def test_run_peers_plans_every_run(tmp_path):
    workload = tmp_path / "w.yaml"
    workload.write_text("name: 1-topic-6-partitions\ntopics: 1\npartitionsPerTopic: 6  # comment\nmessageSize: 512\n")
    proc = run_peers("--dry-run", "--no-build", "--build-dir", str(tmp_path), "--loadgen", "/bin/LG",
                     "--workload", str(workload), "--rates", "100,2000", "--repeats", "2",
                     "--duration-s", "7", "--warmup-s", "3", "--acks", "1", "--kafka-driver", "raw")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    startups = [l for l in lines if l.startswith("start-up x7:")]
    assert len(startups) == 3
    assert f"{tmp_path}/streambus serve --data-dir" in startups[0]
    assert startups[1].startswith("start-up x7: nats-server -js -sd ")
    assert startups[2].endswith("/bench/?/rdkafka_mock_broker bench:1")  # not built in tmp_path
    runs = [l for l in lines if l.startswith("run: ")]
    # 2 rates x 3 systems x 2 repeats, rate by rate, each system's repeats together.
    assert len(runs) == 12
    tail = f"--workload {workload} --rate %d --duration-s 7 --warmup-s 3 --acks 1 --topic bench --json OUT.json"
    for i, line in enumerate(runs):
        rate = 100 if i < 6 else 2000
        driver = ["raw", "nats", "raw"][(i // 2) % 3]
        assert line.startswith(f"run: /bin/LG --driver {driver} --brokers 127.0.0.1:"), line
        assert line.endswith(tail % rate), line


@pytest.mark.parametrize("args, message", [
    (["--rates", "100,x"], "rates are whole numbers separated by commas, not '100,x'"),
    (["--rates", "1000,-5"], "rates are 0 (as fast as the system goes) or more messages/s"),
    (["--systems", "kafka"], "unknown system kafka; the systems are streambus, nats-jetstream, rdkafka-mock"),
    (["--repeats", "0"], "must be at least 1, not 0"),
    (["--acks", "2"], "invalid choice: '2'"),
])
def test_run_peers_rejects_bad_arguments(args, message):
    proc = run_peers("--dry-run", "--no-build", *args)
    assert proc.returncode == 2
    assert message in proc.stderr
