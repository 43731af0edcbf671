"""Starts and stops a real `streambus serve` process for the integration tests."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
READY_DEADLINE_S = 20.0
STOP_DEADLINE_S = 10.0

# Every broker started by this process, so that a failing test can show their stderr.
LIVE = []


def streambus_bin():
    return os.environ.get("STREAMBUS_BIN") or str(REPO / "build" / "streambus")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def broker_env(extra=None):
    """The environment a broker runs in: ours without any STREAMBUS_* variable
    (STREAMBUS_BIN is the harness's), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMBUS_")}
    env.update(extra or {})
    return env


def _listens(pid, port):
    """Whether process `pid` owns a socket listening on TCP `port` (Linux /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for row in rows:
            cols = row.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(cols[9])
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            link = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if link.startswith("socket:[") and link[8:-1] in inodes:
            return True
    return False


def run_cli(args, env=None, timeout=20.0):
    """Runs the binary to completion (for --version, --help and invalid settings)."""
    return subprocess.run([streambus_bin(), *args], capture_output=True, text=True,
                          timeout=timeout, env=broker_env(env), stdin=subprocess.DEVNULL)


class Broker:
    """One broker process. `flags` adds to or overrides the default serve flags;
    a value of None removes a default flag (so that env or YAML can supply it)."""

    def __init__(self, data_dir=None, flags=None, env=None, extra_args=(), node_id=1):
        self._tmp = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="sb-it-")
            data_dir = self._tmp.name
        self.data_dir = str(data_dir)
        self.host = "127.0.0.1"
        self.node_id = node_id  # the id the broker is expected to announce
        self._flag_overrides = dict(flags or {})
        self._pick_ports()
        self.extra_args = list(extra_args)
        self.env = broker_env(env)
        self.proc = None
        self.stopped = False  # stop() was called: its caller checked the exit code
        self.log_dir = tempfile.mkdtemp(prefix="sb-it-log-")
        self.stderr_path = os.path.join(self.log_dir, "stderr.log")
        self.stdout_path = os.path.join(self.log_dir, "stdout.log")

    def _pick_ports(self):
        # A given --kafka-addr (a restart on the same port) is where clients connect.
        given = self._flag_overrides.get("--kafka-addr")
        self.port = int(given.rsplit(":", 1)[1]) if given else free_port()
        self.admin_port = free_port()
        self.rpc_port = free_port()
        defaults = {
            "--data-dir": self.data_dir,
            "--kafka-addr": f"{self.host}:{self.port}",
            "--admin-addr": f"{self.host}:{self.admin_port}",
            "--rpc-addr": f"{self.host}:{self.rpc_port}",
            "--node-id": "1",
            "--smp": "2",
        }
        defaults.update(self._flag_overrides)
        self.flags = {k: v for k, v in defaults.items() if v is not None}

    @property
    def bootstrap(self):
        return f"{self.host}:{self.port}"

    def argv(self):
        args = [streambus_bin(), "serve"]
        for k, v in self.flags.items():
            args += [k, v]
        return args + self.extra_args

    def start(self, wait=True):
        for attempt in range(3):
            with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
                self.proc = subprocess.Popen(self.argv(), stdout=out, stderr=err,
                                             stdin=subprocess.DEVNULL, env=self.env)
            if self not in LIVE:
                LIVE.append(self)
            if not wait:
                return self
            try:
                self.wait_ready()
                return self
            except AssertionError:
                # Another process took one of the free ports between bind(0) and
                # the broker's listen: try again on new ports (ours only).
                lost_race = self.proc.poll() is not None and "in use" in self.stderr_text()
                if not lost_race or attempt == 2 or any(
                        k in self._flag_overrides for k in ("--kafka-addr", "--admin-addr", "--rpc-addr")):
                    raise
                self._pick_ports()
        return self

    def stderr_text(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode(errors="replace")
        except FileNotFoundError:
            return ""

    def describe(self):
        return f"broker {' '.join(self.argv())}\n--- stderr ({self.stderr_path}) ---\n{self.stderr_text()}"

    def wait_ready(self, deadline_s=READY_DEADLINE_S):
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                raise AssertionError(f"broker exited with {rc} before it was ready\n{self.describe()}")
            # Ready when the port accepts connections and the listener is ours
            # (another test's process may have taken a port we picked).
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    if _listens(self.proc.pid, self.port):
                        return
            except OSError:
                pass
            time.sleep(0.02)
        raise AssertionError(f"broker not ready after {deadline_s}s\n{self.describe()}")

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, sig=signal.SIGTERM, deadline_s=STOP_DEADLINE_S):
        """Signals the broker and returns (exit code, seconds it took); kills it
        (exit code None) when it does not exit within the deadline."""
        if self.proc is None:
            return 0, 0.0
        self.stopped = True
        if self in LIVE:
            LIVE.remove(self)
        if self.proc.poll() is not None:
            return self.proc.returncode, 0.0
        start = time.monotonic()
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=deadline_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        return rc, time.monotonic() - start

    def stop_and_check(self, sig=signal.SIGTERM):
        rc, took = self.stop(sig)
        assert rc == 0, f"broker exit code {rc} after {took:.1f}s (expected 0)\n{self.describe()}"
        return took

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self in LIVE:
            LIVE.remove(self)
        if self._tmp is not None:
            self._tmp.cleanup()
        if not os.environ.get("SB_IT_KEEP_LOGS"):
            shutil.rmtree(self.log_dir, ignore_errors=True)
