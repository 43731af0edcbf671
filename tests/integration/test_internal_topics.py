"""Kafka's internal topics (__consumer_offsets, __transaction_state, __share_group_state):
clients cannot produce to them (INVALID_TOPIC_EXCEPTION per partition, in Kafka's order
of checks, nothing stored) - neither by hand nor with confluent-kafka, whose other
partitions are unaffected; they are never auto-created; Metadata's is_internal and
/v1/topics' internal agree on every topic; clients may change their configs and
partitions, and grow and delete __consumer_offsets, as Kafka's controller allows."""
import os
import sys

from confluent_kafka import OFFSET_INVALID, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
import kafka_wire as kw  # noqa: E402
from admin_http import get_json  # noqa: E402
from rawconn import RawConn, cluster_truth, create_topics_ok  # noqa: E402

INVALID_TOPIC_EXCEPTION = 17
INTERNAL = ["__consumer_offsets", "__transaction_state", "__share_group_state"]


def batch(values):
    return dw.build_batch(dw.simple_records(values))


def high_watermark(c, topic):
    return dw.fetch_partition(c, topic, 0)["high_watermark"]


def test_produce_to_an_internal_topic_is_refused_and_stores_nothing(broker):
    create_topics_ok(broker, [(name, 1, 1) for name in INTERNAL] + [("plain-next-to-internal", 1, 1)])
    bad_crc = bytearray(batch([b"x"]))
    bad_crc[-1] ^= 0xFF
    with RawConn(broker.host, broker.port) as c:
        for name in INTERNAL:
            answer = dw.produce(c, {name: {0: batch([b"a", b"b"])}, "plain-next-to-internal": {0: batch([b"c"])}})
            assert (answer[name][0]["error_code"], answer[name][0]["base_offset"],
                    answer[name][0]["log_start_offset"]) == (INVALID_TOPIC_EXCEPTION, -1, -1)
            assert answer[name][0]["error_message"] == f"Cannot append to internal topic {name}"
            assert answer["plain-next-to-internal"][0]["error_code"] == 0
            # Kafka's order: the request's checks first (zstd before v7), then the topic,
            # then the log's (the CRC).
            assert dw.produce_one(c, name, dw.build_batch(dw.simple_records([b"z"]), codec="zstd"),
                                  version=3)["error_code"] == dw.UNSUPPORTED_COMPRESSION_TYPE
            assert dw.produce_one(c, name, batch([b"a"]) + batch([b"b"]))["error_code"] == dw.INVALID_RECORD
            assert dw.produce_one(c, name, bytes(bad_crc))["error_code"] == INVALID_TOPIC_EXCEPTION
            assert high_watermark(c, name) == 0
        assert high_watermark(c, "plain-next-to-internal") == len(INTERNAL)


def test_confluent_kafka_producer_gets_the_error_for_the_internal_topic_only(broker_factory):
    broker = broker_factory()
    create_topics_ok(broker, [("__transaction_state", 1, 1), ("plain-confluent", 1, 1)])
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "linger.ms": 0,
                         "message.timeout.ms": 20000})
    reports = {}

    def on_delivery(err, msg):
        reports[(msg.topic(), msg.value())] = (err.code() if err else None, msg.offset() if not err else None)

    producer.produce("__transaction_state", b"refused", partition=0, on_delivery=on_delivery)
    producer.produce("plain-confluent", b"kept", partition=0, on_delivery=on_delivery)
    assert producer.flush(30) == 0
    assert reports == {("__transaction_state", b"refused"): (KafkaError.TOPIC_EXCEPTION, None),
                       ("plain-confluent", b"kept"): (None, 0)}
    with RawConn(broker.host, broker.port) as c:
        assert high_watermark(c, "__transaction_state") == 0


def test_internal_topics_are_never_auto_created(broker_factory):
    broker = broker_factory()
    with RawConn(broker.host, broker.port) as c:
        corr = c.corr()
        c.send(kw.metadata_request(9, corr, ["__transaction_state", "__share_group_state", "auto-made"],
                                   allow_auto=True))
        md = kw.decode_metadata(c.recv_frame(), 9)
        errors = {t["name"]: t["error_code"] for t in md["topics"]}
        assert errors == {"__transaction_state": dw.UNKNOWN_TOPIC_OR_PARTITION,
                          "__share_group_state": dw.UNKNOWN_TOPIC_OR_PARTITION, "auto-made": 0}
        answer = dw.produce_one(c, "__share_group_state", batch([b"a"]))
        assert (answer["error_code"], answer["base_offset"]) == (dw.UNKNOWN_TOPIC_OR_PARTITION, -1)
    assert set(cluster_truth(broker)["topics"]) == {"auto-made"}


def test_metadata_and_the_admin_api_agree_on_internal_topics(broker_factory):
    broker = broker_factory()
    create_topics_ok(broker, [(name, 2, 1) for name in INTERNAL] + [("__looks_internal", 1, 1), ("orders", 1, 1)])
    truth = cluster_truth(broker)["topics"]
    listed = {t["name"]: t["internal"] for t in get_json(broker, "/v1/topics")["topics"]}
    assert listed == {name: truth[name]["is_internal"] for name in truth}
    assert listed == {"__consumer_offsets": True, "__transaction_state": True, "__share_group_state": True,
                      "__looks_internal": False, "orders": False}


def test_configs_and_partitions_of_an_internal_topic_change_as_in_kafka(broker_factory):
    """Kafka's controller lets clients change an internal topic's configs and partitions
    (only Produce and DeleteRecords are refused)."""
    b = broker_factory()
    create_topics_ok(b, [("__transaction_state", 1, 1)])
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    resource = ConfigResource(ConfigResource.Type.TOPIC, "__transaction_state",
                              set_config={"cleanup.policy": "compact", "retention.ms": "3600000"})
    admin.alter_configs([resource])[resource].result(timeout=30)
    described = admin.describe_configs([ConfigResource(ConfigResource.Type.TOPIC, "__transaction_state")])
    [entries] = [f.result(timeout=30) for f in described.values()]
    assert (entries["cleanup.policy"].value, entries["retention.ms"].value) == ("compact", "3600000")
    admin.create_partitions([NewPartitions("__transaction_state", 3)])["__transaction_state"].result(timeout=30)
    topic = cluster_truth(b)["topics"]["__transaction_state"]
    assert (len(topic["partitions"]), topic["is_internal"]) == (3, True)
    with RawConn(b.host, b.port) as c:
        answer = dw.produce_one(c, "__transaction_state", batch([b"a"]), partition=2)
        assert (answer["error_code"], answer["base_offset"]) == (INVALID_TOPIC_EXCEPTION, -1)


def java_hash(text):
    h = 0
    for ch in text:
        h = (31 * h + ord(ch)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def coordinator_partition(group, partitions):
    """Kafka's Utils.abs(groupId.hashCode) % partitions."""
    h = java_hash(group)
    return (0 if h == -(1 << 31) else abs(h)) % partitions


def group_consumer(b, group):
    return Consumer({"bootstrap.servers": b.bootstrap, "group.id": group, "enable.auto.commit": False})


def committed(b, group):
    """What `group` has committed for group-data-0, read by a fresh consumer."""
    c = group_consumer(b, group)
    try:
        [tp] = c.committed([TopicPartition("group-data", 0)], timeout=30)
        return tp.offset
    finally:
        c.close()


def commit_and_read_back(b, group, offset):
    """Commits `offset` for group-data-0 as a standalone consumer; returns committed()."""
    c = group_consumer(b, group)
    try:
        c.commit(offsets=[TopicPartition("group-data", 0, offset)], asynchronous=False)
    finally:
        c.close()
    return committed(b, group)


def test_offsets_topic_can_grow_and_be_deleted_as_in_kafka(broker_factory):
    b = broker_factory(flags={"--offsets-topic-num-partitions": "2"})
    create_topics_ok(b, [("group-data", 1, 1)])
    assert commit_and_read_back(b, "before-growth", 5) == 5
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    admin.create_partitions([NewPartitions("__consumer_offsets", 4)])["__consumer_offsets"].result(timeout=30)
    assert len(cluster_truth(b)["topics"]["__consumer_offsets"]["partitions"]) == 4
    # Groups whose coordinator is one of the new partitions are served by it.
    groups = [g for g in (f"grown-{i}" for i in range(40)) if coordinator_partition(g, 4) >= 2][:4]
    assert {coordinator_partition(g, 4) for g in groups} == {2, 3}
    for n, group in enumerate(groups):
        assert commit_and_read_back(b, group, 10 + n) == 10 + n

    admin.delete_topics(["__consumer_offsets"])["__consumer_offsets"].result(timeout=30)
    assert "__consumer_offsets" not in cluster_truth(b)["topics"]
    # The next lookup creates it again (offsets.topic.num.partitions); the commits are gone.
    assert committed(b, groups[0]) == OFFSET_INVALID
    assert len(cluster_truth(b)["topics"]["__consumer_offsets"]["partitions"]) == 2
    assert commit_and_read_back(b, groups[0], 7) == 7
