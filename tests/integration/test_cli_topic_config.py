"""`streambus topic alter-config` and `topic describe --configs` against a real broker,
with exact output."""
import json

import cli_support as cli
import expect as ex

DYNAMIC, DEFAULT = "DYNAMIC_TOPIC_CONFIG", "DEFAULT_CONFIG"

# Every topic config with Kafka's default, in the order the broker lists them.
KAFKA_DEFAULTS = [
    ("cleanup.policy", "delete"), ("compression.gzip.level", "-1"), ("compression.lz4.level", "9"),
    ("compression.type", "producer"), ("compression.zstd.level", "3"), ("delete.retention.ms", "86400000"),
    ("file.delete.delay.ms", "60000"), ("flush.messages", "9223372036854775807"),
    ("flush.ms", "9223372036854775807"), ("follower.replication.throttled.replicas", ""),
    ("index.interval.bytes", "4096"), ("leader.replication.throttled.replicas", ""),
    ("local.retention.bytes", "-2"), ("local.retention.ms", "-2"),
    ("max.compaction.lag.ms", "9223372036854775807"), ("max.message.bytes", "1048588"),
    ("message.downconversion.enable", "true"), ("message.format.version", "3.0-IV1"),
    ("message.timestamp.after.max.ms", "9223372036854775807"),
    ("message.timestamp.before.max.ms", "9223372036854775807"),
    ("message.timestamp.difference.max.ms", "9223372036854775807"), ("message.timestamp.type", "CreateTime"),
    ("min.cleanable.dirty.ratio", "0.5"), ("min.compaction.lag.ms", "0"), ("min.insync.replicas", "1"),
    ("preallocate", "false"), ("remote.log.copy.disable", "false"), ("remote.log.delete.on.disable", "false"),
    ("remote.storage.enable", "false"), ("retention.bytes", "-1"), ("retention.ms", "604800000"),
    ("segment.bytes", "1073741824"), ("segment.index.bytes", "10485760"), ("segment.jitter.ms", "0"),
    ("segment.ms", "604800000"), ("unclean.leader.election.enable", "false"),
]


def _configs(overrides):
    """(name, value, source) of every config, with `overrides` set on the topic."""
    return [(n, overrides[n], DYNAMIC) if n in overrides else (n, v, DEFAULT) for n, v in KAFKA_DEFAULTS]


def test_describe_configs_text(broker):
    cli.ok(cli.on(broker, "topic", "create", "cfg-text", "-p", "2", "-c", "retention.ms=3600000"))
    n = ex.NODE_ID
    assert cli.ok(cli.on(broker, "topic", "describe", "cfg-text", "--configs")) == (
        "NAME        cfg-text\n"
        "PARTITIONS  2\n"
        "REPLICAS    1\n"
        "\n" + cli.table(("PARTITION", "LEADER", "REPLICAS", "ISR"), (0, n, f"[{n}]", f"[{n}]"),
                         (1, n, f"[{n}]", f"[{n}]"))
        + "\n" + cli.table(("CONFIG", "VALUE", "SOURCE"), *_configs({"retention.ms": "3600000"})))


def test_alter_config_sets_and_deletes(broker):
    cli.ok(cli.on(broker, "topic", "create", "cfg-alter", "-c", "retention.ms=3600000", "-c", "segment.ms=60000"))
    out = cli.ok(cli.on(broker, "topic", "alter-config", "cfg-alter", "--set", "cleanup.policy=compact",
                        "--set", "max.message.bytes=2048", "--delete", "segment.ms"))
    assert out == "TOPIC      STATUS\ncfg-alter  OK\n"
    described = json.loads(cli.ok(cli.on(broker, "topic", "describe", "cfg-alter", "--configs", "--json")))
    want = _configs({"retention.ms": "3600000", "cleanup.policy": "compact", "max.message.bytes": "2048"})
    assert described["configs"] == [{"name": n, "value": v, "source": s} for n, v, s in want]


def test_alter_config_refusals(broker):
    cli.ok(cli.on(broker, "topic", "create", "cfg-refused", "-c", "retention.ms=1000"))
    out, err = cli.failed(cli.on(broker, "topic", "alter-config", "cfg-refused", "--set", "retention.ms=soon"))
    assert out == ""
    assert err == ("streambus: cannot alter the configs of topic \"cfg-refused\": Invalid value soon for "
                   "configuration retention.ms: Not a number of type LONG (INVALID_CONFIG)")
    out, err = cli.failed(cli.on(broker, "topic", "alter-config", "cfg-refused", "--set", "retention.weeks=1"))
    assert err == ("streambus: cannot alter the configs of topic \"cfg-refused\": Unknown topic config name: "
                   "retention.weeks (INVALID_CONFIG)")
    described = json.loads(cli.ok(cli.on(broker, "topic", "describe", "cfg-refused", "--configs", "--json")))
    assert [c for c in described["configs"] if c["source"] == DYNAMIC] == [
        {"name": "retention.ms", "value": "1000", "source": DYNAMIC}]


def test_alter_config_of_unknown_topic(broker):
    out, err = cli.failed(cli.on(broker, "topic", "alter-config", "cfg-missing", "--set", "retention.ms=1"))
    assert (out, err) == ("", "streambus: cannot describe the configs of topic \"cfg-missing\": The topic "
                              "'cfg-missing' does not exist (UNKNOWN_TOPIC_OR_PART)")
