"""One consumer group member, run as its own process by the group tests (so that it can be
killed with SIGKILL). confluent-kafka (librdkafka 2.0.2).

    group_member.py BOOTSTRAP TOPIC GROUP NAME LOG [STRATEGY [GROUP_INSTANCE_ID]]

Appends JSON lines to LOG, each flushed before the next step, with the wall-clock time:
    {"event": "assigned" | "revoked", "member": NAME, "partitions": [...], "t": ...}
    {"event": "consumed", "member": NAME, "partition": P, "offset": O, "t": ...}
    {"event": "closing" | "closed", "member": NAME, "t": ...}
A message is logged before its offset is committed (synchronously), so after a SIGKILL the
next owner may consume again at most the last message logged per partition. SIGTERM
closes the consumer (LeaveGroup), which revokes its partitions first.
"""
import json
import signal
import sys
import time

from confluent_kafka import Consumer, KafkaError, TopicPartition


def main():
    bootstrap, topic, group, name, log_path = sys.argv[1:6]
    strategy = sys.argv[6] if len(sys.argv) > 6 else "range"
    static = {"group.instance.id": sys.argv[7]} if len(sys.argv) > 7 else {}
    log = open(log_path, "a", buffering=1)

    def write(event, **fields):
        log.write(json.dumps({"event": event, "member": name, "t": time.time(), **fields}) + "\n")
        log.flush()

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "client.id": name,
        "enable.auto.commit": False, "auto.offset.reset": "earliest",
        "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
        "partition.assignment.strategy": strategy, **static,
    })

    def on_assign(c, partitions):
        write("assigned", partitions=sorted(p.partition for p in partitions))

    def on_revoke(c, partitions):
        write("revoked", partitions=sorted(p.partition for p in partitions))

    consumer.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
    write("started")
    while not stop:
        m = consumer.poll(0.2)
        if m is None:
            continue
        if m.error():
            if m.error().code() != KafkaError._PARTITION_EOF:
                write("error", error=str(m.error()))
            continue
        write("consumed", partition=m.partition(), offset=m.offset(), key=m.key().decode())
        consumer.commit(offsets=[TopicPartition(topic, m.partition(), m.offset() + 1)], asynchronous=False)
        time.sleep(0.02)  # a slow consumer, so that rebalances happen while work remains
    write("closing")  # consumes nothing more: what it still owns is released from here
    consumer.close()
    write("closed")


if __name__ == "__main__":
    main()
