"""Inspecting and deleting groups with real admin clients, and consumer lag in /metrics:
confluent-kafka's AdminClient.list_groups (ListGroups + DescribeGroups) and kafka-python's
KafkaAdminClient (list_consumer_groups, describe_consumer_groups,
list_consumer_group_offsets, delete_consumer_groups)."""
import time
import urllib.request

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from kafka import KafkaAdminClient
from kafka import TopicPartition as KpTopicPartition

from group_wire import decode_assignment
from rawconn import create_topics_ok

TOPIC = "adm-topic"
TIMEOUT = 30


def scrape(broker):
    with urllib.request.urlopen(f"http://{broker.host}:{broker.admin_port}/metrics", timeout=10) as r:
        text = r.read().decode()
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
            if line.startswith("streambus_consumer_group_")}


@pytest.fixture(scope="module")
def groups(group_broker):
    """A Stable consumer group with one member, and a group that only committed offsets."""
    create_topics_ok(group_broker, [(TOPIC, 2, 1)])
    p = Producer({"bootstrap.servers": group_broker.bootstrap})
    for part in (0, 1):
        for i in range(10):
            p.produce(TOPIC, value=b"%d" % i, partition=part)
    assert p.flush(TIMEOUT) == 0

    committer = Consumer({"bootstrap.servers": group_broker.bootstrap, "group.id": "adm-commit-only",
                          "enable.auto.commit": False})
    committer.commit(offsets=[TopicPartition(TOPIC, 0, 5), TopicPartition(TOPIC, 1, 7)], asynchronous=False)
    committer.close()

    member = Consumer({"bootstrap.servers": group_broker.bootstrap, "group.id": "adm-stable",
                       "client.id": "adm-client", "enable.auto.commit": False, "auto.offset.reset": "earliest",
                       "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})
    member.subscribe([TOPIC])
    deadline = time.monotonic() + TIMEOUT
    while not member.assignment() and time.monotonic() < deadline:
        member.poll(0.2)
    assert sorted(tp.partition for tp in member.assignment()) == [0, 1]
    yield member
    member.close()


def test_confluent_list_groups_describes_every_group(group_broker, groups):
    admin = AdminClient({"bootstrap.servers": group_broker.bootstrap})
    listed = {g.id: g for g in admin.list_groups(timeout=TIMEOUT)}
    assert {"adm-stable", "adm-commit-only"} <= set(listed)
    stable = listed["adm-stable"]
    assert (stable.error, stable.state, stable.protocol_type, stable.protocol) == (None, "Stable", "consumer", "range")
    [m] = stable.members
    assert (m.client_id, m.client_host) == ("adm-client", "/127.0.0.1")
    assert m.id.startswith("adm-client-")
    assert decode_assignment(m.assignment) == {TOPIC: [0, 1]}
    empty = listed["adm-commit-only"]
    assert (empty.error, empty.state, empty.protocol_type, empty.protocol, empty.members) == \
        (None, "Empty", "", "", [])


def test_kafka_python_admin_lists_describes_and_reads_offsets(group_broker, groups):
    admin = KafkaAdminClient(bootstrap_servers=group_broker.bootstrap)
    try:
        assert {("adm-stable", "consumer"), ("adm-commit-only", "")} <= set(admin.list_consumer_groups())
        [described] = admin.describe_consumer_groups(["adm-stable"])
        assert (described.error_code, described.group, described.state, described.protocol_type,
                described.protocol) == (0, "adm-stable", "Stable", "consumer", "range")
        assert [m.client_id for m in described.members] == ["adm-client"]
        offsets = admin.list_consumer_group_offsets("adm-commit-only")
        assert {tp: (o.offset, o.metadata) for tp, o in offsets.items()} == {
            KpTopicPartition(TOPIC, 0): (5, ""), KpTopicPartition(TOPIC, 1): (7, "")}
    finally:
        admin.close()


def test_consumer_lag_metrics(group_broker, groups):
    got = scrape(group_broker)
    assert got['streambus_consumer_group_lag{group="adm-commit-only",topic="adm-topic",partition="0"}'] == 5
    assert got['streambus_consumer_group_lag{group="adm-commit-only",topic="adm-topic",partition="1"}'] == 3
    assert got['streambus_consumer_group_max_lag{group="adm-commit-only"}'] == 5
    # The stable member committed nothing yet: it has a max lag of 0 and no partition lag.
    assert got['streambus_consumer_group_max_lag{group="adm-stable"}'] == 0
    assert not [k for k in got if 'group="adm-stable",topic' in k]


def test_delete_groups(group_broker, groups):
    admin = KafkaAdminClient(bootstrap_servers=group_broker.bootstrap)
    try:
        results = dict(admin.delete_consumer_groups(["adm-stable"]))
        assert results["adm-stable"].errno == 68  # NON_EMPTY_GROUP: it has a member
        results = dict(admin.delete_consumer_groups(["adm-commit-only"]))
        assert results["adm-commit-only"].errno == 0
        assert "adm-commit-only" not in {g for g, _ in admin.list_consumer_groups()}
        assert admin.list_consumer_group_offsets("adm-commit-only") == {}
    finally:
        admin.close()
    assert not [k for k in scrape(group_broker) if "adm-commit-only" in k]
