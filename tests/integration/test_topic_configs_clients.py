"""Topic configs through kafka-python 2.0.2 (KafkaAdminClient describe_configs and
alter_configs, DescribeConfigs v2 / AlterConfigs v1) and kafkajs 2.2.4 (admin
describeConfigs and alterConfigs through node/kafkajs_probe.js), with exact values,
sources, flags and synonyms."""
import pytest
from kafka import KafkaAdminClient
from kafka.admin import ConfigResource, ConfigResourceType

import config_wire as cw
import expect as ex
from rawconn import RawConn, create_topics_ok
from test_kafkajs import kafkajs

DYNAMIC_TOPIC, STATIC_BROKER, DEFAULT = 1, 4, 5
TOPIC_CONFIG_COUNT = 36


@pytest.fixture
def kp_admin(broker):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="sb-it-configs")
    yield a
    a.close()


def _kp_describe(admin, rtype, name, keys=None):
    """[(error_code, error_message, type, name, {config: (value, read_only, source, sensitive, synonyms)})]"""
    [response] = admin.describe_configs([ConfigResource(rtype, name, configs=keys)], include_synonyms=True)
    out = []
    for error_code, error_message, resource_type, resource_name, entries in response.resources:
        configs = {n: (v, ro, src, sens, [tuple(s) for s in syns]) for n, v, ro, src, sens, syns in entries}
        out.append((error_code, error_message, resource_type, resource_name, configs))
    return out


def test_kafka_python_describe_topic_and_broker(broker, kp_admin):
    create_topics_ok(broker, [("kp-cfg", 1, 1)])
    with RawConn(broker.host, broker.port) as c:
        assert cw.alter(c, cw.API_ALTER_CONFIGS, 0, [(cw.TOPIC, "kp-cfg", [("retention.ms", "60000")])])[0][0] == 0
    [(code, message, rtype, name, configs)] = _kp_describe(kp_admin, ConfigResourceType.TOPIC, "kp-cfg")
    assert (code, message, rtype, name, len(configs)) == (0, None, cw.TOPIC, "kp-cfg", TOPIC_CONFIG_COUNT)
    assert configs["retention.ms"] == ("60000", False, DYNAMIC_TOPIC, False,
                                       [("retention.ms", "60000", DYNAMIC_TOPIC),
                                        ("log.retention.ms", "604800000", DEFAULT)])
    assert configs["cleanup.policy"] == ("delete", False, DEFAULT, False, [("log.cleanup.policy", "delete", DEFAULT)])
    assert configs["leader.replication.throttled.replicas"] == ("", False, DEFAULT, False, [])

    [(code, _, _, _, only)] = _kp_describe(kp_admin, ConfigResourceType.TOPIC, "kp-cfg",
                                           {"retention.ms": None, "segment.ms": None})
    assert (code, sorted(only)) == (0, ["retention.ms", "segment.ms"])

    [(code, message, rtype, name, configs)] = _kp_describe(kp_admin, ConfigResourceType.BROKER, str(ex.NODE_ID))
    assert (code, message, rtype, name) == (0, None, cw.BROKER, str(ex.NODE_ID))
    assert configs["num.partitions"] == ("1", True, DEFAULT, False, [("num.partitions", "1", DEFAULT)])
    assert configs["node.id"] == (str(ex.NODE_ID), True, STATIC_BROKER, False,
                                  [("node.id", str(ex.NODE_ID), STATIC_BROKER), ("node.id", "1", DEFAULT)])


def test_kafka_python_alter_configs(broker, kp_admin):
    create_topics_ok(broker, [("kp-cfg-alter", 1, 1)])
    response = kp_admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "kp-cfg-alter",
                                                      configs={"retention.ms": "1000", "segment.ms": "2000"})])
    assert response.resources == [(0, None, cw.TOPIC, "kp-cfg-alter")]
    with RawConn(broker.host, broker.port) as c:
        assert cw.topic_configs(c, "kp-cfg-alter") == {"retention.ms": "1000", "segment.ms": "2000"}
    response = kp_admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "kp-cfg-alter",
                                                      configs={"max.message.bytes": "-5"})])
    assert response.resources == [(40, "Invalid value -5 for configuration max.message.bytes: Value must be at "
                                        "least 0", cw.TOPIC, "kp-cfg-alter")]
    with RawConn(broker.host, broker.port) as c:
        assert cw.topic_configs(c, "kp-cfg-alter") == {"retention.ms": "1000", "segment.ms": "2000"}


def test_kafka_python_sees_broker_defaults_as_synonyms(broker_factory):
    b = broker_factory(flags={"--log-retention-ms": "3600000"})
    create_topics_ok(b, [("kp-cfg-static", 1, 1)])
    a = KafkaAdminClient(bootstrap_servers=b.bootstrap)
    try:
        [(_, _, _, _, configs)] = _kp_describe(a, ConfigResourceType.TOPIC, "kp-cfg-static")
    finally:
        a.close()
    assert configs["retention.ms"] == ("3600000", False, STATIC_BROKER, False,
                                       [("log.retention.ms", "3600000", STATIC_BROKER),
                                        ("log.retention.ms", "604800000", DEFAULT)])


def test_kafkajs_describe_and_alter_configs(broker):
    create_topics_ok(broker, [("js-cfg", 1, 1)])
    results = kafkajs(
        broker,
        {"op": "alterConfigs", "args": {"validateOnly": False, "resources": [
            {"type": cw.TOPIC, "name": "js-cfg", "configEntries": [{"name": "retention.ms", "value": "120000"},
                                                                    {"name": "cleanup.policy", "value": "compact"}]}]}},
        {"op": "describeConfigs", "args": {"includeSynonyms": True, "resources": [
            {"type": cw.TOPIC, "name": "js-cfg", "configNames": ["retention.ms", "cleanup.policy", "segment.bytes"]}]}},
        {"op": "describeConfigs", "args": {"includeSynonyms": False, "resources": [
            {"type": cw.BROKER, "name": str(ex.NODE_ID), "configNames": ["num.partitions"]}]}},
        {"op": "alterConfigs", "args": {"resources": [
            {"type": cw.TOPIC, "name": "js-cfg", "configEntries": [{"name": "segment.bytes", "value": "1"}]}]}},
    )
    assert results[0] == {"value": {"resources": [
        {"errorCode": 0, "errorMessage": None, "resourceType": cw.TOPIC, "resourceName": "js-cfg"}]}}
    [topic] = results[1]["value"]["resources"]
    assert (topic["errorCode"], topic["resourceType"], topic["resourceName"]) == (0, cw.TOPIC, "js-cfg")
    entries = {e["configName"]: e for e in topic["configEntries"]}
    assert sorted(entries) == ["cleanup.policy", "retention.ms", "segment.bytes"]
    picked = {n: (e["configValue"], e["readOnly"], e["configSource"], e["isSensitive"],
                  [(s["configName"], s["configValue"], s["configSource"]) for s in e["configSynonyms"]])
              for n, e in entries.items()}
    assert picked == {
        "retention.ms": ("120000", False, DYNAMIC_TOPIC, False,
                         [("retention.ms", "120000", DYNAMIC_TOPIC), ("log.retention.ms", "604800000", DEFAULT)]),
        "cleanup.policy": ("compact", False, DYNAMIC_TOPIC, False,
                           [("cleanup.policy", "compact", DYNAMIC_TOPIC), ("log.cleanup.policy", "delete", DEFAULT)]),
        "segment.bytes": ("1073741824", False, DEFAULT, False, [("log.segment.bytes", "1073741824", DEFAULT)]),
    }
    [brk] = results[2]["value"]["resources"]
    [partitions] = brk["configEntries"]
    assert (partitions["configName"], partitions["configValue"], partitions["readOnly"], partitions["configSource"],
            partitions["configSynonyms"]) == ("num.partitions", "1", True, DEFAULT, [])
    # kafkajs turns a resource's error into an exception.
    assert results[3]["error"]["type"] == "INVALID_CONFIG"
    with RawConn(broker.host, broker.port) as c:
        assert cw.topic_configs(c, "js-cfg") == {"retention.ms": "120000", "cleanup.policy": "compact"}
