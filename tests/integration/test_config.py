"""Settings: flags > environment > YAML > defaults, as seen by a client;
invalid settings stop the broker with one line naming the setting and what is
allowed; --version, serve --help and JSON log lines."""
import json
import os
import re
import subprocess
import tempfile
import time

import pytest

import expect as ex
from broker import REPO, free_port, run_cli
from rawconn import RawConn, create_topics_ok


def write_yaml(tmp_path, text):
    path = tmp_path / "streambus.yaml"
    path.write_text(text)
    return str(path)


def announced(b):
    """(node id in the broker list, controller id) from Metadata v1 and v12."""
    with RawConn(b.host, b.port) as c:
        out = set()
        for v in (1, 12):
            md = c.metadata(v)
            assert md["brokers"] == ex.single_broker(b, v)
            out.add((md["brokers"][0]["node_id"], md["controller_id"]))
    assert len(out) == 1, out
    return out.pop()


@pytest.mark.parametrize("yaml_id,env_id,flag_id,want", [
    (7, None, None, 7),
    (7, 8, None, 8),
    (7, 8, 9, 9),
    (None, 8, None, 8),
    (7, None, 9, 9),
])
def test_node_id_precedence(broker_factory, tmp_path, yaml_id, env_id, flag_id, want):
    flags = {"--node-id": None if flag_id is None else str(flag_id)}
    if yaml_id is not None:
        flags["--config"] = write_yaml(tmp_path, f"node.id: {yaml_id}\n")
    env = {} if env_id is None else {"STREAMBUS_NODE_ID": str(env_id)}
    b = broker_factory(flags=flags, env=env, node_id=want)
    assert announced(b) == (want, want)


def test_node_id_default_is_one(broker_factory):
    b = broker_factory(flags={"--node-id": None}, node_id=1)
    assert announced(b) == (1, 1)


def test_yaml_file_with_every_listener_and_limit(broker_factory, tmp_path):
    """A YAML file alone supplies addresses, node id and limits (no flags but --config)."""
    kafka_port = free_port()
    data_dir = tempfile.mkdtemp(prefix="sb-it-yaml-", dir=tmp_path)
    path = write_yaml(tmp_path, "\n".join([
        "node.id: 5",
        f"data.dir: {data_dir}",
        f"kafka.addr: 127.0.0.1:{kafka_port}",
        f"admin.addr: 127.0.0.1:{free_port()}",
        f"rpc.addr: 127.0.0.1:{free_port()}",
        "smp: 1",
        "socket.request.max.bytes: 1048576",
        "connections.max.idle.ms: 1000",
        "max.connections: 1000",
        "",
    ]))
    b = broker_factory(wait=False, node_id=5, flags={k: None for k in (
        "--data-dir", "--kafka-addr", "--admin-addr", "--rpc-addr", "--node-id", "--smp")} | {"--config": path})
    b.port = kafka_port
    b.wait_ready()
    assert announced(b) == (5, 5)
    assert os.listdir(data_dir), "the broker wrote nothing to the YAML's data.dir"
    with RawConn(b.host, b.port) as idle:  # connections.max.idle.ms from the YAML
        idle.metadata(1)
        took = idle.expect_closed(timeout=5.0)
    assert 0.9 <= took <= 3.0, took


def test_env_overrides_yaml_kafka_addr(broker_factory, tmp_path):
    yaml_port, env_port = free_port(), free_port()
    path = write_yaml(tmp_path, f"kafka.addr: 127.0.0.1:{yaml_port}\n")
    b = broker_factory(wait=False, flags={"--kafka-addr": None, "--config": path},
                       env={"STREAMBUS_KAFKA_ADDR": f"127.0.0.1:{env_port}"})
    b.port = env_port
    b.wait_ready()
    assert announced(b) == (1, 1)
    with pytest.raises(OSError):
        RawConn(b.host, yaml_port, timeout=1).close()


def test_flag_spelling_of_any_key(broker_factory):
    """Any key works as a flag with dots as dashes."""
    b = broker_factory(flags={"--max-connections": "50", "--log-level": "debug",
                              "--connections-max-idle-ms": "2000"})
    assert announced(b) == (1, 1)


RANGE_RE = re.compile(r"\d+\s*(?:\.\.|,|to|-|and)\s*\d+|(?:at least|>=|minimum|min|between)\s*\d+", re.I)


def _serve_args(tmp_path, *extra):
    return ["serve", "--data-dir", str(tmp_path / "data"), "--kafka-addr", f"127.0.0.1:{free_port()}",
            "--admin-addr", f"127.0.0.1:{free_port()}", "--rpc-addr", f"127.0.0.1:{free_port()}", *extra]


def run_invalid(args, env=None):
    """Runs a serve that must refuse to start; a broker that starts anyway is killed."""
    try:
        return run_cli(args, env=env, timeout=8.0)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"broker accepted {args} {env or ''} and kept running; stderr={e.stderr!r}")


def _assert_rejected(proc, setting_re, allowed_re=RANGE_RE):
    assert proc.returncode != 0, f"accepted; stdout={proc.stdout!r} stderr={proc.stderr!r}"
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"want one stderr line, got {lines!r}"
    assert re.search(setting_re, lines[0]), f"{lines[0]!r} does not name {setting_re}"
    if allowed_re is not None:
        assert re.search(allowed_re, lines[0]), f"{lines[0]!r} does not say what is allowed"


@pytest.mark.parametrize("flags,setting", [
    (["--node-id", "-5"], r"node[.-]id"),
    (["--node-id", "abc"], r"node[.-]id"),
    (["--node-id", "2147483648"], r"node[.-]id"),
    (["--smp", "0"], r"\bsmp\b"),
    (["--socket-request-max-bytes", "10"], r"socket[.-]request[.-]max[.-]bytes"),
    (["--connections-max-idle-ms", "-1"], r"connections[.-]max[.-]idle[.-]ms"),
    (["--max-connections", "0"], r"max[.-]connections"),
])
def test_invalid_flag_rejected(tmp_path, flags, setting):
    _assert_rejected(run_invalid(_serve_args(tmp_path, *flags)), setting)


def test_invalid_log_format_rejected(tmp_path):
    _assert_rejected(run_invalid(_serve_args(tmp_path, "--log-format", "xml")), r"log[.-]format",
                     allowed_re=r"text.*json|json.*text")


def test_invalid_env_rejected(tmp_path):
    _assert_rejected(run_invalid(_serve_args(tmp_path), env={"STREAMBUS_NODE_ID": "-5"}), r"node[.-]id")


def test_invalid_yaml_value_rejected(tmp_path):
    path = write_yaml(tmp_path, "node.id: -5\n")
    _assert_rejected(run_invalid(_serve_args(tmp_path, "--config", path)), r"node[.-]id")


def test_unknown_yaml_key_rejected(tmp_path):
    path = write_yaml(tmp_path, "node.id: 1\nbogus.setting: 3\n")
    _assert_rejected(run_invalid(_serve_args(tmp_path, "--config", path)), r"bogus\.setting", allowed_re=None)


def test_missing_config_file_rejected(tmp_path):
    proc = run_invalid(_serve_args(tmp_path, "--config", str(tmp_path / "missing.yaml")))
    assert proc.returncode != 0
    assert "missing.yaml" in proc.stderr


def expected_version():
    v = os.environ.get("SB_EXPECTED_VERSION")
    if v:
        return v
    text = (REPO / "CMakeLists.txt").read_text()
    return re.search(r"project\(\s*streambus\s+VERSION\s+([0-9.]+)", text).group(1)


def test_version():
    proc = run_cli(["--version"])
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, lines
    assert "streambus" in lines[0]
    assert re.search(rf"(?<![\d.]){re.escape(expected_version())}(?![\d.])", lines[0]), lines[0]


SERVE_FLAGS = ["--data-dir", "--kafka-addr", "--admin-addr", "--rpc-addr", "--node-id", "--smp",
               "--advertise-kafka-addr", "--config", "--socket-request-max-bytes",
               "--connections-max-idle-ms", "--max-connections", "--log-format", "--log-level"]


def test_serve_help_lists_flags():
    proc = run_cli(["serve", "--help"])
    assert proc.returncode == 0, proc.stderr
    for flag in SERVE_FLAGS:
        assert re.search(rf"{re.escape(flag)}\b", proc.stdout), f"{flag} missing from serve --help"


ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$")
LEVELS = {"trace", "debug", "info", "warn", "warning", "error", "critical"}
CONTEXT_FIELDS = {"topic", "partition", "client_id"}


def test_json_log_lines(broker_factory):
    b = broker_factory(flags={"--log-format": "json", "--log-level": "debug"})
    with RawConn(b.host, b.port) as c:
        c.api_versions(3)
        c.metadata(12)
    create_topics_ok(b, [("json-logged", 2, 1)])
    with RawConn(b.host, b.port) as bad:
        bad.send(b"\xff\xff\xff\xff")
        bad.expect_closed()
    time.sleep(0.2)
    b.stop_and_check()
    lines = [line for line in b.stderr_text().splitlines() if line.strip()]
    assert lines, "no log lines on stderr"
    for line in lines:
        entry = json.loads(line)
        assert isinstance(entry, dict), line
        for key in ("time", "level", "component", "message"):
            assert isinstance(entry.get(key), str) and entry[key], f"{key} missing in {line}"
        assert ISO_TIME.match(entry["time"]), entry["time"]
        assert entry["level"] in LEVELS, entry["level"]
        assert set(entry) - CONTEXT_FIELDS == {"time", "level", "component", "thread", "message"}, line
    # Lines about a topic or a client request carry them as fields (the JSON client id
    # of the hand-encoded requests is "sb-it").
    entries = [json.loads(line) for line in lines]
    [created] = [e for e in entries if e["message"].startswith("CreateTopics json-logged from ")]
    assert {k: created[k] for k in CONTEXT_FIELDS if k in created} == {"topic": "json-logged", "client_id": "sb-it"}
    requests = [e for e in entries if e["message"].startswith("request key 3 v12 ")]
    assert requests and all(e["client_id"] == "sb-it" and "topic" not in e for e in requests), requests
    [started] = [e for e in entries if e["message"].startswith("streambus ")]
    assert not CONTEXT_FIELDS & set(started), started
