"""DescribeConfigs v0-v4, AlterConfigs v0-v2 and IncrementalAlterConfigs v0-v1 (v1
flexible) encoded by hand: every operation, validate_only, and each error with Kafka's
code and message."""
import pytest

import config_wire as cw
import expect as ex
from rawconn import RawConn, create_topics_ok

INVALID_CONFIG = 40
NODE = str(ex.NODE_ID)


@pytest.fixture
def conn(broker):
    with RawConn(broker.host, broker.port) as c:
        yield c


def _incremental(conn, version, resources, validate_only=False):
    return cw.alter(conn, cw.API_INCREMENTAL_ALTER_CONFIGS, version, resources, validate_only)


@pytest.mark.parametrize("version", [0, 1])
def test_incremental_every_operation(broker, conn, version):
    topic = f"raw-inc-ops-v{version}"
    create_topics_ok(broker, [(topic, 2, 1)])
    ok = [(0, None, cw.TOPIC, topic)]
    assert _incremental(conn, version, [(cw.TOPIC, topic, [
        ("retention.ms", cw.SET, "3600000"), ("segment.ms", cw.SET, "60000")])]) == ok
    assert cw.topic_configs(conn, topic) == {"retention.ms": "3600000", "segment.ms": "60000"}
    # APPEND starts from Kafka's default ("delete") when the topic has no value.
    assert _incremental(conn, version, [(cw.TOPIC, topic, [("cleanup.policy", cw.APPEND, "compact"),
                                                          ("segment.ms", cw.DELETE, None)])]) == ok
    assert cw.topic_configs(conn, topic) == {"retention.ms": "3600000", "cleanup.policy": "delete,compact"}
    assert _incremental(conn, version, [(cw.TOPIC, topic, [("cleanup.policy", cw.SUBTRACT, "delete")])]) == ok
    assert cw.topic_configs(conn, topic) == {"retention.ms": "3600000", "cleanup.policy": "compact"}
    # DELETE ignores a value; deleting an unset config is fine.
    assert _incremental(conn, version, [(cw.TOPIC, topic, [("retention.ms", cw.DELETE, "ignored"),
                                                          ("flush.ms", cw.DELETE, None)])]) == ok
    assert cw.topic_configs(conn, topic) == {"cleanup.policy": "compact"}
    # validate_only checks and changes nothing.
    assert _incremental(conn, version, [(cw.TOPIC, topic, [("retention.ms", cw.SET, "1")])], True) == ok
    assert cw.topic_configs(conn, topic) == {"cleanup.policy": "compact"}


@pytest.mark.parametrize("version", [0, 1])
def test_incremental_errors(broker, conn, version):
    topic = f"raw-inc-err-v{version}"
    create_topics_ok(broker, [(topic, 1, 1)])
    assert _incremental(conn, version, [(cw.TOPIC, topic, [("retention.ms", cw.SET, "1000")])])[0][0] == 0
    cases = [
        ([("retention.ms", cw.APPEND, "5")], INVALID_CONFIG,
         "Can't APPEND to key retention.ms because its type is not LIST."),
        ([("segment.bytes", cw.SUBTRACT, "5")], INVALID_CONFIG,
         "Can't SUBTRACT to key segment.bytes because its type is not LIST."),
        ([("retention.hours", cw.SET, "5")], INVALID_CONFIG, "Unknown topic config name: retention.hours"),
        ([("retention.ms", cw.SET, "soon")], INVALID_CONFIG,
         "Invalid value soon for configuration retention.ms: Not a number of type LONG"),
        ([("cleanup.policy", cw.SET, "forever")], INVALID_CONFIG,
         "Invalid value forever for configuration cleanup.policy: String must be one of: compact, delete"),
        ([("segment.bytes", cw.SET, "13")], INVALID_CONFIG,
         "Invalid value 13 for configuration segment.bytes: Value must be at least 14"),
        ([("retention.ms", cw.SET, "1"), ("retention.ms", cw.DELETE, None)], ex.INVALID_REQUEST,
         "Error due to duplicate config keys"),
        ([("retention.ms", cw.SET, None), ("cleanup.policy", cw.APPEND, None)], ex.INVALID_REQUEST,
         "Null value not supported for : retention.ms, cleanup.policy"),
        ([("retention.ms", 7, "1")], ex.INVALID_REQUEST, "Unknown alter config operation type 7"),
    ]
    for configs, code, message in cases:
        got = _incremental(conn, version, [(cw.TOPIC, topic, configs)])
        assert got == [(code, message, cw.TOPIC, topic)], configs
    assert cw.topic_configs(conn, topic) == {"retention.ms": "1000"}

    got = _incremental(conn, version, [(cw.TOPIC, "raw-inc-missing", [("retention.ms", cw.SET, "1")]),
                                       (cw.TOPIC, topic, []), (cw.TOPIC, topic, []),
                                       (cw.BROKER, NODE, [("log.retention.ms", cw.SET, "1")]),
                                       (cw.BROKER, "99", []),
                                       (cw.BROKER_LOGGER, NODE, [("root", cw.SET, "DEBUG")]),
                                       (3, "x", [])])
    assert got == [
        (ex.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'raw-inc-missing' does not exist.", cw.TOPIC, "raw-inc-missing"),
        (ex.INVALID_REQUEST, "Each resource must appear at most once.", cw.TOPIC, topic),
        (ex.INVALID_REQUEST, "Each resource must appear at most once.", cw.TOPIC, topic),
        (ex.INVALID_REQUEST, "Cannot update these configs dynamically: log.retention.ms. Broker settings come from "
         "the broker's config file, environment and flags; change them there and send the broker SIGHUP "
         "(dynamic settings) or restart it.", cw.BROKER, NODE),
        (ex.INVALID_REQUEST, f"Unexpected broker id, expected {NODE}, but received 99", cw.BROKER, "99"),
        (ex.INVALID_REQUEST, "BROKER_LOGGER resources are not supported: the broker's log level is its log.level "
         "setting.", cw.BROKER_LOGGER, NODE),
        (ex.INVALID_REQUEST, "Unsupported resource type: 3", 3, "x"),
    ]
    assert cw.topic_configs(conn, topic) == {"retention.ms": "1000"}


@pytest.mark.parametrize("version", [0, 1, 2])
def test_alter_configs_replaces_the_set(broker, conn, version):
    topic = f"raw-alter-v{version}"
    create_topics_ok(broker, [(topic, 1, 1)])
    ok = [(0, None, cw.TOPIC, topic)]
    alter = lambda configs, validate_only=False: cw.alter(conn, cw.API_ALTER_CONFIGS, version,  # noqa: E731
                                                          [(cw.TOPIC, topic, configs)], validate_only)
    assert alter([("retention.ms", "1000"), ("cleanup.policy", "compact")]) == ok
    assert cw.topic_configs(conn, topic) == {"retention.ms": "1000", "cleanup.policy": "compact"}
    assert alter([("segment.ms", "60000")]) == ok
    assert cw.topic_configs(conn, topic) == {"segment.ms": "60000"}
    assert alter([("retention.ms", "5")], validate_only=True) == ok
    assert alter([("retention.ms", None)]) == [(ex.INVALID_REQUEST, "Null value not supported for : retention.ms",
                                                cw.TOPIC, topic)]
    assert alter([("not.a.config", "1")]) == [(INVALID_CONFIG, "Unknown topic config name: not.a.config",
                                               cw.TOPIC, topic)]
    assert cw.topic_configs(conn, topic) == {"segment.ms": "60000"}
    assert alter([]) == ok
    assert cw.topic_configs(conn, topic) == {}


@pytest.mark.parametrize("version", range(5))
def test_describe_configs_at_version(broker, conn, version):
    topic = f"raw-describe-v{version}"
    create_topics_ok(broker, [(topic, 1, 1)])
    assert _incremental(conn, 1, [(cw.TOPIC, topic, [("retention.ms", cw.SET, "1000")])])[0][0] == 0
    [res] = cw.describe_configs(conn, version, [(cw.TOPIC, topic, ["retention.ms", "segment.bytes", "nope"])],
                                synonyms=True, documentation=True)
    assert (res["error_code"], res["error_message"], res["resource_type"], res["resource_name"]) == \
        (0, None, cw.TOPIC, topic)
    retention, segment = res["configs"]
    want_retention = {"name": "retention.ms", "value": "1000", "read_only": False, "is_sensitive": False}
    want_segment = {"name": "segment.bytes", "value": "1073741824", "read_only": False, "is_sensitive": False}
    if version == 0:
        want_retention["is_default"], want_segment["is_default"] = False, True
    else:
        want_retention["source"], want_segment["source"] = 1, 5
        want_retention["synonyms"] = [("retention.ms", "1000", 1), ("log.retention.ms", "604800000", 5)]
        want_segment["synonyms"] = [("log.segment.bytes", "1073741824", 5)]
    if version >= 3:
        want_retention.update(config_type=5, documentation="Age after which whole old segments are deleted; -1: no limit.")
        want_segment.update(config_type=3, documentation="Size at which a log segment is closed and a new one started.")
    assert (retention, segment) == (want_retention, want_segment)

    results = cw.describe_configs(conn, version, [(cw.TOPIC, "raw-describe-missing", None), (cw.BROKER, "42", None),
                                                  (cw.BROKER, "", None)])
    assert [(r["error_code"], r["error_message"], r["configs"]) for r in results] == [
        (ex.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'raw-describe-missing' does not exist.", []),
        (ex.INVALID_REQUEST, f"Unexpected broker id, expected {NODE} or empty string, but received 42", []),
        (0, None, []),
    ]
