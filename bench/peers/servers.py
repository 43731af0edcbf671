"""Starting, measuring and stopping the servers that bench/run-peers and bench/scale compare.

A server is started from a fresh temporary data directory on free loopback ports. Its
start-up time is measured from just before exec to the first good answer of its probe
(probes.py), and its resident memory is read from /proc/PID/status.
"""
import os
import select
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time

import probes

# How long a server may take to answer its first request before the run is abandoned.
START_TIMEOUT_S = 120.0
# Pause between two probes while a server starts: short, so that it barely adds to the
# measured start-up time, but not a busy loop that would steal the server's CPU.
PROBE_INTERVAL_S = 0.002


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status_kb(pid, field):
    """A kB field of /proc/PID/status (VmRSS, VmHWM), or None once the process is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler:
    """Reads VmRSS every `interval_s` on a thread and keeps the largest value."""

    def __init__(self, pid, interval_s=0.05):
        self.pid, self.interval_s, self.peak_kb = pid, interval_s, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            kb = proc_status_kb(self.pid, "VmRSS")
            if kb is not None:
                self.peak_kb = max(self.peak_kb, kb)
            self._stop.wait(self.interval_s)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class Server:
    """One running server. Subclasses say how to start it and how to probe it."""

    name = "server"
    protocol = "kafka"  # or "nats": picks the loadgen driver and the start-up probe
    uses_disk = True  # False: no data directory
    prints_address = False  # True: the server picks its port and prints "host:port" first

    def __init__(self, data_dir=None):
        self.proc = None
        self.host, self.port = "127.0.0.1", None
        self.owns_data_dir = data_dir is None and self.uses_disk
        self.data_dir = data_dir or (tempfile.mkdtemp(prefix="sb-peers-%s-" % self.name) if self.uses_disk else None)
        self.startup_s = None

    @property
    def address(self):
        return "%s:%s" % (self.host, self.port or "PORT")

    def command(self):
        raise NotImplementedError

    def ready(self):
        if self.protocol == "nats":
            return probes.nats_jetstream_ready(self.host, self.port)
        return probes.kafka_api_versions(self.host, self.port)

    def _learn_address(self, deadline):
        """Servers that pick their own port print it; the others were given one."""

    def start(self, log_path):
        """Starts the server and waits for its first served request; sets startup_s."""
        cmd = self.command()
        log = open(log_path, "ab")
        started = self.started_at = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE if self.prints_address else log,
                                     stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        deadline = started + START_TIMEOUT_S
        self._learn_address(deadline)
        while not self.ready():
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with status %d during start-up (log: %s)"
                                   % (self.name, self.proc.returncode, log_path))
            if time.monotonic() > deadline:
                raise RuntimeError("%s did not answer within %.0f s (log: %s)" % (self.name, START_TIMEOUT_S, log_path))
            time.sleep(PROBE_INTERVAL_S)
        self.startup_s = time.monotonic() - started
        return self.startup_s

    def rss_kb(self):
        return proc_status_kb(self.proc.pid, "VmRSS")

    def hwm_kb(self):
        return proc_status_kb(self.proc.pid, "VmHWM")

    def stop(self, sig=signal.SIGTERM, timeout_s=60):
        """Stops the server with `sig` (SIGKILL for an unclean stop) and returns its exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        status, self.proc = self.proc.returncode, None
        return status

    def remove_data(self):
        if self.owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def create_topic(self, topic, partitions):
        """Creates the benchmark's topic before the load starts (a no-op where the loadgen does it)."""


class StreamBus(Server):
    name = "streambus"

    def __init__(self, binary, extra_args=(), data_dir=None, name=None):
        if name:
            self.name = name
        super().__init__(data_dir)
        self.binary, self.extra_args = binary, list(extra_args)
        self.port = free_port()

    def command(self):
        return [self.binary, "serve", "--data-dir", self.data_dir, "--kafka-addr", self.address,
                "--admin-addr", "", "--rpc-addr", "127.0.0.1:%d" % free_port(), "--log-level", "warn"] + self.extra_args

    def create_topic(self, topic, partitions):
        subprocess.run([self.binary, "topic", "create", topic, "-p", str(partitions), "--brokers", self.address],
                       check=True, stdout=subprocess.DEVNULL)


class NatsJetStream(Server):
    name = "nats-jetstream"
    protocol = "nats"

    def __init__(self, binary="nats-server", data_dir=None):
        super().__init__(data_dir)
        self.binary = binary
        self.port = free_port()

    def stop(self, sig=signal.SIGINT, timeout_s=60):
        # nats-server's graceful stop is SIGINT (it exits 1 on SIGTERM).
        return super().stop(sig, timeout_s)

    def command(self):
        # -js with a file store: messages go to files in the store directory, as StreamBus's do.
        return [self.binary, "-js", "-sd", self.data_dir, "-a", self.host, "-p", str(self.port)]


class RdkafkaMock(Server):
    name = "rdkafka-mock"
    uses_disk = False
    prints_address = True

    def __init__(self, binary, topics=()):
        super().__init__()
        self.binary, self.topics = binary, list(topics)

    def command(self):
        return [self.binary] + ["%s:%d" % t for t in self.topics]

    def _learn_address(self, deadline):
        # The mock cluster listens on a port of its choosing and prints "host:port".
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise RuntimeError("rdkafka_mock_broker printed no address")
            chunk = os.read(self.proc.stdout.fileno(), 256)
            if not chunk:
                raise RuntimeError("rdkafka_mock_broker exited before printing its address")
            line += chunk
        first = line.decode().strip().split(",")[0]
        self.host, port = first.rsplit(":", 1)
        self.port = int(port)


def median_startup_s(make_server, runs, log_path):
    """Starts and stops a fresh server `runs` times; returns (median, [every run])."""
    times = []
    for _ in range(runs):
        server = make_server()
        try:
            times.append(server.start(log_path))
        finally:
            server.stop()
            server.remove_data()
    return statistics.median(times), times
