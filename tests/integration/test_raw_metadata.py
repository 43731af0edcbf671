"""Metadata v0-v12 by hand: broker list, cluster id, controller and the topics
created with CreateTopics, every field decoded and compared."""
import copy
import uuid

import pytest

import expect as ex
from rawconn import RawConn

TOPICS = [("raw-md-three", 3, 1), ("raw-md-one", 1, 1)]
VERSIONS = list(range(13))


@pytest.fixture(scope="module")
def created(broker):
    """Creates the module's topics with CreateTopics v7 and returns {name: topic id}."""
    with RawConn(broker.host, broker.port) as c:
        resp = c.create_topics(7, TOPICS)
    ids = {}
    for (name, parts, rf), t in zip(TOPICS, resp["topics"]):
        assert t["name"] == name
        assert t["error_code"] == ex.NONE, t
        assert t["error_message"] is None
        assert t["num_partitions"] == parts
        assert t["replication_factor"] == rf
        assert t["topic_id"] != uuid.UUID(int=0)
        ids[name] = t["topic_id"]
    assert len(resp["topics"]) == len(TOPICS)
    assert len(set(ids.values())) == len(ids)
    return ids


@pytest.fixture(scope="module")
def responses(broker, created):
    """Metadata for all topics at every version, all on one connection."""
    with RawConn(broker.host, broker.port) as c:
        return {v: c.metadata(v) for v in VERSIONS}


def expected_partitions(version, count):
    out = []
    for i in range(count):
        p = {"error_code": ex.NONE, "partition_index": i, "leader_id": ex.NODE_ID}
        if version >= 7:
            p["leader_epoch"] = "any"
        p["replica_nodes"] = [ex.NODE_ID]
        p["isr_nodes"] = [ex.NODE_ID]
        if version >= 5:
            p["offline_replicas"] = []
        out.append(p)
    return out


def expected_topic(version, name, parts, topic_id):
    t = {"error_code": ex.NONE, "name": name}
    if version >= 10:
        t["topic_id"] = topic_id
    if version >= 1:
        t["is_internal"] = False
    t["partitions"] = expected_partitions(version, parts)
    if version >= 8:
        t["topic_authorized_operations"] = ex.NO_AUTHORIZED_OPERATIONS
    return t


def _leader_epochs(resp):
    """Leader epochs are the broker's own (>= 0); the tests check them for
    consistency across versions and replace them before comparing."""
    epochs = {}
    for t in resp["topics"]:
        for p in t["partitions"]:
            if "leader_epoch" in p:
                assert isinstance(p["leader_epoch"], int) and p["leader_epoch"] >= 0, p
                epochs[(t["name"], p["partition_index"])] = p["leader_epoch"]
                p["leader_epoch"] = "any"
    return epochs


@pytest.mark.parametrize("version", VERSIONS)
def test_metadata_all_topics(broker, created, responses, version):
    resp = copy.deepcopy(responses[version])
    if version >= 3:
        assert resp.pop("throttle_time_ms") == 0
    assert resp.pop("brokers") == ex.single_broker(broker, version)
    if version >= 2:
        ex.assert_cluster_id(resp.pop("cluster_id"))
    if version >= 1:
        assert resp.pop("controller_id") == ex.NODE_ID
    if 8 <= version <= 10:
        assert resp.pop("cluster_authorized_operations") == ex.NO_AUTHORIZED_OPERATIONS
    _leader_epochs(resp)
    got = sorted(resp.pop("topics"), key=lambda t: t["name"])
    want = sorted((expected_topic(version, n, p, created[n]) for n, p, _ in TOPICS), key=lambda t: t["name"])
    assert got == want
    resp.pop("correlation_id")
    assert resp == {}


def test_cluster_id_and_epochs_agree_across_versions(responses):
    ids = {responses[v]["cluster_id"] for v in VERSIONS if v >= 2}
    assert len(ids) == 1, ids
    epochs = {v: _leader_epochs(copy.deepcopy(responses[v])) for v in VERSIONS if v >= 7}
    assert len({tuple(sorted(e.items())) for e in epochs.values()}) == 1, epochs


@pytest.mark.parametrize("version", [1, 4, 9, 12])
def test_metadata_named_topics(broker, created, version):
    name, parts, _ = TOPICS[0]
    with RawConn(broker.host, broker.port) as c:
        resp = c.metadata(version, [name])
    assert [t["name"] for t in resp["topics"]] == [name]
    topic = resp["topics"][0]
    _leader_epochs({"topics": [topic]})
    assert topic == expected_topic(version, name, parts, created[name])


@pytest.mark.parametrize("version", [4, 9, 10, 12])
def test_metadata_unknown_topic(broker, created, version):
    with RawConn(broker.host, broker.port) as c:
        resp = c.metadata(version, ["raw-md-no-such-topic"])
    want = {"error_code": ex.UNKNOWN_TOPIC_OR_PARTITION, "name": "raw-md-no-such-topic"}
    if version >= 10:
        want["topic_id"] = uuid.UUID(int=0)
    want["is_internal"] = False
    want["partitions"] = []
    if version >= 8:
        want["topic_authorized_operations"] = ex.NO_AUTHORIZED_OPERATIONS
    assert resp["topics"] == [want]
    assert resp["brokers"] == ex.single_broker(broker, version)


def test_metadata_v0_empty_list_means_all_topics(broker, created):
    with RawConn(broker.host, broker.port) as c:
        resp = c.metadata(0, [])
    assert sorted(t["name"] for t in resp["topics"]) == sorted(n for n, _, _ in TOPICS)


def test_advertised_address_overrides_kafka_addr(broker_factory):
    b = broker_factory(flags={"--advertise-kafka-addr": "kafka.example.test:19092"})
    with RawConn(b.host, b.port) as c:
        for v in (0, 1, 9, 12):
            brokers = c.metadata(v)["brokers"]
            want = {"node_id": ex.NODE_ID, "host": "kafka.example.test", "port": 19092}
            if v >= 1:
                want["rack"] = None
            assert brokers == [want]
