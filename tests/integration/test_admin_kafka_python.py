"""kafka-python 2.0.2 KafkaAdminClient: create_partitions (CreatePartitions v1) with
validate_only and Kafka's refusals, then its producer and a group-less consumer on the
new partitions with exact offsets; describe_cluster (which kafka-python answers from
Metadata)."""
import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka import errors as kerr
from kafka.admin import NewPartitions

from rawconn import cluster_truth, create_topics_ok


@pytest.fixture
def admin(broker):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=15000)
    yield a
    a.close()


def partition_count(b, topic):
    return len(cluster_truth(b)["topics"][topic]["partitions"])


def test_create_partitions_then_produce_and_consume(broker, admin):
    t = "kp-grow"
    create_topics_ok(broker, [(t, 1, 1)])
    checked = admin.create_partitions({t: NewPartitions(3)}, validate_only=True)
    assert checked.topic_errors == [(t, 0, None)]
    assert partition_count(broker, t) == 1
    grown = admin.create_partitions({t: NewPartitions(3)})
    assert grown.topic_errors == [(t, 0, None)]
    assert partition_count(broker, t) == 3

    p = KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
    try:
        sent = [p.send(t, key=b"k%d" % i, value=b"v%d" % i, partition=i % 3) for i in range(7)]
        p.flush(timeout=15)
        assert [(m.partition, m.offset) for m in (f.get(timeout=15) for f in sent)] == [
            (i % 3, i // 3) for i in range(7)]
    finally:
        p.close(timeout=5)
    c = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None, enable_auto_commit=False,
                      consumer_timeout_ms=3000, fetch_max_wait_ms=200)
    try:
        c.assign([TopicPartition(t, 1), TopicPartition(t, 2)])
        c.seek_to_beginning()
        got = []
        for m in c:
            got.append((m.partition, m.offset, m.key, m.value))
            if len(got) == 4:
                break
    finally:
        c.close()
    assert sorted(got) == [(1, 0, b"k1", b"v1"), (1, 1, b"k4", b"v4"), (2, 0, b"k2", b"v2"), (2, 1, b"k5", b"v5")]


@pytest.mark.parametrize("count, error", [(1, kerr.InvalidPartitionsError), (0, kerr.InvalidPartitionsError)])
def test_refusals_raise_kafkas_errors(broker, admin, count, error):
    t = f"kp-refused-{count}"
    create_topics_ok(broker, [(t, 1, 1)])
    with pytest.raises(error):
        admin.create_partitions({t: NewPartitions(count)})
    with pytest.raises(kerr.UnknownTopicOrPartitionError):
        admin.create_partitions({"kp-missing": NewPartitions(2)})
    assert partition_count(broker, t) == 1


def test_describe_cluster(broker, admin):
    truth = cluster_truth(broker)
    described = admin.describe_cluster()
    assert described["cluster_id"] == truth["cluster_id"]
    assert described["controller_id"] == broker.node_id
    assert described["brokers"] == [{"node_id": broker.node_id, "host": broker.host, "port": broker.port,
                                     "rack": None}]
