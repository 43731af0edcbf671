"""The broker's defaults for topic configs (log.segment.bytes, log.retention.ms, ...)
change on SIGHUP, as Kafka's cluster-wide dynamic defaults do: confluent-kafka's
describe_configs shows the new values with source STATIC_BROKER_CONFIG (and Kafka's
DEFAULT_CONFIG once the file no longer sets them), the live partitions roll segments at
the new size and delete by the new retention, and a topic's own value always wins."""
import os
import re
import sys
import time

import pytest
from confluent_kafka.admin import AdminClient, ConfigResource

import config_wire as cw
from admin_http import get_json, scrape, value
from config_reload import sighup_and_wait, write_config
from rawconn import RawConn, create_topics_ok

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402

TIMEOUT = 15
DEADLINE_S = 30.0
DYNAMIC_TOPIC, STATIC_BROKER, DEFAULT = 1, 4, 5
KAFKA_SEGMENT_BYTES = "1073741824"
KAFKA_RETENTION_MS = "604800000"
EARLIEST, LATEST = -2, -1


def describe(b, name):
    """({config: (value, source)} from confluent-kafka's describe_configs,
    {config: [(synonym, value, source)]} from DescribeConfigs v4 asking for synonyms).
    confluent-kafka keys a config's synonyms by name, so the broker default and Kafka's
    default (both named log.segment.bytes) cannot both show there."""
    admin = AdminClient({"bootstrap.servers": b.bootstrap, "socket.timeout.ms": 10000})
    resource = ConfigResource(ConfigResource.Type.TOPIC, name)
    entries = admin.describe_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT)
    values = {n: (e.value, int(getattr(e.source, "value", e.source))) for n, e in entries.items()}
    with RawConn(b.host, b.port) as c:
        [res] = cw.describe_configs(c, 4, [(cw.TOPIC, name, None)], synonyms=True)
    assert res["error_code"] == 0, res
    assert {c["name"]: (c["value"], c["source"]) for c in res["configs"]} == values
    return values, {c["name"]: c["synonyms"] for c in res["configs"]}


def describe_broker(b):
    """{setting: (value, source)} of the broker (node 1) from confluent-kafka."""
    admin = AdminClient({"bootstrap.servers": b.bootstrap, "socket.timeout.ms": 10000})
    resource = ConfigResource(ConfigResource.Type.BROKER, "1")
    entries = admin.describe_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT)
    return {n: (e.value, int(getattr(e.source, "value", e.source))) for n, e in entries.items()}


def alter_topic(b, name, configs):
    admin = AdminClient({"bootstrap.servers": b.bootstrap, "socket.timeout.ms": 10000})
    resource = ConfigResource(ConfigResource.Type.TOPIC, name, set_config=configs)
    assert admin.alter_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT) is None


def batch(index):
    """One record of 600 bytes, stamped now (retention counts from the record times)."""
    return dw.build_batch(dw.simple_records([b"%03d" % index + b"v" * 597]), base_timestamp=int(time.time() * 1000))


BATCH_BYTES = len(batch(0))


def produce(b, topic, count, partition=0):
    """Produces `count` one-record batches; returns their offsets."""
    offsets = []
    with RawConn(b.host, b.port) as c:
        for i in range(count):
            got = dw.produce_one(c, topic, batch(i), partition=partition, acks=-1)
            assert got["error_code"] == 0, got
            offsets.append(got["base_offset"])
    return offsets


def segments(b, topic, partition=0):
    """{base offset: bytes} of the partition's .log files."""
    directory = os.path.join(b.data_dir, f"{topic}-{partition}")
    return {int(f[:-4]): os.path.getsize(os.path.join(directory, f))
            for f in os.listdir(directory) if re.fullmatch(r"\d{20}\.log", f)}


def offsets(b, topic, partition=0):
    with RawConn(b.host, b.port) as c:
        got = [dw.list_offsets(c, {topic: [(partition, t)]})[topic][partition] for t in (EARLIEST, LATEST)]
    assert [g["error_code"] for g in got] == [0, 0], got
    return got[0]["offset"], got[1]["offset"]


def wait_for(what, probe, want):
    deadline = time.monotonic() + DEADLINE_S
    while (got := probe()) != want:
        assert time.monotonic() < deadline, f"{what}: {got} != {want}"
        time.sleep(0.1)


@pytest.fixture
def configured(broker_factory, tmp_path):
    """A one-shard broker (its partitions share one retention pass) whose config file
    sets log.segment.bytes, with topic "plain" (no topic configs) and topic "pinned"
    (its own segment.bytes and retention.ms)."""
    path = tmp_path / "streambus.yaml"
    write_config(path, {"log.segment.bytes": 1048576})
    b = broker_factory(flags={"--smp": "1"}, extra_args=["--config", str(path)])
    create_topics_ok(b, [("plain", 2, 1), ("pinned", 1, 1)])
    alter_topic(b, "pinned", {"segment.bytes": "1048576", "retention.ms": "86400000"})
    return b, path


def test_describe_configs_shows_the_new_defaults_with_their_source(configured):
    b, path = configured
    got, syns = describe(b, "plain")
    assert got["segment.bytes"] == ("1048576", STATIC_BROKER)
    assert got["retention.ms"] == (KAFKA_RETENTION_MS, DEFAULT)

    write_config(path, {"log.segment.bytes": 4096, "log.retention.ms": 3600000, "log.cleanup.policy": "compact"})
    sighup_and_wait(b)
    log = b.stderr_text()
    assert "config reload: log.segment.bytes: 1048576 -> 4096" in log
    assert "config reload: log.retention.ms: 604800000 -> 3600000" in log
    assert "config reload: log.cleanup.policy: delete -> compact" in log
    # plain's two partitions and pinned's one
    assert "broker defaults for topic configs changed: 3 open partition(s) reconfigured" in log

    got, syns = describe(b, "plain")
    assert got["segment.bytes"] == ("4096", STATIC_BROKER)
    assert got["retention.ms"] == ("3600000", STATIC_BROKER)
    assert got["cleanup.policy"] == ("compact", STATIC_BROKER)
    assert got["retention.bytes"] == ("-1", DEFAULT)
    assert syns["segment.bytes"] == [("log.segment.bytes", "4096", STATIC_BROKER),
                                     ("log.segment.bytes", KAFKA_SEGMENT_BYTES, DEFAULT)]
    assert syns["retention.ms"] == [("log.retention.ms", "3600000", STATIC_BROKER),
                                    ("log.retention.ms", KAFKA_RETENTION_MS, DEFAULT)]
    # The topic's own values win, and the new default is listed under them.
    got, syns = describe(b, "pinned")
    assert got["segment.bytes"] == ("1048576", DYNAMIC_TOPIC)
    assert got["retention.ms"] == ("86400000", DYNAMIC_TOPIC)
    assert got["cleanup.policy"] == ("compact", STATIC_BROKER)
    assert syns["segment.bytes"] == [("segment.bytes", "1048576", DYNAMIC_TOPIC),
                                     ("log.segment.bytes", "4096", STATIC_BROKER),
                                     ("log.segment.bytes", KAFKA_SEGMENT_BYTES, DEFAULT)]
    # So does the broker resource.
    settings = describe_broker(b)
    assert settings["log.segment.bytes"] == ("4096", STATIC_BROKER)
    assert settings["log.retention.ms"] == ("3600000", STATIC_BROKER)
    assert settings["log.cleanup.policy"] == ("compact", STATIC_BROKER)
    assert settings["log.retention.bytes"] == ("-1", DEFAULT)
    # The admin API says the same.
    configs = {c["name"]: (c["value"], c["source"]) for c in get_json(b, "/v1/topics/plain")["configs"]}
    assert configs["segment.bytes"] == ("4096", "STATIC_BROKER_CONFIG")
    assert configs["retention.ms"] == ("3600000", "STATIC_BROKER_CONFIG")
    assert configs["retention.bytes"] == ("-1", "DEFAULT_CONFIG")

    # Taken out of the file: Kafka's defaults again.
    write_config(path, {"log.retention.ms": 3600000})
    sighup_and_wait(b)
    got, syns = describe(b, "plain")
    assert got["segment.bytes"] == (KAFKA_SEGMENT_BYTES, DEFAULT)
    assert got["cleanup.policy"] == ("delete", DEFAULT)
    assert got["retention.ms"] == ("3600000", STATIC_BROKER)
    assert syns["segment.bytes"] == [("log.segment.bytes", KAFKA_SEGMENT_BYTES, DEFAULT)]
    settings = describe_broker(b)
    assert settings["log.segment.bytes"] == (KAFKA_SEGMENT_BYTES, DEFAULT)
    assert settings["log.cleanup.policy"] == ("delete", DEFAULT)
    assert settings["log.retention.ms"] == ("3600000", STATIC_BROKER)


def test_live_partitions_roll_and_delete_by_the_new_defaults(configured):
    b, path = configured
    # 1 MiB segments: three batches share one.
    assert produce(b, "plain", 3) == [0, 1, 2]
    assert produce(b, "pinned", 3) == [0, 1, 2]
    assert segments(b, "plain") == {0: 3 * BATCH_BYTES}

    # Two batches fit in a segment, a third starts the next one. The segment already
    # holding three is over the new size: the next append rolls.
    segment_bytes = 2 * BATCH_BYTES + BATCH_BYTES // 2
    write_config(path, {"log.segment.bytes": segment_bytes})
    sighup_and_wait(b)
    assert produce(b, "plain", 5) == [3, 4, 5, 6, 7]
    assert produce(b, "pinned", 5) == [3, 4, 5, 6, 7]
    assert segments(b, "plain") == {0: 3 * BATCH_BYTES, 3: 2 * BATCH_BYTES, 5: 2 * BATCH_BYTES, 7: BATCH_BYTES}
    assert segments(b, "pinned") == {0: 8 * BATCH_BYTES}  # its own segment.bytes, 1 MiB
    wait_for("plain's segment gauge",
             lambda: value(scrape(b), "streambus_partition_log_segments", topic="plain", partition=0), 4)
    report = get_json(b, "/v1/topics/plain")["partitions"][0]
    assert (report["segments"], report["size_bytes"]) == (4, 8 * BATCH_BYTES)

    # Retention of 1 ms: every closed segment of plain goes at the next retention pass;
    # pinned keeps its own retention.ms (one day) and every segment.
    write_config(path, {"log.segment.bytes": segment_bytes, "log.retention.ms": 1})
    sighup_and_wait(b)
    wait_for("plain's log start offset", lambda: offsets(b, "plain"), (7, 8))
    # One shard: the pass that cut plain has looked at pinned too.
    assert offsets(b, "pinned") == (0, 8)
    wait_for("plain's segment files", lambda: segments(b, "plain"), {7: BATCH_BYTES})
    assert segments(b, "pinned") == {0: 8 * BATCH_BYTES}
    # The other partition of plain was empty, and runs with the same defaults: it rolls
    # after two batches, and its closed segment goes too.
    assert produce(b, "plain", 3, partition=1) == [0, 1, 2]
    wait_for("plain-1's log start offset", lambda: offsets(b, "plain", 1), (2, 3))
    wait_for("plain-1's segment files", lambda: segments(b, "plain", 1), {2: BATCH_BYTES})


def test_flags_win_and_an_invalid_default_changes_nothing(broker_factory, tmp_path):
    path = tmp_path / "streambus.yaml"
    write_config(path, {"log.segment.bytes": 1048576})
    b = broker_factory(flags={"--log-retention-ms": "3600000"}, extra_args=["--config", str(path)])
    create_topics_ok(b, [("flagged", 1, 1)])

    # The file cannot override the flag.
    write_config(path, {"log.segment.bytes": 1048576, "log.retention.ms": 1})
    sighup_and_wait(b)
    got, _ = describe(b, "flagged")
    assert got["retention.ms"] == ("3600000", STATIC_BROKER)

    write_config(path, {"log.segment.bytes": 5})
    sighup_and_wait(b, result="refused")
    assert ("config reload refused, nothing changed: invalid setting log.segment.bytes (config file): "
            "5 is outside [14, 2147483647] bytes") in b.stderr_text()
    got, _ = describe(b, "flagged")
    assert got["segment.bytes"] == ("1048576", STATIC_BROKER)
