"""kafka-python 2.0.2: KafkaAdminClient (describe_cluster, list_topics,
describe_topics, create_topics, delete_topics), KafkaConsumer metadata calls,
and the broker release kafka-python infers from our ApiVersions ranges."""
import pytest
from kafka import KafkaAdminClient, KafkaClient, KafkaConsumer
from kafka import errors as kerr
from kafka.admin import NewTopic

import expect as ex
from rawconn import RawConn, cluster_truth

# kafka-python 2.0.2 does not negotiate per API: it sends ApiVersions v0 and
# maps the ranges to a Kafka release (kafka/conn.py,
# _infer_broker_version_from_api_versions), testing in this order whether one
# version lies inside the advertised range of its API key:
INFERENCE = [
    ((2, 5, 0), 29, 2),   # DescribeAcls v2
    ((2, 4, 0), 0, 8),    # Produce v8
    ((2, 3, 0), 1, 11),   # Fetch v11
    ((2, 2, 0), 2, 5),    # ListOffsets v5
    ((2, 1, 0), 1, 10),   # Fetch v10
    ((2, 0, 0), 1, 8),    # Fetch v8
    ((1, 1, 0), 1, 7),    # Fetch v7
    ((1, 0, 0), 3, 5),    # Metadata v5
    ((0, 11, 0), 3, 4),   # Metadata v4
    ((0, 10, 2), 9, 2),   # OffsetFetch v2
    ((0, 10, 1), 3, 2),   # Metadata v2
]


def infer_release(ranges):
    for release, key, version in INFERENCE:
        if key in ranges and ranges[key][0] <= version <= ranges[key][1]:
            return release
    return (0, 10, 0)


@pytest.fixture(scope="module")
def advertised(broker):
    with RawConn(broker.host, broker.port) as c:
        return {k: (lo, hi) for k, lo, hi in c.api_versions(0)["api_keys"]}


@pytest.fixture(scope="module")
def admin(broker):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="sb-it-kafka-python",
                         request_timeout_ms=15000)
    yield a
    a.close()


def test_inferred_release(broker, advertised):
    # With the contract's APIs (Metadata 0..12, no Produce/Fetch/ListOffsets/
    # DescribeAcls yet) the deciding range is Metadata's: v5 inside it gives 1.0.
    # When Fetch or Produce are served, Fetch 7/8/10/11 and Produce 8 move it up.
    expected = infer_release(advertised)
    assert expected >= (1, 0, 0), f"Metadata v5 is served, so at least 1.0; got {expected}"
    client = KafkaClient(bootstrap_servers=broker.bootstrap, api_version_auto_timeout_ms=10000)
    try:
        assert client.config["api_version"] == expected
        assert client.check_version() == expected
        assert client.get_api_versions() == advertised
    finally:
        client.close()


def test_admin_describe_cluster(broker, admin, advertised):
    # The admin client uses min(its max, our max): Metadata v5 here.
    assert admin.config["api_version"] == infer_release(advertised)
    truth = cluster_truth(broker)
    ex.assert_cluster_id(truth["cluster_id"])
    assert admin.describe_cluster() == {
        "throttle_time_ms": 0,
        "brokers": [{"node_id": ex.NODE_ID, "host": broker.host, "port": broker.port, "rack": None}],
        "cluster_id": truth["cluster_id"],
        "controller_id": ex.NODE_ID,
    }


def _described(name, parts):
    return {"error_code": 0, "topic": name, "is_internal": False, "partitions": [
        {"error_code": 0, "partition": i, "leader": ex.NODE_ID, "replicas": [ex.NODE_ID],
         "isr": [ex.NODE_ID], "offline_replicas": []} for i in range(parts)]}


def _sorted_parts(topics):
    return [dict(t, partitions=sorted(t["partitions"], key=lambda p: p["partition"])) for t in topics]


def test_admin_create_list_describe(admin):
    resp = admin.create_topics([NewTopic("kp-two", 2, 1), NewTopic("kp-five", 5, 1)], timeout_ms=10000)
    assert resp.API_VERSION == 3
    assert resp.to_object() == {"throttle_time_ms": 0, "topic_errors": [
        {"topic": "kp-two", "error_code": 0, "error_message": None},
        {"topic": "kp-five", "error_code": 0, "error_message": None}]}
    assert {"kp-two", "kp-five"} <= set(admin.list_topics())
    got = sorted(_sorted_parts(admin.describe_topics(["kp-two", "kp-five"])), key=lambda t: t["topic"])
    assert got == [_described("kp-five", 5), _described("kp-two", 2)]


@pytest.mark.parametrize("topic,error", [
    (NewTopic("kp-two-again", 1, 1), None),  # created first, then again -> exists
    (NewTopic("kp-rf3", 1, 3), kerr.InvalidReplicationFactorError),
    (NewTopic("kp bad name", 1, 1), kerr.InvalidTopicError),
])
def test_admin_create_errors(admin, topic, error):
    if error is None:
        admin.create_topics([topic])
        error = kerr.TopicAlreadyExistsError
    with pytest.raises(error) as info:
        admin.create_topics([topic], timeout_ms=10000)
    assert info.value.errno == {kerr.TopicAlreadyExistsError: ex.TOPIC_ALREADY_EXISTS,
                                kerr.InvalidReplicationFactorError: ex.INVALID_REPLICATION_FACTOR,
                                kerr.InvalidTopicError: ex.INVALID_TOPIC_EXCEPTION}[error]


def test_admin_validate_only(admin):
    resp = admin.create_topics([NewTopic("kp-validate", 3, 1)], validate_only=True)
    assert resp.to_object()["topic_errors"] == [{"topic": "kp-validate", "error_code": 0, "error_message": None}]
    assert "kp-validate" not in admin.list_topics()


def test_admin_delete_topics(admin):
    admin.create_topics([NewTopic("kp-del", 2, 1)])
    resp = admin.delete_topics(["kp-del"], timeout_ms=10000)
    assert resp.API_VERSION == 3
    assert resp.to_object() == {"throttle_time_ms": 0, "topic_error_codes": [{"topic": "kp-del", "error_code": 0}]}
    assert "kp-del" not in admin.list_topics()


def test_consumer_topics_and_partitions(broker, admin, advertised):
    admin.create_topics([NewTopic("kp-consumer", 3, 1)])
    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, request_timeout_ms=15000)
    try:
        assert consumer.config["api_version"] == infer_release(advertised)
        assert consumer.topics() == set(cluster_truth(broker)["topics"])
        assert "kp-consumer" in consumer.topics()
        assert consumer.partitions_for_topic("kp-consumer") == {0, 1, 2}
        assert consumer.partitions_for_topic("kp-no-such-topic") is None
    finally:
        consumer.close()
