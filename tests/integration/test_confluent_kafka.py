"""confluent-kafka-python 1.7.0 (librdkafka 2.0.2): AdminClient.list_topics,
create_topics and delete_topics, with Kafka's error codes for bad requests."""
import pytest
from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient, NewTopic

import expect as ex
from rawconn import cluster_truth

TIMEOUT = 15
# librdkafka names Kafka's INVALID_TOPIC_EXCEPTION (17) "TOPIC_EXCEPTION".
INVALID_TOPIC = KafkaError.TOPIC_EXCEPTION
assert INVALID_TOPIC == ex.INVALID_TOPIC_EXCEPTION


@pytest.fixture(scope="module")
def admin(broker):
    return AdminClient({"bootstrap.servers": broker.bootstrap, "socket.timeout.ms": 10000})


def create(admin, topics, **kwargs):
    """Runs create_topics; returns {name: None on success, else KafkaError}."""
    futures = admin.create_topics(topics, operation_timeout=10, request_timeout=TIMEOUT, **kwargs)
    return {name: _outcome(f) for name, f in futures.items()}


def delete(admin, names):
    futures = admin.delete_topics(names, operation_timeout=10, request_timeout=TIMEOUT)
    return {name: _outcome(f) for name, f in futures.items()}


def _outcome(future):
    try:
        assert future.result(timeout=TIMEOUT) is None
        return None
    except KafkaException as e:
        return e.args[0]


def _codes(outcome):
    return {name: None if err is None else err.code() for name, err in outcome.items()}


def _topic_view(md):
    """{name: (error, [(partition id, leader, replicas, isrs, error)])}"""
    return {name: (t.error, sorted((p.id, p.leader, list(p.replicas), list(p.isrs), p.error)
                                   for p in t.partitions.values()))
            for name, t in md.topics.items()}


def _partitions(n):
    return [(i, ex.NODE_ID, [ex.NODE_ID], [ex.NODE_ID], None) for i in range(n)]


def test_list_topics_cluster(broker, admin):
    md = admin.list_topics(timeout=TIMEOUT)
    truth = cluster_truth(broker)
    ex.assert_cluster_id(md.cluster_id)
    assert md.cluster_id == truth["cluster_id"]
    assert md.controller_id == ex.NODE_ID
    assert md.orig_broker_id == ex.NODE_ID
    assert md.orig_broker_name == f"{broker.bootstrap}/{ex.NODE_ID}"
    assert list(md.brokers) == [ex.NODE_ID]
    b = md.brokers[ex.NODE_ID]
    assert (b.id, b.host, b.port) == (ex.NODE_ID, broker.host, broker.port)
    assert _topic_view(md) == {
        name: (None, sorted((p["partition_index"], p["leader_id"], p["replica_nodes"], p["isr_nodes"], None)
                            for p in t["partitions"]))
        for name, t in truth["topics"].items()}


def test_create_topics_then_listed(broker, admin):
    got = create(admin, [NewTopic("ck-three", num_partitions=3, replication_factor=1),
                         NewTopic("ck-one", num_partitions=1, replication_factor=1)])
    assert got == {"ck-three": None, "ck-one": None}
    view = _topic_view(admin.list_topics(timeout=TIMEOUT))
    assert view["ck-three"] == (None, _partitions(3))
    assert view["ck-one"] == (None, _partitions(1))
    one = admin.list_topics(topic="ck-three", timeout=TIMEOUT)
    assert _topic_view(one) == {"ck-three": (None, _partitions(3))}


def test_create_existing_topic_fails(admin):
    assert create(admin, [NewTopic("ck-dup", 2, 1)]) == {"ck-dup": None}
    got = create(admin, [NewTopic("ck-dup", 2, 1)])
    assert _codes(got) == {"ck-dup": KafkaError.TOPIC_ALREADY_EXISTS}
    assert got["ck-dup"].name() == "TOPIC_ALREADY_EXISTS"


@pytest.mark.parametrize("name", ["bad name!", "a" * 250, "..", "."])
def test_create_invalid_name_fails(admin, name):
    got = create(admin, [NewTopic(name, 1, 1)])
    assert _codes(got) == {name: INVALID_TOPIC}
    assert name not in admin.list_topics(timeout=TIMEOUT).topics


def test_create_replication_factor_above_brokers_fails(admin):
    got = create(admin, [NewTopic("ck-rf3", 1, 3)])
    assert _codes(got) == {"ck-rf3": KafkaError.INVALID_REPLICATION_FACTOR}
    assert "ck-rf3" not in admin.list_topics(timeout=TIMEOUT).topics


def test_create_zero_partitions_fails(admin):
    got = create(admin, [NewTopic("ck-zero", 0, 1)])
    assert _codes(got) == {"ck-zero": KafkaError.INVALID_PARTITIONS}


def test_mixed_batch_reports_each_topic(admin):
    got = create(admin, [NewTopic("ck-batch-ok", 2, 1), NewTopic("ck-batch-rf", 1, 3),
                         NewTopic("bad/name", 1, 1)])
    assert _codes(got) == {"ck-batch-ok": None, "ck-batch-rf": KafkaError.INVALID_REPLICATION_FACTOR,
                           "bad/name": INVALID_TOPIC}
    view = _topic_view(admin.list_topics(timeout=TIMEOUT))
    assert view["ck-batch-ok"] == (None, _partitions(2))
    assert "ck-batch-rf" not in view and "bad/name" not in view


def test_validate_only_creates_nothing(admin):
    got = create(admin, [NewTopic("ck-validate", 5, 1)], validate_only=True)
    assert got == {"ck-validate": None}
    assert "ck-validate" not in admin.list_topics(timeout=TIMEOUT).topics
    bad = create(admin, [NewTopic("ck-validate", 1, 3)], validate_only=True)
    assert _codes(bad) == {"ck-validate": KafkaError.INVALID_REPLICATION_FACTOR}
    # A real create afterwards works, and validate_only then sees it exists.
    assert create(admin, [NewTopic("ck-validate", 5, 1)]) == {"ck-validate": None}
    again = create(admin, [NewTopic("ck-validate", 5, 1)], validate_only=True)
    assert _codes(again) == {"ck-validate": KafkaError.TOPIC_ALREADY_EXISTS}


def test_delete_topics(admin):
    assert create(admin, [NewTopic("ck-del-a", 2, 1), NewTopic("ck-del-b", 1, 1)]) == \
        {"ck-del-a": None, "ck-del-b": None}
    assert delete(admin, ["ck-del-a"]) == {"ck-del-a": None}
    topics = admin.list_topics(timeout=TIMEOUT).topics
    assert "ck-del-a" not in topics
    assert "ck-del-b" in topics
    got = delete(admin, ["ck-del-a", "ck-never-existed"])
    assert _codes(got) == {"ck-del-a": KafkaError.UNKNOWN_TOPIC_OR_PART,
                           "ck-never-existed": KafkaError.UNKNOWN_TOPIC_OR_PART}
    # The name can be used again, with a new shape.
    assert create(admin, [NewTopic("ck-del-a", 4, 1)]) == {"ck-del-a": None}
    assert _topic_view(admin.list_topics(topic="ck-del-a", timeout=TIMEOUT)) == \
        {"ck-del-a": (None, _partitions(4))}
