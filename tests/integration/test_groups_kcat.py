"""kcat's balanced consumer (`kcat -G`, librdkafka 2.0.2's KafkaConsumer with automatic
commits) in a group over a 4-partition topic:
  - two members share the partitions (each one's rebalance line names its own, together
    all four, none twice) and print every message exactly once, with its key and value;
  - stopped with SIGTERM they exit 0 having committed what they consumed: the committed
    offsets, read with kafka-python's admin client (OffsetFetch), are exactly the ends;
  - after one member leaves, the other takes every partition and consumes exactly the
    messages produced since, from the committed offsets on (nothing again, nothing
    missed), and its final commits are the new ends."""
import re
import signal
import subprocess

from confluent_kafka import Producer
from kafka import KafkaAdminClient

from group_members import wait_for
from rawconn import create_topics_ok

TOPIC = "kcat-group-topic"
GROUP = "kcat-group"
PARTITIONS = 4
FIRST = 30   # messages per partition before the first member leaves
SECOND = 20  # and after


class KcatMember:
    """`kcat -G` with unbuffered output: one line per message, "<partition> <offset> <key> <value>".
    kcat may be writing a line while it is read: only whole lines count."""

    def __init__(self, bootstrap, name, tmp_path):
        self.name = name
        self.out_path = tmp_path / f"{name}.out"
        self.err_path = tmp_path / f"{name}.err"
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            self.proc = subprocess.Popen(
                ["kcat", "-b", bootstrap, "-G", GROUP, "-u", "-f", "%p %o %k %s\\n",
                 "-X", f"client.id={name}", "-X", "auto.offset.reset=earliest",
                 "-X", "auto.commit.interval.ms=200", "-X", "session.timeout.ms=6000",
                 "-X", "heartbeat.interval.ms=500", TOPIC],
                stdin=subprocess.DEVNULL, stdout=out, stderr=err)

    def messages(self):
        with open(self.out_path) as f:
            return [tuple(line.split()) for line in f if line.endswith("\n") and line.strip()]

    def assigned(self):
        """The partitions of kcat's latest rebalance line, e.g.
        "% Group kcat-group rebalanced (memberid ...): assigned: kcat-group-topic [0], ..."."""
        with open(self.err_path) as f:
            lines = [line for line in f if line.endswith("\n") and "rebalanced" in line]
        if not lines:
            return None
        if "assigned:" not in lines[-1]:
            return set()  # revoked: owns nothing until the next assignment
        return {int(p) for p in re.findall(re.escape(TOPIC) + r" \[(\d+)\]", lines[-1])}

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=30)
        assert rc == 0, f"kcat {self.name} exited {rc}\n{open(self.err_path).read()}"


def produce(bootstrap, first, count):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    for part in range(PARTITIONS):
        for i in range(first, first + count):
            p.produce(TOPIC, key=b"k%d-%d" % (part, i), value=b"v%d-%d" % (part, i), partition=part)
    assert p.flush(30) == 0


def expected(first, count):
    return sorted((str(p), str(i), f"k{p}-{i}", f"v{p}-{i}") for p in range(PARTITIONS) for i in range(first, first + count))


def committed(bootstrap):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        offsets = admin.list_consumer_group_offsets(GROUP)
    finally:
        admin.close()
    return {tp.partition: (o.offset, o.metadata) for tp, o in offsets.items() if tp.topic == TOPIC}


def test_kcat_balanced_consumers_share_a_group_and_commit_exactly(group_broker, tmp_path):
    create_topics_ok(group_broker, [(TOPIC, PARTITIONS, 1)])
    a = KcatMember(group_broker.bootstrap, "kcat-a", tmp_path)
    b = KcatMember(group_broker.bootstrap, "kcat-b", tmp_path)
    try:
        # Both members are in before anything is produced, so each message has one owner.
        wait_for(lambda: a.assigned() and b.assigned() and len(a.assigned()) + len(b.assigned()) == PARTITIONS,
                 "both kcat members to share the partitions")
        assert a.assigned() | b.assigned() == set(range(PARTITIONS))
        produce(group_broker.bootstrap, 0, FIRST)
        wait_for(lambda: len(a.messages()) + len(b.messages()) >= PARTITIONS * FIRST, "every message")
        assert sorted(a.messages() + b.messages()) == expected(0, FIRST)
        for member in (a, b):
            assert {int(m[0]) for m in member.messages()} == member.assigned()

        a.stop()
        wait_for(lambda: b.assigned() == set(range(PARTITIONS)), "kcat-b to own every partition")
        # a committed on leaving, b when its partitions were revoked for the rebalance.
        assert committed(group_broker.bootstrap) == {p: (FIRST, "") for p in range(PARTITIONS)}
        before = len(b.messages())
        produce(group_broker.bootstrap, FIRST, SECOND)
        wait_for(lambda: len(b.messages()) >= before + PARTITIONS * SECOND, "the messages produced after kcat-a left")
        assert sorted(b.messages()[before:]) == expected(FIRST, SECOND)
        assert sorted(a.messages() + b.messages()[:before]) == expected(0, FIRST)
    finally:
        for member in (a, b):
            if member.proc.poll() is None:
                member.stop()
    assert committed(group_broker.bootstrap) == {p: (FIRST + SECOND, "") for p in range(PARTITIONS)}
