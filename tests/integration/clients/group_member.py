"""One consumer group member, run as its own process by the group tests (so that it can be
killed with SIGKILL). confluent-kafka (librdkafka 2.0.2).

    group_member.py BOOTSTRAP TOPIC GROUP NAME LOG [STRATEGY [COMMIT [GROUP_INSTANCE_ID]]]

STRATEGY is partition.assignment.strategy (default range); COMMIT says when offsets are
committed (default each):
    each       after every message, and in the rebalance callbacks;
    rebalance  only in the rebalance callbacks (and so when closing).

Appends JSON lines to LOG, each flushed before the next step, with the wall-clock time "t":
    {"event": "started" | "closing" | "closed"}
    {"event": "assigned" | "revoked" | "lost", "partitions": [...]}
    {"event": "consumed", "partition": P, "offset": O, "key": K}
    {"event": "committing" | "committed", "partition": P, "offset": NEXT}
    {"event": "commit_failed", "partitions": [...], "error": E}
    {"event": "error", "error": E}
every line also naming the member ("member": NAME).

Partition events come from librdkafka's rebalance callbacks exactly: with an eager
assignor each one lists the whole assignment, with cooperative-sticky only the partitions
added or taken away (incremental_assign / incremental_unassign); "lost" is a revocation
after the member lost its place in the group (its partitions may already have another
owner, so nothing is committed for them).

Commits are synchronous. A commit the broker refuses during a rebalance
(REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, ...) is logged as "commit_failed", kept and
retried: with the next message, and at the latest when the partition is revoked, before
"revoked" is logged and before librdkafka lets the partition go. So a partition handed
over by a live member is handed over with everything it consumed committed; after a
SIGKILL the next owner consumes again what the member consumed after its last
"committed". SIGTERM closes the consumer (LeaveGroup), which revokes its partitions first.

Why COMMIT=rebalance: with cooperative-sticky, a member keeps consuming while its JoinGroup
waits for the others, and a commit it sends meanwhile is answered only after that
JoinGroup (a coordinator handles a connection's requests in order, as Kafka does), with
ILLEGAL_GENERATION since the generation moved on. librdkafka before 2.10.0 then resets
its generation to -1, its SyncGroup fails and it drops its whole assignment as lost
(librdkafka issue #4059, fixed by #4908). Inside a rebalance callback the member has
just synced, so a commit there carries the current generation.
"""
import json
import os
import signal
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition


class Member:
    def __init__(self, topic, name, log_path):
        self.topic = topic
        self.name = name
        self.log = open(log_path, "a", buffering=1)
        self.next_offsets = {}  # partition -> offset to commit, not committed yet

    def write(self, event, **fields):
        self.log.write(json.dumps({"event": event, "member": self.name, "t": time.time(), **fields}) + "\n")
        self.log.flush()

    def commit(self, consumer, partitions):
        """Commits the pending offsets of `partitions`; False when the broker refused."""
        offsets = [TopicPartition(self.topic, p, self.next_offsets[p]) for p in sorted(partitions)
                   if p in self.next_offsets]
        if not offsets:
            return True
        for tp in offsets:
            self.write("committing", partition=tp.partition, offset=tp.offset)
        try:
            result = consumer.commit(offsets=offsets, asynchronous=False)
        except KafkaException as e:
            self.write("commit_failed", partitions=[tp.partition for tp in offsets], error=str(e))
            return False
        failed = [tp for tp in result if tp.error is not None]
        if failed:
            self.write("commit_failed", partitions=[tp.partition for tp in failed], error=str(failed[0].error))
        for tp in result:
            if tp.error is None:
                self.write("committed", partition=tp.partition, offset=tp.offset)
                if self.next_offsets.get(tp.partition) == tp.offset:
                    del self.next_offsets[tp.partition]
        return not failed

    def on_assign(self, consumer, partitions):
        self.commit(consumer, set(self.next_offsets))
        self.write("assigned", partitions=sorted(p.partition for p in partitions))

    def on_revoke(self, consumer, partitions):
        revoked = {p.partition for p in partitions}
        if not self.commit(consumer, set(self.next_offsets)):
            self.write("error", error=f"commit in on_revoke of {sorted(revoked)} failed")
        for p in revoked:
            self.next_offsets.pop(p, None)
        self.write("revoked", partitions=sorted(revoked))

    def on_lost(self, consumer, partitions):
        lost = {p.partition for p in partitions}
        for p in lost:
            self.next_offsets.pop(p, None)
        self.write("lost", partitions=sorted(lost))


def main():
    bootstrap, topic, group, name, log_path = sys.argv[1:6]
    strategy = sys.argv[6] if len(sys.argv) > 6 else "range"
    commit_each = (sys.argv[7] if len(sys.argv) > 7 else "each") == "each"
    static = {"group.instance.id": sys.argv[8]} if len(sys.argv) > 8 else {}
    member = Member(topic, name, log_path)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "client.id": name,
        "enable.auto.commit": False, "auto.offset.reset": "earliest",
        "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
        "partition.assignment.strategy": strategy, **static,
        # librdkafka's group debug log on stderr, kept by the tests for failures.
        **({"debug": "cgrp"} if os.environ.get("SB_GROUP_MEMBER_DEBUG") else {}),
    })
    consumer.subscribe([topic], on_assign=member.on_assign, on_revoke=member.on_revoke, on_lost=member.on_lost)
    member.write("started")
    while not stop:
        m = consumer.poll(0.2)
        if m is None:
            if commit_each:
                member.commit(consumer, set(member.next_offsets))  # what a refused commit left
            continue
        if m.error():
            if m.error().code() != KafkaError._PARTITION_EOF:
                member.write("error", error=str(m.error()))
            continue
        member.write("consumed", partition=m.partition(), offset=m.offset(), key=m.key().decode())
        member.next_offsets[m.partition()] = m.offset() + 1
        if commit_each:
            member.commit(consumer, set(member.next_offsets))
        time.sleep(0.02)  # a slow consumer, so that rebalances happen while work remains
    member.write("closing")  # consumes nothing more: what it still owns is released from here
    consumer.close()
    member.write("closed")


if __name__ == "__main__":
    main()
