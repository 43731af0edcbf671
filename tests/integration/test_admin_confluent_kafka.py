"""confluent-kafka 1.7.0 (librdkafka 2.0.2) AdminClient.create_partitions
(CreatePartitions v0): validate_only, manual assignments, Kafka's refusals with their
messages, then a producer and assign()ed consumers on the new partitions with exact
offsets, keys and values."""
from confluent_kafka import OFFSET_BEGINNING, KafkaError, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewPartitions

from rawconn import create_topics_ok
from test_produce_confluent_kafka import consume as consume_records

TIMEOUT = 15


def admin(b):
    return AdminClient({"bootstrap.servers": b.bootstrap, "socket.timeout.ms": 10000})


def create_partitions(b, requests, **kwargs):
    """Runs create_partitions; returns {topic: None on success, else (code, message)}."""
    client = admin(b)  # kept alive until every future is done
    futures = client.create_partitions(requests, operation_timeout=10, request_timeout=TIMEOUT, **kwargs)
    out = {}
    for topic, f in futures.items():
        try:
            assert f.result(timeout=TIMEOUT) is None
            out[topic] = None
        except KafkaException as e:
            out[topic] = (e.args[0].code(), e.args[0].str())
    return out


def partition_ids(b, topic):
    client = admin(b)
    md = client.list_topics(topic=topic, timeout=TIMEOUT)
    t = md.topics[topic]
    assert t.error is None
    assert all((p.leader, p.replicas, p.isrs) == (b.node_id, [b.node_id], [b.node_id]) for p in t.partitions.values())
    return sorted(t.partitions)


def produce(b, topic, records):
    """records: [(partition, key, value)]; returns the delivery reports sorted by partition and offset."""
    p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "linger.ms": 5})
    reports = []
    for partition, key, value in records:
        p.produce(topic, key=key, value=value, partition=partition,
                  on_delivery=lambda err, m: reports.append((err, m.partition(), m.offset(), m.key())))
    assert p.flush(TIMEOUT) == 0
    return sorted(reports, key=lambda r: (r[1], r[2]))


def consume(b, topic, partition, count):
    """(offset, key, value) of the partition's records, read from the beginning."""
    return [r[:3] for r in consume_records(b.bootstrap, topic, partition, OFFSET_BEGINNING, count)]


def test_validate_only_then_grow_and_use_the_new_partitions(broker):
    t = "ck-grow"
    create_topics_ok(broker, [(t, 1, 1)])
    assert create_partitions(broker, [NewPartitions(t, 4)], validate_only=True) == {t: None}
    assert partition_ids(broker, t) == [0]
    assert create_partitions(broker, [NewPartitions(t, 4)]) == {t: None}
    assert partition_ids(broker, t) == [0, 1, 2, 3]

    records = [(p, b"k%d-%d" % (p, i), b"v%d-%d" % (p, i)) for p in range(4) for i in range(p + 1)]
    reports = produce(broker, t, records)
    assert reports == [(None, p, i, b"k%d-%d" % (p, i)) for p in range(4) for i in range(p + 1)]
    for p in range(4):
        assert consume(broker, t, p, p + 1) == [(i, b"k%d-%d" % (p, i), b"v%d-%d" % (p, i)) for i in range(p + 1)]


def test_manual_assignment(broker):
    t = "ck-manual"
    create_topics_ok(broker, [(t, 2, 1)])
    n = broker.node_id
    assert create_partitions(broker, [NewPartitions(t, 4, [[n], [n]])]) == {t: None}
    assert partition_ids(broker, t) == [0, 1, 2, 3]
    assert produce(broker, t, [(3, b"k", b"v")]) == [(None, 3, 0, b"k")]
    assert consume(broker, t, 3, 1) == [(0, b"k", b"v")]


def test_refusals_with_kafkas_messages(broker):
    t = "ck-refused"
    create_topics_ok(broker, [(t, 3, 1)])
    n = broker.node_id
    cases = [
        (NewPartitions(t, 3), KafkaError.INVALID_PARTITIONS, "Topic already has 3 partition(s)."),
        (NewPartitions(t, 2), KafkaError.INVALID_PARTITIONS,
         f"The topic {t} currently has 3 partition(s); 2 would not be an increase."),
        (NewPartitions(t, 5, [[n]]), KafkaError.INVALID_REPLICA_ASSIGNMENT,
         "Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified."),
        (NewPartitions(t, 4, [[n + 1]]), KafkaError.INVALID_REPLICA_ASSIGNMENT,
         f"The manual partition assignment includes broker {n + 1}, but no such broker is registered."),
    ]
    for request, code, message in cases:
        assert create_partitions(broker, [request]) == {t: (code, message)}, message
        assert create_partitions(broker, [request], validate_only=True) == {t: (code, message)}, message
    missing = create_partitions(broker, [NewPartitions("ck-missing", 2)])
    assert missing["ck-missing"][0] == KafkaError.UNKNOWN_TOPIC_OR_PART
    assert partition_ids(broker, t) == [0, 1, 2]
