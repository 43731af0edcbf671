"""Reads a partition with a confluent-kafka consumer that assign()s it (consumer groups
are not involved): shared by the tests that check what producers stored."""
import time

from confluent_kafka import Consumer, KafkaError, TopicPartition


def consume(bootstrap, topic, partition, offset, count, timeout_s=15):
    """[(offset, key, value, headers, timestamp)] from `offset` until at least `count`
    records were read and the end of the partition was reached (or `timeout_s` passed)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused-no-commits", "enable.auto.commit": False,
                  "enable.partition.eof": True})
    try:
        c.assign([TopicPartition(topic, partition, offset)])
        out = []
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            m = c.poll(1.0)
            if m is None:
                continue
            if m.error():
                assert m.error().code() == KafkaError._PARTITION_EOF, m.error()
                if len(out) >= count:
                    break
                continue
            out.append((m.offset(), m.key(), m.value(), m.headers(), m.timestamp()))
        return out
    finally:
        c.close()
