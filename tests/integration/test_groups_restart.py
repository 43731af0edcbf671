"""Groups and committed offsets survive a broker restart, after SIGTERM and after SIGKILL:
a fresh confluent-kafka consumer reads back exactly the offsets committed before, and a group consumer resumes exactly there."""
import signal
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

import broker as sb
from conftest import GROUP_FLAGS
from rawconn import create_topics_ok

TIMEOUT = 30


def committed(bootstrap, group, topic, partitions):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        got = c.committed([TopicPartition(topic, p) for p in range(partitions)], timeout=TIMEOUT)
        return {tp.partition: tp.offset for tp in got}
    finally:
        c.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_committed_offsets_survive_restart(tmp_path, sig):
    data_dir = tmp_path / "data"
    first = sb.Broker(data_dir=data_dir, flags=GROUP_FLAGS)
    first.start()
    try:
        create_topics_ok(first, [("restart-topic", 3, 1)])
        p = Producer({"bootstrap.servers": first.bootstrap, "acks": "all"})
        for part in range(3):
            for i in range(8):
                p.produce("restart-topic", value=b"%d-%d" % (part, i), partition=part)
        assert p.flush(TIMEOUT) == 0
        c = Consumer({"bootstrap.servers": first.bootstrap, "group.id": "restart-group",
                      "enable.auto.commit": False})
        c.commit(offsets=[TopicPartition("restart-topic", 0, 3),
                          TopicPartition("restart-topic", 2, 8)], asynchronous=False)
        c.close()
        assert committed(first.bootstrap, "restart-group", "restart-topic", 3) == \
            {0: 3, 1: -1001, 2: 8}
        rc, _ = first.stop(sig)
        assert rc == (0 if sig == signal.SIGTERM else -signal.SIGKILL)
    finally:
        first.cleanup()

    second = sb.Broker(data_dir=data_dir, flags=GROUP_FLAGS)
    second.start()
    try:
        assert committed(second.bootstrap, "restart-group", "restart-topic", 3) == \
            {0: 3, 1: -1001, 2: 8}
        # A group member resumes exactly at the committed offsets (partition 1 from the start).
        c = Consumer({"bootstrap.servers": second.bootstrap, "group.id": "restart-group",
                      "enable.auto.commit": False, "auto.offset.reset": "earliest"})
        c.subscribe(["restart-topic"])
        got = set()
        deadline = time.monotonic() + TIMEOUT
        while len(got) < 5 + 8 and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and m.error() is None:
                got.add((m.partition(), m.offset()))
        c.close()
        assert got == {(0, o) for o in range(3, 8)} | {(1, o) for o in range(8)}
        second.stop_and_check()
    finally:
        second.cleanup()
