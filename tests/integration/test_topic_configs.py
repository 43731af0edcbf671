"""Topic configs through confluent-kafka 1.7.0 (librdkafka 2.0.2): AdminClient
describe_configs (topic and broker) and alter_configs with exact values, sources and
flags; a changed max.message.bytes, segment.bytes and retention.bytes take effect on the
live partitions; a change survives a restart."""
import tempfile
import time

import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource

import config_wire as cw
import expect as ex
from broker import Broker
from rawconn import RawConn, create_topics_ok

TIMEOUT = 15
DYNAMIC_TOPIC, STATIC_BROKER, DEFAULT = 1, 4, 5
TOPIC_CONFIG_COUNT = 36
INVALID_CONFIG = 40


@pytest.fixture(scope="module")
def admin(broker):
    return AdminClient({"bootstrap.servers": broker.bootstrap, "socket.timeout.ms": 10000})


def _source(entry):
    return int(getattr(entry.source, "value", entry.source))


def _synonyms(entry):
    syns = entry.synonyms.values() if isinstance(entry.synonyms, dict) else entry.synonyms
    return [(s.name, s.value, _source(s)) for s in syns]


def describe(admin, rtype, name):
    """{config name: (value, source, is_default, is_read_only, is_sensitive)} and the entries."""
    resource = ConfigResource(rtype, name)
    entries = admin.describe_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT)
    return {n: (e.value, _source(e), e.is_default, e.is_read_only, e.is_sensitive) for n, e in entries.items()}, entries


def alter(admin, name, configs, rtype=ConfigResource.Type.TOPIC):
    """Runs alter_configs for one resource: None on success, else the KafkaError."""
    resource = ConfigResource(rtype, name, set_config=configs)
    try:
        assert admin.alter_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT) is None
        return None
    except KafkaException as e:
        return e.args[0]


def test_describe_topic_configs(broker, admin):
    create_topics_ok(broker, [("ck-cfg-describe", 1, 1)])
    with RawConn(broker.host, broker.port) as c:
        assert cw.alter(c, cw.API_INCREMENTAL_ALTER_CONFIGS, 1,
                        [(cw.TOPIC, "ck-cfg-describe", [("retention.ms", cw.SET, "3600000"),
                                                        ("cleanup.policy", cw.SET, "compact")])])[0][0] == 0
    got, entries = describe(admin, ConfigResource.Type.TOPIC, "ck-cfg-describe")
    assert len(got) == TOPIC_CONFIG_COUNT
    assert got["retention.ms"] == ("3600000", DYNAMIC_TOPIC, False, False, False)
    assert got["cleanup.policy"] == ("compact", DYNAMIC_TOPIC, False, False, False)
    assert got["segment.bytes"] == ("1073741824", DEFAULT, True, False, False)
    assert got["max.message.bytes"] == ("1048588", DEFAULT, True, False, False)
    assert got["message.timestamp.type"] == ("CreateTime", DEFAULT, True, False, False)
    assert got["min.cleanable.dirty.ratio"] == ("0.5", DEFAULT, True, False, False)
    assert got["remote.storage.enable"] == ("false", DEFAULT, True, False, False)
    assert sorted(_synonyms(entries["retention.ms"])) == [("log.retention.ms", "604800000", DEFAULT),
                                                          ("retention.ms", "3600000", DYNAMIC_TOPIC)]
    assert _synonyms(entries["segment.bytes"]) == [("log.segment.bytes", "1073741824", DEFAULT)]


def test_describe_unknown_topic(admin):
    resource = ConfigResource(ConfigResource.Type.TOPIC, "ck-cfg-missing")
    with pytest.raises(KafkaException) as raised:
        admin.describe_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT)
    err = raised.value.args[0]
    assert (err.code(), err.str()) == (ex.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'ck-cfg-missing' does not exist.")


def test_describe_broker_configs(broker, admin):
    got, _ = describe(admin, ConfigResource.Type.BROKER, str(ex.NODE_ID))
    # The test harness passes --node-id, --smp and the listeners as flags.
    assert got["node.id"] == (str(ex.NODE_ID), STATIC_BROKER, False, True, False)
    assert got["smp"] == ("2", STATIC_BROKER, False, True, False)
    assert got["kafka.addr"] == (broker.bootstrap, STATIC_BROKER, False, True, False)
    assert got["num.partitions"] == ("1", DEFAULT, True, True, False)
    assert got["default.replication.factor"] == ("1", DEFAULT, True, True, False)
    assert got["auto.create.topics.enable"] == ("true", DEFAULT, True, True, False)
    assert got["log.retention.ms"] == ("604800000", DEFAULT, True, True, False)
    assert got["log.segment.bytes"] == ("1073741824", DEFAULT, True, True, False)
    assert got["message.max.bytes"] == ("1048588", DEFAULT, True, True, False)
    assert got["advertise.kafka.addr"] == (None, DEFAULT, True, True, False)
    assert all(read_only for _, _, _, read_only, _ in got.values())


def test_broker_defaults_from_the_configuration_are_static_broker_config(broker_factory):
    b = broker_factory(flags={"--log-retention-ms": "3600000", "--message-max-bytes": "500000"})
    create_topics_ok(b, [("ck-cfg-static", 1, 1)])
    a = AdminClient({"bootstrap.servers": b.bootstrap})
    got, entries = describe(a, ConfigResource.Type.TOPIC, "ck-cfg-static")
    assert got["retention.ms"] == ("3600000", STATIC_BROKER, False, False, False)
    assert got["max.message.bytes"] == ("500000", STATIC_BROKER, False, False, False)
    assert got["segment.ms"] == ("604800000", DEFAULT, True, False, False)
    broker_got, _ = describe(a, ConfigResource.Type.BROKER, str(ex.NODE_ID))
    assert broker_got["log.retention.ms"] == ("3600000", STATIC_BROKER, False, True, False)


def test_alter_configs_replaces_the_topic_configs(broker, admin):
    create_topics_ok(broker, [("ck-cfg-alter", 2, 1)])
    assert alter(admin, "ck-cfg-alter", {"retention.ms": "1000", "cleanup.policy": "compact"}) is None
    got, _ = describe(admin, ConfigResource.Type.TOPIC, "ck-cfg-alter")
    assert got["retention.ms"][:2] == ("1000", DYNAMIC_TOPIC)
    assert got["cleanup.policy"][:2] == ("compact", DYNAMIC_TOPIC)
    # AlterConfigs sets the whole set: configs left out go back to their defaults.
    assert alter(admin, "ck-cfg-alter", {"segment.ms": "60000"}) is None
    got, _ = describe(admin, ConfigResource.Type.TOPIC, "ck-cfg-alter")
    assert {n: v[0] for n, v in got.items() if v[1] == DYNAMIC_TOPIC} == {"segment.ms": "60000"}
    assert got["retention.ms"] == ("604800000", DEFAULT, True, False, False)


def test_alter_configs_errors(broker, admin):
    create_topics_ok(broker, [("ck-cfg-errors", 1, 1)])
    err = alter(admin, "ck-cfg-errors", {"retention.ms": "soon"})
    assert (err.code(), err.str()) == (INVALID_CONFIG,
                                       "Invalid value soon for configuration retention.ms: Not a number of type LONG")
    err = alter(admin, "ck-cfg-errors", {"retention.days": "1"})
    assert (err.code(), err.str()) == (INVALID_CONFIG, "Unknown topic config name: retention.days")
    err = alter(admin, "ck-cfg-missing", {"retention.ms": "1"})
    assert (err.code(), err.str()) == (ex.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'ck-cfg-missing' does not exist.")
    err = alter(admin, str(ex.NODE_ID), {"num.partitions": "3"}, ConfigResource.Type.BROKER)
    assert (err.code(), err.str()) == (ex.INVALID_REQUEST,
                                       "Cannot update these configs dynamically: num.partitions. Broker settings come "
                                       "from the broker's config file, environment and flags; change them there and "
                                       "send the broker SIGHUP (dynamic settings) or restart it.")
    got, _ = describe(admin, ConfigResource.Type.TOPIC, "ck-cfg-errors")
    assert [n for n, v in got.items() if v[1] == DYNAMIC_TOPIC] == []


def _produce(bootstrap, topic, values):
    """Produces each value in a batch of its own; returns [(error code or None, offset)]."""
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0, "acks": "all", "retries": 0})
    reports = []
    for v in values:
        p.produce(topic, value=v, partition=0,
                  on_delivery=lambda err, msg: reports.append((err.code() if err else None, msg.offset())))
        assert p.flush(TIMEOUT) == 0
    return reports


def test_max_message_bytes_change_reaches_the_live_partition(broker, admin):
    create_topics_ok(broker, [("ck-cfg-max-bytes", 1, 1)])
    big = b"x" * 1500
    assert _produce(broker.bootstrap, "ck-cfg-max-bytes", [big]) == [(None, 0)]
    assert alter(admin, "ck-cfg-max-bytes", {"max.message.bytes": "1024"}) is None
    assert _produce(broker.bootstrap, "ck-cfg-max-bytes", [big, b"small"]) == [
        (KafkaError.MSG_SIZE_TOO_LARGE, None), (None, 1)]
    assert alter(admin, "ck-cfg-max-bytes", {}) is None
    assert _produce(broker.bootstrap, "ck-cfg-max-bytes", [big]) == [(None, 2)]


def _watermarks(bootstrap, topic):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused-watermarks"})
    try:
        return c.get_watermark_offsets(TopicPartition(topic, 0), timeout=TIMEOUT, cached=False)
    finally:
        c.close()


def test_segment_and_retention_changes_reach_the_live_partition(broker):
    topic = "ck-cfg-retention"
    create_topics_ok(broker, [(topic, 1, 1)])
    value = b"r" * 400  # one batch of about 470 bytes
    assert _produce(broker.bootstrap, topic, [value] * 2) == [(None, 0), (None, 1)]
    with RawConn(broker.host, broker.port) as c:
        # Two batches fit in 1024 bytes, a third one starts a new segment; retention.bytes
        # 1 leaves only the active segment at the next retention pass.
        assert cw.alter(c, cw.API_INCREMENTAL_ALTER_CONFIGS, 1,
                        [(cw.TOPIC, topic, [("segment.bytes", cw.SET, "1024"),
                                            ("retention.bytes", cw.SET, "1")])])[0][0] == 0
    assert _produce(broker.bootstrap, topic, [value] * 8) == [(None, i) for i in range(2, 10)]
    # A retention pass may run while the records are produced, so wait for the one that
    # sees them all: it leaves the active segment, [8, 10).
    deadline = time.monotonic() + 60
    while _watermarks(broker.bootstrap, topic)[0] != 8 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _watermarks(broker.bootstrap, topic) == (8, 10)


def test_config_change_survives_restart():
    with tempfile.TemporaryDirectory(prefix="sb-it-configs-") as data_dir:
        b = Broker(data_dir=data_dir)
        try:
            b.start()
            create_topics_ok(b, [("ck-cfg-durable", 2, 1)])
            assert alter(AdminClient({"bootstrap.servers": b.bootstrap}), "ck-cfg-durable",
                         {"max.message.bytes": "1024", "retention.ms": "7200000"}) is None
            b.stop_and_check()
        finally:
            b.cleanup()
        b = Broker(data_dir=data_dir, flags={"--smp": "1"})
        try:
            b.start()
            got, _ = describe(AdminClient({"bootstrap.servers": b.bootstrap}), ConfigResource.Type.TOPIC,
                              "ck-cfg-durable")
            assert {n: v[0] for n, v in got.items() if v[1] == DYNAMIC_TOPIC} == {"max.message.bytes": "1024",
                                                                                  "retention.ms": "7200000"}
            # The reopened partitions run with the stored configs.
            assert _produce(b.bootstrap, "ck-cfg-durable", [b"y" * 1500, b"ok"]) == [
                (KafkaError.MSG_SIZE_TOO_LARGE, None), (None, 0)]
            b.stop_and_check()
        finally:
            b.cleanup()
