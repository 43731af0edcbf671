"""librdkafka 2.0.2's consumer group admin calls that neither confluent-kafka 1.7.0 nor
the streambus CLI make, through clients/group_admin_client.c:
  - ListConsumerGroups with a state filter (ListGroups v4+) lists exactly the groups in
    the states asked for;
  - DeleteConsumerGroupOffsets (OffsetDelete): in an empty group the named partitions'
    offsets go and the others stay; in a Stable group the offsets of a topic a member
    subscribes to are refused with GROUP_SUBSCRIBED_TO_TOPIC while those of another
    topic go; an unknown group is GROUP_ID_NOT_FOUND.
Committed offsets are read back with kafka-python's admin client (OffsetFetch)."""
import os
import subprocess
import time
from pathlib import Path

import pytest
from confluent_kafka import Consumer, TopicPartition

from group_offsets import commit, committed_offsets
from rawconn import create_topics_ok

TOPIC = "rka-topic"      # the Stable group's member subscribes to it
OTHER = "rka-other"      # nobody subscribes to it
EMPTY_GROUP = "rka-empty"
STABLE_GROUP = "rka-stable"
TIMEOUT = 30


def client(b, *args):
    path = os.environ.get("SB_GROUP_ADMIN_CLIENT")
    if not path:
        from broker import streambus_bin
        path = str(Path(streambus_bin()).parent / "tests" / "integration" / "sb_group_admin_client")
    done = subprocess.run([path, args[0], b.bootstrap, *args[1:]], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture(scope="module")
def groups(group_broker):
    """An Empty group with offsets on three partitions, and a Stable group whose one
    member subscribes to TOPIC and committed on TOPIC and on OTHER."""
    b = group_broker
    create_topics_ok(b, [(TOPIC, 3, 1), (OTHER, 1, 1)])
    commit(b, EMPTY_GROUP, {(TOPIC, 0): 10, (TOPIC, 1): 11, (TOPIC, 2): 12})
    member = Consumer({"bootstrap.servers": b.bootstrap, "group.id": STABLE_GROUP, "enable.auto.commit": False,
                       "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})
    member.subscribe([TOPIC])
    deadline = time.monotonic() + TIMEOUT
    while not member.assignment() and time.monotonic() < deadline:
        member.poll(0.2)
    assert sorted(tp.partition for tp in member.assignment()) == [0, 1, 2]
    member.commit(offsets=[TopicPartition(TOPIC, 1, 5), TopicPartition(OTHER, 0, 4)], asynchronous=False)
    assert committed_offsets(b, STABLE_GROUP) == {(TOPIC, 1): 5, (OTHER, 0): 4}
    yield member
    member.close()


@pytest.mark.parametrize("states, want", [
    ((), [f"{EMPTY_GROUP} Empty", f"{STABLE_GROUP} Stable"]),
    (("Stable",), [f"{STABLE_GROUP} Stable"]),
    (("Empty",), [f"{EMPTY_GROUP} Empty"]),
    (("Empty", "Stable"), [f"{EMPTY_GROUP} Empty", f"{STABLE_GROUP} Stable"]),
    (("PreparingRebalance", "CompletingRebalance"), []),
])
def test_list_groups_by_state(group_broker, groups, states, want):
    assert sorted(client(group_broker, "list-groups", *states)) == want


def test_delete_offsets_of_an_empty_group(group_broker, groups):
    answer = client(group_broker, "delete-offsets", EMPTY_GROUP, f"{TOPIC}:0", f"{TOPIC}:2")
    assert answer == ["group NO_ERROR", f"{TOPIC} 0 NO_ERROR", f"{TOPIC} 2 NO_ERROR"]
    assert committed_offsets(group_broker, EMPTY_GROUP) == {(TOPIC, 1): 11}


def test_delete_offsets_of_a_stable_group_keeps_subscribed_topics(group_broker, groups):
    answer = client(group_broker, "delete-offsets", STABLE_GROUP, f"{TOPIC}:1", f"{OTHER}:0")
    assert answer == ["group NO_ERROR", f"{TOPIC} 1 GROUP_SUBSCRIBED_TO_TOPIC", f"{OTHER} 0 NO_ERROR"]
    assert committed_offsets(group_broker, STABLE_GROUP) == {(TOPIC, 1): 5}
    # The member is still in the group, with every partition.
    assert sorted(tp.partition for tp in groups.assignment()) == [0, 1, 2]


def test_delete_offsets_of_an_unknown_group(group_broker, groups):
    assert client(group_broker, "delete-offsets", "rka-no-such-group", f"{TOPIC}:0") == ["error GROUP_ID_NOT_FOUND"]
