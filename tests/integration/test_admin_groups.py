"""The JSON admin API's consumer groups (/v1/groups, /v1/groups/{id}) against what the
Kafka API says: DescribeGroups (confluent-kafka list_groups), the members' own
assignments, committed() offsets and watermarks (ListOffsets); lag is the high
watermark minus the committed offset; the lag metric agrees; unknown groups get 404."""
import time

import pytest
from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from admin_http import call, get_json, scrape, value
from rawconn import cluster_truth, create_topics_ok

TIMEOUT = 30
TOPIC = "admin-groups"
GROUP = "admin-api-group"
PARTITIONS = 4
PER_PARTITION = 10


def member(broker, client_id):
    return Consumer({"bootstrap.servers": broker.bootstrap, "group.id": GROUP, "client.id": client_id,
                     "enable.auto.commit": False, "auto.offset.reset": "earliest",
                     "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})


def poll_until(consumers, done, what):
    deadline = time.monotonic() + TIMEOUT
    got = []
    while not done(got):
        assert time.monotonic() < deadline, what
        for c in consumers:
            m = c.poll(0.2)
            if m is not None and m.error() is None:
                got.append((c, m.partition(), m.offset()))
            elif m is not None:
                assert m.error().code() == KafkaError._PARTITION_EOF, m.error()
    return got


@pytest.fixture(scope="module")
def stable_group(group_broker):
    """Two members of GROUP sharing TOPIC; each consumed and committed some records."""
    create_topics_ok(group_broker, [(TOPIC, PARTITIONS, 1)])
    p = Producer({"bootstrap.servers": group_broker.bootstrap, "linger.ms": 5})
    for part in range(PARTITIONS):
        for i in range(PER_PARTITION):
            p.produce(TOPIC, value=b"v%d" % i, partition=part)
    assert p.flush(TIMEOUT) == 0
    members = [member(group_broker, "admin-a"), member(group_broker, "admin-b")]
    for c in members:
        c.subscribe([TOPIC])
    # Both members hold partitions once the group is stable.
    deadline = time.monotonic() + TIMEOUT
    while not all(c.assignment() for c in members) or \
            sum(len(c.assignment()) for c in members) != PARTITIONS:
        assert time.monotonic() < deadline, "the group never spread its partitions over both members"
        for c in members:
            c.poll(0.2)
    # Each member consumes a few records of each of its partitions and commits them.
    got = poll_until(members, lambda g: len(g) >= 12, "records")
    consumed = {}
    for c, part, offset in got:
        consumed[part] = max(consumed.get(part, -1), offset)
    for c in members:
        offsets = [TopicPartition(TOPIC, tp.partition, consumed[tp.partition] + 1)
                   for tp in c.assignment() if tp.partition in consumed]
        if offsets:
            c.commit(offsets=offsets, asynchronous=False)
    yield members, {p: o + 1 for p, o in consumed.items()}
    for c in members:
        c.close()


def test_group_list_and_detail_agree_with_describe_groups(group_broker, stable_group):
    members, committed = stable_group
    listed = {g["group_id"]: g for g in get_json(group_broker, "/v1/groups")["groups"]}
    doc = get_json(group_broker, f"/v1/groups/{GROUP}")
    [described] = [g for g in AdminClient({"bootstrap.servers": group_broker.bootstrap}).list_groups(
        timeout=TIMEOUT) if g.id == GROUP]
    assert doc["state"] == described.state == "Stable"
    assert doc["protocol_type"] == described.protocol_type == "consumer"
    assert doc["protocol"] == described.protocol
    assert listed[GROUP] == {k: doc[k] for k in ("group_id", "state", "protocol_type", "protocol", "generation_id",
                                                 "member_count", "max_lag")}
    assert doc["member_count"] == len(doc["members"]) == len(described.members) == 2
    assert sorted((m["member_id"], m["client_id"], m["client_host"]) for m in doc["members"]) == \
        sorted((m.id, m.client_id, m.client_host) for m in described.members)
    # Each member's assignment as the member itself sees it.
    by_client = {m["client_id"]: m for m in doc["members"]}
    for c, client_id in zip(members, ("admin-a", "admin-b")):
        mine = sorted(tp.partition for tp in c.assignment())
        assert by_client[client_id]["assignment"] == [{"topic": TOPIC, "partitions": mine}]
        assert by_client[client_id]["group_instance_id"] is None


def test_offsets_and_lag_agree_with_committed_and_watermarks(group_broker, stable_group):
    members, committed = stable_group
    doc = get_json(group_broker, f"/v1/groups/{GROUP}")
    probe = members[0]
    from_kafka = {tp.partition: tp.offset
                  for tp in probe.committed([TopicPartition(TOPIC, p) for p in range(PARTITIONS)], timeout=TIMEOUT)}
    offsets = {o["partition"]: o for o in doc["offsets"] if o["topic"] == TOPIC}
    assert set(offsets) == set(committed) and committed
    lags = []
    for p, o in offsets.items():
        low, high = probe.get_watermark_offsets(TopicPartition(TOPIC, p), timeout=TIMEOUT)
        assert o["committed_offset"] == from_kafka[p] == committed[p]
        assert o["high_watermark"] == high == PER_PARTITION
        assert o["lag"] == high - committed[p]
        lags.append(o["lag"])
    assert doc["max_lag"] == max(lags)
    samples = scrape(group_broker)
    for p, o in offsets.items():
        assert value(samples, "streambus_consumer_group_lag", group=GROUP, topic=TOPIC, partition=p) == o["lag"]
    assert value(samples, "streambus_consumer_group_max_lag", group=GROUP) == max(lags)


def test_unknown_group_is_404(group_broker, stable_group):
    status, _, body = call(group_broker, "GET", "/v1/groups/no-such-group")
    assert status == 404
    assert body == {"error": "group_not_found", "message": "group 'no-such-group' does not exist"}
    status, headers, body = call(group_broker, "POST", "/v1/groups", body="")
    assert status == 405 and headers["allow"] == "GET" and body["error"] == "method_not_allowed"


def test_offsets_topic_is_listed_as_internal_like_metadata(group_broker, stable_group):
    listed = {t["name"]: t for t in get_json(group_broker, "/v1/topics")["topics"]}
    truth = cluster_truth(group_broker)
    assert "__consumer_offsets" in listed
    for name, t in listed.items():
        assert t["internal"] == truth["topics"][name]["is_internal"], name
        assert t["partition_count"] == len(truth["topics"][name]["partitions"])
    assert listed["__consumer_offsets"]["internal"] is True
