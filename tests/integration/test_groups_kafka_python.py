"""kafka-python 2.0.2 KafkaConsumer in a group (FindCoordinator v0, JoinGroup v2, SyncGroup
and Heartbeat v1, OffsetCommit v2, OffsetFetch v1, LeaveGroup v1): reads every record,
commits, and a second consumer of the group resumes at the committed offsets."""
from confluent_kafka import Producer
from kafka import KafkaConsumer, TopicPartition

from rawconn import create_topics_ok


def consumer(bootstrap, group, topic):
    return KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                         enable_auto_commit=False, consumer_timeout_ms=3000, session_timeout_ms=6000,
                         heartbeat_interval_ms=500)


def produce(bootstrap, topic, first, count):
    p = Producer({"bootstrap.servers": bootstrap})
    for part in (0, 1):
        for i in range(first, first + count):
            p.produce(topic, key=b"%d-%d" % (part, i), value=b"v", partition=part)
    assert p.flush(30) == 0


def test_kafka_python_group_consumer_commits_and_resumes(group_broker):
    topic, group = "kp-group-topic", "kp-group"
    create_topics_ok(group_broker, [(topic, 2, 1)])
    produce(group_broker.bootstrap, topic, 0, 6)
    c = consumer(group_broker.bootstrap, group, topic)
    got = sorted((m.partition, m.offset, m.key) for m in c)
    assert got == [(p, i, b"%d-%d" % (p, i)) for p in (0, 1) for i in range(6)]
    c.commit()
    assert {p: c.committed(TopicPartition(topic, p)) for p in (0, 1)} == {0: 6, 1: 6}
    c.close()

    produce(group_broker.bootstrap, topic, 6, 3)
    c = consumer(group_broker.bootstrap, group, topic)
    got = sorted((m.partition, m.offset, m.key) for m in c)
    assert got == [(p, i, b"%d-%d" % (p, i)) for p in (0, 1) for i in range(6, 9)]
    c.close()
