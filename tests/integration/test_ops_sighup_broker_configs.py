"""DescribeConfigs of the broker reports every setting at the value in force: after a
SIGHUP reload (log.level, log.format, max.connections, connections.max.idle.ms, the
defaults for topic configs) with STATIC_BROKER_CONFIG or DEFAULT_CONFIG, and after
PUT /v1/log-level with DYNAMIC_BROKER_CONFIG until the file changes log.level. Topic
config defaults that are each valid but refused together refuse the whole reload, as
one invalid value does: nothing applied, the old values described and in force."""
import re

import pytest
from confluent_kafka.admin import AdminClient, ConfigResource

import config_wire as cw
from admin_http import call, get_json, scrape, value
from broker import REPO
from config_reload import sighup_and_wait, write_config
from rawconn import RawConn, create_topics_ok

TIMEOUT = 15
DYNAMIC_TOPIC, DYNAMIC_BROKER, STATIC_BROKER, DEFAULT = 1, 2, 4, 5
LONG_MAX = "9223372036854775807"
# The dynamic settings this file watches, with their built-in defaults.
DEFAULTS = {
    "log.level": "info",
    "log.format": "text",
    "max.connections": "10000",
    "connections.max.idle.ms": "600000",
    "log.retention.ms": "604800000",
    "log.cleaner.min.compaction.lag.ms": "0",
    "log.cleaner.max.compaction.lag.ms": LONG_MAX,
    "num.partitions": "1",  # static: a change waits for a restart
}


def describe_broker(b):
    """{setting: (value, source)} of the watched settings from confluent-kafka's
    describe_configs, checked against DescribeConfigs v4; and {setting: [synonyms]}
    from v4 (confluent-kafka keys synonyms by name, so it cannot show them all)."""
    admin = AdminClient({"bootstrap.servers": b.bootstrap, "socket.timeout.ms": 10000})
    resource = ConfigResource(ConfigResource.Type.BROKER, "1")
    entries = admin.describe_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT)
    values = {n: (e.value, int(getattr(e.source, "value", e.source))) for n, e in entries.items() if n in DEFAULTS}
    assert all(e.is_read_only for e in entries.values())
    with RawConn(b.host, b.port) as c:
        [res] = cw.describe_configs(c, 4, [(cw.BROKER, "1", sorted(DEFAULTS))], synonyms=True)
    assert res["error_code"] == 0, res
    assert {c["name"]: (c["value"], c["source"]) for c in res["configs"]} == values
    return values, {c["name"]: c["synonyms"] for c in res["configs"]}


def expected(static=None, runtime=None):
    """The watched settings when the sources set `static` and the admin API `runtime`:
    values and sources, and synonyms highest precedence first."""
    static, runtime = static or {}, runtime or {}
    values, synonyms = {}, {}
    for name, default in DEFAULTS.items():
        syns = []
        if name in runtime:
            syns.append((name, runtime[name], DYNAMIC_BROKER))
        if name in static:
            syns.append((name, static[name], STATIC_BROKER))
        syns.append((name, default, DEFAULT))
        values[name] = syns[0][1:]
        synonyms[name] = syns
    return values, synonyms


def put_level(b, body):
    status, _, doc = call(b, "PUT", "/v1/log-level", body)
    assert status == 200, doc
    return doc


def reloads(b):
    metrics = scrape(b)
    return {r: value(metrics, "streambus_config_reloads_total", result=r) for r in ("applied", "refused")}


@pytest.fixture
def configured(broker_factory, tmp_path):
    path = tmp_path / "streambus.yaml"
    write_config(path, {"max.connections": 100, "log.level": "info"})
    b = broker_factory(extra_args=["--config", str(path)])
    return b, path


def test_sighup_changes_what_describe_configs_reports(configured):
    b, path = configured
    assert describe_broker(b) == expected({"max.connections": "100", "log.level": "info"})

    new = {"max.connections": "50", "log.level": "debug", "log.format": "json", "connections.max.idle.ms": "120000",
           "log.retention.ms": "3600000", "log.cleaner.min.compaction.lag.ms": "1000",
           "log.cleaner.max.compaction.lag.ms": "60000"}
    write_config(path, {**new, "num.partitions": 3})
    sighup_and_wait(b)
    assert describe_broker(b) == expected(new)  # num.partitions needs a restart: still 1
    assert reloads(b) == {"applied": 1, "refused": 0}
    assert get_json(b, "/v1/log-level")["level"] == "debug"

    # Out of the file: the defaults, DEFAULT_CONFIG.
    write_config(path, {})
    sighup_and_wait(b)
    assert describe_broker(b) == expected()
    assert get_json(b, "/v1/log-level")["level"] == "info"


# A valid value other than the default for every dynamic setting.
EVERY_DYNAMIC = {
    "log.level": "warn", "log.format": "json", "connections.max.idle.ms": "120000", "max.connections": "500",
    "log.segment.bytes": "2097152", "log.roll.ms": "3600000", "log.index.size.max.bytes": "1048576",
    "log.index.interval.bytes": "8192", "log.flush.interval.messages": "1000", "log.flush.interval.ms": "5000",
    "log.retention.ms": "3600000", "log.retention.bytes": "1073741824", "log.cleanup.policy": "compact",
    "log.cleaner.delete.retention.ms": "3600000", "log.cleaner.min.compaction.lag.ms": "1000",
    "log.cleaner.max.compaction.lag.ms": "60000", "message.max.bytes": "2097152",
    "log.message.timestamp.type": "LogAppendTime", "log.message.timestamp.before.max.ms": "86400000",
    "log.message.timestamp.after.max.ms": "3600000",
}


def documented_dynamic_settings():
    """{setting: default} of the rows of docs/operations.md's table marked dynamic (the
    unit test Config.DocumentationListsEverySettingWithItsDefaultUnitAndDynamism keeps
    that table equal to the broker's)."""
    text = (REPO / "docs" / "operations.md").read_text()
    return dict(re.findall(r"^\| `([a-z.]+)` \| `([^`]*)` \| [a-z ]*\| yes \|$", text, re.M))


def test_every_dynamic_setting_is_described_at_its_reloaded_value(configured):
    b, path = configured
    defaults = documented_dynamic_settings()
    assert set(defaults) == set(EVERY_DYNAMIC)
    admin = AdminClient({"bootstrap.servers": b.bootstrap, "socket.timeout.ms": 10000})
    resource = ConfigResource(ConfigResource.Type.BROKER, "1")

    def described():
        entries = admin.describe_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT)
        return {n: (e.value, int(getattr(e.source, "value", e.source))) for n, e in entries.items() if n in defaults}

    before = {n: (d, DEFAULT) for n, d in defaults.items()}
    before["max.connections"] = ("100", STATIC_BROKER)
    before["log.level"] = ("info", STATIC_BROKER)
    assert described() == before
    write_config(path, EVERY_DYNAMIC)
    sighup_and_wait(b)
    assert described() == {n: (v, STATIC_BROKER) for n, v in EVERY_DYNAMIC.items()}
    write_config(path, {})
    sighup_and_wait(b)
    assert described() == {n: (d, DEFAULT) for n, d in defaults.items()}


def test_a_level_put_at_runtime_is_a_dynamic_broker_config(configured):
    b, path = configured
    static = {"max.connections": "100", "log.level": "info"}
    assert put_level(b, {"level": "debug"})["level"] == "debug"
    assert describe_broker(b) == expected(static, {"log.level": "debug"})

    # One component's level is not log.level.
    put_level(b, {"level": "warn", "component": "kafka"})
    assert describe_broker(b) == expected(static, {"log.level": "debug"})

    # A reload that leaves log.level alone in the file keeps the level set at run time.
    static["max.connections"] = "200"
    write_config(path, static)
    sighup_and_wait(b)
    assert describe_broker(b) == expected(static, {"log.level": "debug"})
    assert get_json(b, "/v1/log-level")["level"] == "debug"

    # One that changes it there: the file's value, the runtime one gone.
    static["log.level"] = "warn"
    write_config(path, static)
    sighup_and_wait(b)
    assert describe_broker(b) == expected(static)
    assert get_json(b, "/v1/log-level")["level"] == "warn"

    put_level(b, {"level": "info"})
    assert describe_broker(b) == expected(static, {"log.level": "info"})
    assert reloads(b) == {"applied": 2, "refused": 0}


def test_defaults_refused_together_refuse_the_whole_reload(configured):
    b, path = configured
    create_topics_ok(b, [("lagged", 1, 1)])
    static = {"max.connections": "100", "log.level": "info"}
    write_config(path, {"max.connections": 2, "log.level": "debug", "log.retention.ms": 3600000,
                        "log.cleaner.min.compaction.lag.ms": 60000, "log.cleaner.max.compaction.lag.ms": 1000})
    sighup_and_wait(b, result="refused")
    log = b.stderr_text()
    assert ("config reload refused, nothing changed: topic config defaults: conflict topic config setting "
            "min.compaction.lag.ms (60000) > max.compaction.lag.ms (1000)") in log
    assert "config reload: " not in log  # no "config reload: <setting>: old -> new" line
    assert "broker defaults for topic configs" not in log
    assert reloads(b) == {"applied": 0, "refused": 1}
    assert describe_broker(b) == expected(static)
    with RawConn(b.host, b.port) as c:
        [res] = cw.describe_configs(c, 4, [(cw.TOPIC, "lagged", ["retention.ms", "min.compaction.lag.ms",
                                                                  "max.compaction.lag.ms"])])
    assert {c["name"]: (c["value"], c["source"]) for c in res["configs"]} == {
        "retention.ms": ("604800000", DEFAULT), "min.compaction.lag.ms": ("0", DEFAULT),
        "max.compaction.lag.ms": (LONG_MAX, DEFAULT)}
    # In force: the log level, and max.connections (a limit of 2 would close the third).
    assert get_json(b, "/v1/log-level")["level"] == "info"
    held = [RawConn(b.host, b.port) for _ in range(3)]
    try:
        for c in held:
            assert c.metadata(1)["brokers"]
    finally:
        for c in held:
            c.close()

    # A topic's own value that the new defaults would contradict refuses the reload too.
    with RawConn(b.host, b.port) as c:
        altered = cw.alter(c, cw.API_ALTER_CONFIGS, 0, [(cw.TOPIC, "lagged", [("max.compaction.lag.ms", "5000")])])
    assert altered == [(0, None, cw.TOPIC, "lagged")]
    write_config(path, {**static, "log.cleaner.min.compaction.lag.ms": 10000})
    sighup_and_wait(b, result="refused")
    assert ("config reload refused, nothing changed: topic config defaults: under the configs of topic 'lagged': "
            "conflict topic config setting min.compaction.lag.ms (10000) > max.compaction.lag.ms (5000)"
            ) in b.stderr_text()
    assert reloads(b) == {"applied": 0, "refused": 2}
    assert describe_broker(b) == expected(static)

    # Fixed: all of it applies.
    fixed = {**static, "log.level": "debug", "log.cleaner.min.compaction.lag.ms": "1000",
             "log.cleaner.max.compaction.lag.ms": "60000"}
    write_config(path, fixed)
    sighup_and_wait(b)
    assert reloads(b) == {"applied": 1, "refused": 2}
    assert describe_broker(b) == expected(fixed)
    with RawConn(b.host, b.port) as c:
        [res] = cw.describe_configs(c, 4, [(cw.TOPIC, "lagged", ["min.compaction.lag.ms", "max.compaction.lag.ms"])])
    assert {c["name"]: (c["value"], c["source"]) for c in res["configs"]} == {
        "min.compaction.lag.ms": ("1000", STATIC_BROKER), "max.compaction.lag.ms": ("5000", DYNAMIC_TOPIC)}
