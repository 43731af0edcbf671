"""CreateTopics v0-v7 and DeleteTopics v0-v6 by hand: every version creates and
deletes, with Kafka's per-topic error codes, validate_only and delete by id."""
import uuid

import pytest

import expect as ex
from rawconn import RawConn, cluster_truth

ZERO_ID = uuid.UUID(int=0)


@pytest.fixture
def conn(broker):
    with RawConn(broker.host, broker.port) as c:
        yield c


def _check_configs(configs):
    names = [c[0] for c in configs]
    assert len(names) == len(set(names)), names
    for name, value, read_only, source, sensitive in configs:
        assert isinstance(name, str) and name
        assert value is None or isinstance(value, str)
        assert isinstance(read_only, bool) and isinstance(sensitive, bool)
        assert -1 <= source <= 8, (name, source)


def _ok_result(version, name, parts, topic):
    """Compares a successful CreatableTopicResult field by field."""
    want = {"name": name, "error_code": ex.NONE}
    if version >= 7:
        want["topic_id"] = topic["topic_id"]
        assert topic["topic_id"] != ZERO_ID
    if version >= 1:
        want["error_message"] = None
    if version >= 5:
        want.update(num_partitions=parts, replication_factor=1, configs=topic["configs"], tags=topic["tags"])
        _check_configs(topic["configs"])
        assert set(topic["tags"]) <= {0}
    assert topic == want


@pytest.mark.parametrize("version", range(8))
def test_create_topics_at_version(broker, conn, version):
    name, parts = f"raw-ct-v{version}", version + 1
    resp = conn.create_topics(version, [(name, parts, 1)])
    if version >= 2:
        assert resp["throttle_time_ms"] == 0
    assert len(resp["topics"]) == 1
    _ok_result(version, name, parts, resp["topics"][0])
    topic = cluster_truth(broker)["topics"][name]
    assert [p["partition_index"] for p in topic["partitions"]] == list(range(parts))
    if version >= 7:
        assert topic["topic_id"] == resp["topics"][0]["topic_id"]


@pytest.mark.parametrize("version", range(8))
def test_create_topics_errors_at_version(broker, conn, version):
    existing = f"raw-ce-v{version}"
    assert conn.create_topics(version, [(existing, 1, 1)])["topics"][0]["error_code"] == ex.NONE
    cases = [(existing, 1, 1, ex.TOPIC_ALREADY_EXISTS),
             (f"raw ce v{version}", 1, 1, ex.INVALID_TOPIC_EXCEPTION),
             (f"raw-ce-rf-v{version}", 1, 3, ex.INVALID_REPLICATION_FACTOR),
             (f"raw-ce-zero-v{version}", 0, 1, ex.INVALID_PARTITIONS)]
    resp = conn.create_topics(version, [c[:3] for c in cases])
    assert [(t["name"], t["error_code"]) for t in resp["topics"]] == [(c[0], c[3]) for c in cases]
    for t in resp["topics"]:
        if version >= 1:
            assert isinstance(t["error_message"], str) and t["error_message"], t
        if version >= 5:
            assert (t["num_partitions"], t["replication_factor"], t["configs"]) == (-1, -1, []), t
        if version >= 7:
            assert t["topic_id"] == ZERO_ID
    names = set(cluster_truth(broker)["topics"])
    assert existing in names
    assert not {c[0] for c in cases[1:]} & names


@pytest.mark.parametrize("version", range(1, 8))
def test_validate_only_at_version(broker, conn, version):
    name = f"raw-cv-v{version}"
    resp = conn.create_topics(version, [(name, 3, 1)], validate_only=True)
    t = resp["topics"][0]
    assert (t["name"], t["error_code"], t["error_message"]) == (name, ex.NONE, None)
    if version >= 5:
        assert (t["num_partitions"], t["replication_factor"]) == (3, 1)
    assert name not in cluster_truth(broker)["topics"]


@pytest.mark.parametrize("version", range(7))
def test_delete_topics_at_version(broker, conn, version):
    name = f"raw-dt-v{version}"
    created = conn.create_topics(7, [(name, 2, 1)])["topics"][0]
    assert created["error_code"] == ex.NONE
    resp = conn.delete_topics(version, names=[name])
    if version >= 1:
        assert resp["throttle_time_ms"] == 0
    want = {"name": name, "error_code": ex.NONE}
    if version >= 6:
        want["topic_id"] = created["topic_id"]
    if version >= 5:
        want["error_message"] = None
    assert resp["topics"] == [want]
    assert name not in cluster_truth(broker)["topics"]
    again = conn.delete_topics(version, names=[name])["topics"]
    assert [(t["name"], t["error_code"]) for t in again] == [(name, ex.UNKNOWN_TOPIC_OR_PARTITION)]
    if version >= 6:
        assert again[0]["topic_id"] == ZERO_ID


def test_delete_topics_by_id_v6(broker, conn):
    created = conn.create_topics(7, [("raw-dt-id", 3, 1)])["topics"][0]
    resp = conn.delete_topics(6, ids=[created["topic_id"]])
    assert resp["topics"] == [{"name": "raw-dt-id", "topic_id": created["topic_id"],
                               "error_code": ex.NONE, "error_message": None}]
    assert "raw-dt-id" not in cluster_truth(broker)["topics"]
    unknown = uuid.uuid4()
    [t] = conn.delete_topics(6, ids=[unknown])["topics"]
    assert (t["name"], t["topic_id"], t["error_code"]) == (None, unknown, ex.UNKNOWN_TOPIC_ID)


def test_recreated_topic_gets_a_new_id(conn):
    first = conn.create_topics(7, [("raw-recreate", 1, 1)])["topics"][0]["topic_id"]
    assert conn.delete_topics(6, names=["raw-recreate"])["topics"][0]["error_code"] == ex.NONE
    second = conn.create_topics(7, [("raw-recreate", 2, 1)])["topics"][0]
    assert second["error_code"] == ex.NONE
    assert second["topic_id"] not in (first, ZERO_ID)
