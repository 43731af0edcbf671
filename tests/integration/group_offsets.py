"""A group's committed offsets through clients other than the CLI: kafka-python's admin
client reads them, a confluent-kafka consumer outside group management commits them."""
from confluent_kafka import Consumer, TopicPartition
from kafka import KafkaAdminClient


def committed_offsets(b, group):
    """{(topic, partition): offset} as kafka-python's admin client reads them."""
    admin = KafkaAdminClient(bootstrap_servers=b.bootstrap)
    try:
        return {(tp.topic, tp.partition): o.offset for tp, o in admin.list_consumer_group_offsets(group).items()}
    finally:
        admin.close()


def commit(b, group, offsets):
    """Commits {(topic, partition): offset} for a group without members (generation -1,
    as an admin does)."""
    c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        c.commit(offsets=[TopicPartition(t, p, o) for (t, p), o in offsets.items()], asynchronous=False)
    finally:
        c.close()
