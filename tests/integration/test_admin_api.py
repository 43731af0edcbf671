"""The JSON admin API (/v1/...) against what the Kafka API says: brokers and topics
against Metadata (confluent-kafka list_topics and a hand-decoded Metadata v12),
partition offsets against ListOffsets (raw) and confluent-kafka's watermarks, sizes
and segment counts against the files on disk; topic configs with their sources; 404
and 405 answers with JSON bodies; runtime log levels."""
import base64
import os
import sys
import time
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource, NewTopic

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from admin_http import call, get_json  # noqa: E402
from rawconn import RawConn, cluster_truth  # noqa: E402

TIMEOUT = 15
EARLIEST, LATEST = -2, -1
# records produced to partition p of the "orders" topic: p * 3 + 1
ORDERS_PARTITIONS = 4


def records_for(partition):
    return partition * 3 + 1


@pytest.fixture(scope="module")
def topics(broker):
    """Two topics made with confluent-kafka, one with its own retention.ms, and
    records of known count in each partition of the first."""
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    futures = admin.create_topics([
        NewTopic("orders", ORDERS_PARTITIONS, 1, config={"retention.ms": "3600000"}),
        NewTopic("audit.log_v2", 1, 1),
    ], operation_timeout=10)
    for name, f in futures.items():
        assert f.result(timeout=TIMEOUT) is None, name
    p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})
    delivered = []
    for partition in range(ORDERS_PARTITIONS):
        for i in range(records_for(partition)):
            p.produce("orders", key=f"k{i}".encode(), value=b"v" * (10 + i), partition=partition,
                      on_delivery=lambda err, msg: delivered.append(err))
    assert p.flush(TIMEOUT) == 0
    assert delivered == [None] * sum(records_for(q) for q in range(ORDERS_PARTITIONS))
    return ["audit.log_v2", "orders"]


def kafka_id(uuid):
    """Kafka's text form of a topic id: unpadded base64url of its 16 bytes."""
    return base64.urlsafe_b64encode(uuid.bytes).decode().rstrip("=")


def log_files(broker, topic, partition):
    d = Path(broker.data_dir) / f"{topic}-{partition}"
    return sorted(d.glob("*.log"))


def test_brokers_agree_with_metadata(broker):
    doc = get_json(broker, "/v1/brokers")
    md = AdminClient({"bootstrap.servers": broker.bootstrap}).list_topics(timeout=TIMEOUT)
    truth = cluster_truth(broker)
    assert doc["cluster_id"] == md.cluster_id == truth["cluster_id"]
    assert doc["controller_id"] == md.controller_id == truth["controller_id"] == 1
    assert [(b["id"], b["host"], b["port"]) for b in doc["brokers"]] == \
        [(b.id, b.host, b.port) for b in md.brokers.values()] == [(1, broker.host, broker.port)]
    only = doc["brokers"][0]
    assert only["rack"] is None and only["is_controller"] is True
    assert only["version"] == os.environ.get("SB_EXPECTED_VERSION", only["version"])
    assert set(only) == {"id", "host", "port", "rack", "is_controller", "version"}


def test_topic_list_agrees_with_metadata(broker, topics):
    doc = get_json(broker, "/v1/topics")
    md = AdminClient({"bootstrap.servers": broker.bootstrap}).list_topics(timeout=TIMEOUT)
    truth = cluster_truth(broker)
    assert [t["name"] for t in doc["topics"]] == sorted(md.topics) == topics
    for t in doc["topics"]:
        meta = md.topics[t["name"]]
        assert t["partition_count"] == len(meta.partitions) == len(truth["topics"][t["name"]]["partitions"])
        assert t["replication_factor"] == len(meta.partitions[0].replicas) == 1
        assert t["id"] == kafka_id(truth["topics"][t["name"]]["topic_id"])
        assert t["internal"] is False
        assert set(t) == {"name", "id", "partition_count", "replication_factor", "internal"}


def test_topic_partitions_agree_with_metadata_list_offsets_and_disk(broker, topics):
    doc = get_json(broker, "/v1/topics/orders")
    md = AdminClient({"bootstrap.servers": broker.bootstrap}).list_topics(timeout=TIMEOUT).topics["orders"]
    with RawConn(broker.host, broker.port) as c:
        listed = dw.list_offsets(c, {"orders": [(p, EARLIEST) for p in range(ORDERS_PARTITIONS)]})["orders"]
        latest = dw.list_offsets(c, {"orders": [(p, LATEST) for p in range(ORDERS_PARTITIONS)]})["orders"]
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "admin-api-watermarks"})
    try:
        assert [p["partition"] for p in doc["partitions"]] == list(range(ORDERS_PARTITIONS))
        for p in doc["partitions"]:
            n = p["partition"]
            meta = md.partitions[n]
            assert (p["leader"], p["replicas"], p["isr"]) == (meta.leader, list(meta.replicas), list(meta.isrs))
            assert p["online"] is True and p["leader_epoch"] == 0
            low, high = consumer.get_watermark_offsets(TopicPartition("orders", n), timeout=TIMEOUT)
            assert (p["log_start_offset"], p["high_watermark"]) == (low, high) == \
                (listed[n]["offset"], latest[n]["offset"]) == (0, records_for(n))
            assert p["last_stable_offset"] == p["high_watermark"]
            files = log_files(broker, "orders", n)
            assert p["segments"] == len(files) == 1
            assert p["size_bytes"] == sum(f.stat().st_size for f in files) > 0
    finally:
        consumer.close()
    assert doc["id"] == kafka_id(cluster_truth(broker)["topics"]["orders"]["topic_id"])
    assert (doc["name"], doc["partition_count"], doc["replication_factor"], doc["internal"]) == \
        ("orders", ORDERS_PARTITIONS, 1, False)


def test_empty_topic_reports_zero_offsets(broker, topics):
    doc = get_json(broker, "/v1/topics/audit.log_v2")
    [p] = doc["partitions"]
    assert (p["log_start_offset"], p["high_watermark"], p["last_stable_offset"]) == (0, 0, 0)
    assert p["size_bytes"] == sum(f.stat().st_size for f in log_files(broker, "audit.log_v2", 0)) == 0
    # percent-escaped names are decoded
    assert get_json(broker, "/v1/topics/audit%2Elog_v2")["name"] == "audit.log_v2"


def test_topic_configs_carry_their_source(broker_factory):
    b = broker_factory(flags={"--log-segment-bytes": "1048576"})
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    f = admin.create_topics([NewTopic("configured", 1, 1, config={"retention.ms": "3600000"})],
                            operation_timeout=10)["configured"]
    assert f.result(timeout=TIMEOUT) is None
    configs = {c["name"]: (c["value"], c["source"]) for c in get_json(b, "/v1/topics/configured")["configs"]}
    assert configs["retention.ms"] == ("3600000", "DYNAMIC_TOPIC_CONFIG")
    assert configs["segment.bytes"] == ("1048576", "STATIC_BROKER_CONFIG")
    assert configs["cleanup.policy"] == ("delete", "DEFAULT_CONFIG")
    assert configs["max.message.bytes"] == ("1048588", "DEFAULT_CONFIG")
    assert {s for _, s in configs.values()} == {"DYNAMIC_TOPIC_CONFIG", "STATIC_BROKER_CONFIG", "DEFAULT_CONFIG"}
    # The same values and sources as DescribeConfigs.
    described = admin.describe_configs([ConfigResource("topic", "configured")])
    [entries] = [f.result(timeout=TIMEOUT) for f in described.values()]
    assert {name: (e.value, ConfigSource(e.source).name) for name, e in entries.items()} == configs


def test_not_found_and_wrong_method_answer_json(broker, topics):
    status, _, body = call(broker, "GET", "/v1/topics/no-such-topic")
    assert status == 404
    assert body == {"error": "topic_not_found", "message": "topic 'no-such-topic' does not exist"}
    for path in ("/v1/nothing-here", "/v1/topics/", "/v1/brokers/1"):
        status, _, body = call(broker, "GET", path)
        assert status == 404
        assert body == {"error": "not_found", "message": f"no such path: {path}"}
    for method, path, allow in (("POST", "/v1/topics", "GET"), ("DELETE", "/v1/topics/orders", "GET"),
                                ("PUT", "/metrics", "GET"), ("DELETE", "/v1/log-level", "GET, PUT"),
                                ("POST", "/v1/brokers", "GET")):
        status, headers, body = call(broker, method, path, body="" if method != "DELETE" else None)
        assert status == 405, (method, path)
        assert headers["allow"] == allow
        assert body == {"error": "method_not_allowed",
                        "message": f"method {method} not allowed on {path}; allowed: {allow}"}
    status, _, body = call(broker, "GET", "/v1/topics/bad%zzescape")
    assert status == 400 and body["error"] == "bad_request" and "bad%zzescape" in body["message"]


def wait_for_line(b, needle, deadline_s=10.0):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if needle in b.stderr_text():
            return True
        time.sleep(0.05)
    return False


def test_log_level_changes_at_run_time(broker_factory):
    b = broker_factory()
    doc = get_json(b, "/v1/log-level")
    assert doc["level"] == "info"
    assert {"app", "cluster", "http", "kafka", "net", "storage"} <= set(doc["components"])
    assert set(doc["components"].values()) == {"info"}

    # Debug for one component: its debug lines appear, the others stay at info.
    status, _, doc = call(b, "PUT", "/v1/log-level", {"level": "debug", "component": "kafka"})
    assert status == 200
    assert doc["level"] == "info" and doc["components"]["kafka"] == "debug"
    assert {c: lvl for c, lvl in doc["components"].items() if c != "kafka"} == \
        {c: "info" for c in doc["components"] if c != "kafka"}
    assert get_json(b, "/v1/log-level") == doc
    with RawConn(b.host, b.port) as c:
        c.metadata(12)
    assert wait_for_line(b, "[kafka] request key 3 v12")

    # One level for all: per-component levels are forgotten.
    status, _, doc = call(b, "PUT", "/v1/log-level", {"level": "warn"})
    assert status == 200
    assert doc["level"] == "warn" and set(doc["components"].values()) == {"warn"}
    before = b.stderr_text().count("request key 3 v12")
    with RawConn(b.host, b.port) as c:
        c.metadata(12)
    assert "log level of kafka set to debug" in b.stderr_text()
    # The change itself is logged at info, which a warn level hides; back at info it shows.
    assert "log level set to warn" not in b.stderr_text()
    status, _, _ = call(b, "PUT", "/v1/log-level", {"level": "info"})
    assert status == 200
    assert wait_for_line(b, "[http] log level set to info for every component")
    assert b.stderr_text().count("request key 3 v12") == before


@pytest.mark.parametrize("body,error,message", [
    ({"level": "loud"}, "invalid_level",
     "'loud' is not a log level; use one of trace, debug, info, warn, error, critical, off"),
    ({}, "invalid_level", "level is required and must be one of trace, debug, info, warn, error, critical, off"),
    ({"level": 3}, "invalid_level", "level is required and must be one of trace, debug, info, warn, error, critical, off"),
    ({"level": "debug", "component": "nope"}, "invalid_component", None),
    ({"lvl": "debug"}, "bad_request", "unknown field 'lvl'; the fields are level and component"),
    ("not json", "bad_request", 'the body must be a JSON object such as {"level":"debug"}'),
    ([1, 2], "bad_request", 'the body must be a JSON object such as {"level":"debug"}'),
])
def test_bad_log_level_requests_are_refused_by_name(broker, body, error, message):
    before = get_json(broker, "/v1/log-level")
    status, _, doc = call(broker, "PUT", "/v1/log-level", body)
    assert status == 400
    assert doc["error"] == error
    if message is not None:
        assert doc["message"] == message
    else:
        assert doc["message"].startswith("'nope' is not a component; use one of app, cluster, ")
    assert get_json(broker, "/v1/log-level") == before
