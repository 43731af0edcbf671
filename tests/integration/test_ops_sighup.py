"""SIGHUP reloads the dynamic settings from the config file: max.connections,
connections.max.idle.ms, log.level and log.format change observably while the broker
runs; a static setting that changed is kept (with a warning); an invalid file changes
nothing and the error names the setting; flags still win over the file."""
import json
import time

import pytest

import kafka_wire as kw
from admin_http import get_json, scrape, value
from config_reload import sighup_and_wait, write_config
from rawconn import RawConn

DEADLINE_S = 15.0


@pytest.fixture
def configured(broker_factory, tmp_path):
    path = tmp_path / "streambus.yaml"
    write_config(path, {"max.connections": 100})
    b = broker_factory(extra_args=["--config", str(path)])
    return b, path


def test_max_connections_changes_on_sighup(configured):
    b, path = configured
    held = [RawConn(b.host, b.port) for _ in range(2)]
    try:
        for c in held:
            c.metadata(1)  # both accepted and served
        write_config(path, {"max.connections": 2})
        sighup_and_wait(b)
        assert "config reload: max.connections: 100 -> 2" in b.stderr_text()
        extra = RawConn(b.host, b.port)
        extra.expect_closed(timeout=DEADLINE_S)  # refused: two are open
        extra.close()
        assert "connections open (max.connections)" in b.stderr_text()
        for c in held:
            c.metadata(1)  # the open ones stay open
        write_config(path, {"max.connections": 3})
        sighup_and_wait(b)
        with RawConn(b.host, b.port) as third:
            assert third.metadata(1)["brokers"]
    finally:
        for c in held:
            c.close()


def test_idle_timeout_applies_to_open_connections(configured):
    b, path = configured
    idle = RawConn(b.host, b.port)
    try:
        idle.metadata(1)
        write_config(path, {"max.connections": 100, "connections.max.idle.ms": 300})
        sighup_and_wait(b)
        assert "config reload: connections.max.idle.ms: 600000 -> 300" in b.stderr_text()
        idle.expect_closed(timeout=DEADLINE_S)  # the default timeout is 10 minutes
    finally:
        idle.close()


def test_log_level_and_format_change_on_sighup(configured):
    b, path = configured
    assert get_json(b, "/v1/log-level")["level"] == "info"
    write_config(path, {"max.connections": 100, "log.level": "debug", "log.format": "json"})
    sighup_and_wait(b)
    doc = get_json(b, "/v1/log-level")
    assert doc["level"] == "debug" and set(doc["components"].values()) == {"debug"}
    with RawConn(b.host, b.port) as c:
        c.metadata(12)
    deadline = time.monotonic() + DEADLINE_S
    while True:
        lines = [json.loads(line) for line in b.stderr_text().splitlines() if line.startswith("{")]
        if any(line["level"] == "debug" and line["message"].startswith("request key 3 v12") for line in lines):
            break
        assert time.monotonic() < deadline, b.describe()
        time.sleep(0.05)
    base = {"time", "level", "component", "thread", "message"}
    assert all(set(line) - {"topic", "partition", "client_id"} == base for line in lines)
    requests = [line for line in lines if line["message"].startswith("request key 3 v12")]
    assert requests and all(set(r) == base | {"client_id"} and r["client_id"] == "sb-it" for r in requests), requests


def test_static_settings_wait_for_a_restart_and_flags_win(broker_factory, tmp_path):
    path = tmp_path / "streambus.yaml"
    write_config(path, {"num.partitions": 1})
    b = broker_factory(extra_args=["--config", str(path)], flags={"--max-connections": "50"})
    write_config(path, {"num.partitions": 3, "max.connections": 1})
    sighup_and_wait(b)
    assert "config reload: num.partitions: 1 -> 3 (needs a restart); keeping the value in effect" in b.stderr_text()
    assert "config reload: max.connections" not in b.stderr_text()  # the flag wins over the file
    with RawConn(b.host, b.port) as one, RawConn(b.host, b.port) as two:
        assert one.metadata(1)["brokers"] and two.metadata(1)["brokers"]
        # auto-created topics still get the partition count the broker started with
        two.send(kw.metadata_request(4, 77, ["auto-created"], allow_auto=True))
        kw.decode_metadata(two.recv_frame(), 4)
    assert get_json(b, "/v1/topics/auto-created")["partition_count"] == 1


def test_invalid_file_changes_nothing_and_names_the_setting(configured):
    b, path = configured
    write_config(path, {"max.connections": 0, "log.level": "debug"})
    sighup_and_wait(b, result="refused")
    assert ("config reload refused, nothing changed: invalid setting max.connections (config file): "
            "0 is outside [1, 1000000] connections") in b.stderr_text()
    assert get_json(b, "/v1/log-level")["level"] == "info"
    path.write_text("max.connections: [1, 2]\n")
    sighup_and_wait(b, result="refused")
    assert f"config file {path}: setting 'max.connections' must be a single value" in b.stderr_text()
    path.write_text("no.such.setting: 1\n")
    sighup_and_wait(b, result="refused")
    assert f"config file {path}: unknown setting 'no.such.setting'" in b.stderr_text()
    with RawConn(b.host, b.port) as c:  # still serving
        assert c.metadata(1)["brokers"]
    assert value(scrape(b), "streambus_config_reloads_total", result="applied") == 0
