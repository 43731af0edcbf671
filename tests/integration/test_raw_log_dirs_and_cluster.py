"""DescribeLogDirs v0-v4 and DescribeCluster v0-v1 by hand: the data directory with
every hosted partition's size (compared with the segment files on disk), offset lag 0,
no future replicas, the file system's total and usable bytes (v4), filtering by topic
as Kafka does; the cluster id, controller and broker, authorized operations only when
asked for, and Kafka's answers for the endpoint types a broker does not serve."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import admin_wire as aw  # noqa: E402
import datapath_wire as dw  # noqa: E402
import expect as ex  # noqa: E402
from rawconn import RawConn, cluster_truth, create_topics_ok  # noqa: E402

# Every operation Kafka supports on the cluster (no ACLs: all allowed): CREATE 5,
# ALTER 7, DESCRIBE 8, CLUSTER_ACTION 9, DESCRIBE_CONFIGS 10, ALTER_CONFIGS 11,
# IDEMPOTENT_WRITE 12.
CLUSTER_OPERATIONS = sum(1 << op for op in (5, 7, 8, 9, 10, 11, 12))


@pytest.fixture(scope="module")
def hosted(broker):
    """Three topics with data in some partitions: {topic: partition count}."""
    topics = {"ld-alpha": 3, "ld-beta": 1, "ld-gamma": 2}
    create_topics_ok(broker, [(name, n, 1) for name, n in topics.items()])
    with RawConn(broker.host, broker.port) as c:
        for topic, partition, n in (("ld-alpha", 0, 5), ("ld-alpha", 2, 1), ("ld-gamma", 1, 3)):
            for i in range(n):
                batch = dw.build_batch(dw.simple_records([b"v" * (10 + i * 7)]))
                assert dw.produce_one(c, topic, batch, partition=partition)["error_code"] == 0
    return topics


def describe_log_dirs(b, version, topics=None):
    with RawConn(b.host, b.port) as c:
        response = aw.round_trip(c, lambda v, corr: aw.describe_log_dirs_request(v, corr, topics),
                                 aw.decode_describe_log_dirs, version)
    assert response["throttle_time_ms"] == 0
    if version >= 3:
        assert response["error_code"] == 0
    return response["results"]


def size_on_disk(b, topic, partition):
    """Bytes of the partition's segment files (*.log) in its directory."""
    d = os.path.join(b.data_dir, f"{topic}-{partition}")
    return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d) if f.endswith(".log"))


def expected_topics(b, hosted, wanted=None):
    """Kafka's shape: every hosted topic, sorted by name; partitions only those wanted."""
    out = []
    for topic in sorted(hosted):
        partitions = [(p, size_on_disk(b, topic, p), 0, False) for p in range(hosted[topic])
                      if wanted is None or (topic, p) in wanted]
        out.append((topic, partitions))
    return out


@pytest.mark.parametrize("version", range(5))
def test_every_partition_with_its_size_at_version(broker, hosted, version):
    [result] = describe_log_dirs(broker, version)
    assert result["error_code"] == 0
    assert result["log_dir"] == os.path.abspath(broker.data_dir)
    assert result["topics"] == expected_topics(broker, hosted)
    sizes = {(t, p): size for t, parts in result["topics"] for p, size, _, _ in parts}
    assert sizes[("ld-beta", 0)] == 0 and sizes[("ld-alpha", 0)] > sizes[("ld-alpha", 2)] > 0
    if version >= 4:
        st = os.statvfs(broker.data_dir)
        assert result["total_bytes"] == st.f_blocks * st.f_frsize
        # Free space moves with every process writing to this file system, so only its
        # bounds are exact; 1 GiB is far more than these tests write meanwhile.
        assert 0 < result["usable_bytes"] <= result["total_bytes"]
        assert abs(result["usable_bytes"] - st.f_bavail * st.f_frsize) < (1 << 30)
    else:
        assert "total_bytes" not in result


@pytest.mark.parametrize("version", [0, 4])
def test_filtering_by_topic_as_kafka_does(broker, hosted, version):
    [result] = describe_log_dirs(broker, version, [("ld-alpha", [2, 0, 9]), ("ld-missing", [0]), ("ld-gamma", [])])
    assert result["topics"] == expected_topics(broker, hosted, {("ld-alpha", 0), ("ld-alpha", 2)})
    [result] = describe_log_dirs(broker, version, [])
    assert result["topics"] == [(t, []) for t in sorted(hosted)]


def test_sizes_follow_the_log(broker, hosted):
    before = describe_log_dirs(broker, 4, [("ld-beta", [0])])[0]["topics"]
    with RawConn(broker.host, broker.port) as c:
        batch = dw.build_batch(dw.simple_records([b"x" * 100]))
        assert dw.produce_one(c, "ld-beta", batch)["error_code"] == 0
    after = describe_log_dirs(broker, 4, [("ld-beta", [0])])[0]["topics"]
    beta_before = dict(before)["ld-beta"][0][1]
    beta_after = dict(after)["ld-beta"][0][1]
    assert beta_after == size_on_disk(broker, "ld-beta", 0) == beta_before + len(batch)


@pytest.mark.parametrize("version", [0, 1])
def test_describe_cluster_at_version(broker, version):
    truth = cluster_truth(broker)
    for include in (False, True):
        with RawConn(broker.host, broker.port) as c:
            got = aw.round_trip(c, lambda v, corr: aw.describe_cluster_request(v, corr, include),
                                aw.decode_describe_cluster, version)
        want = {"correlation_id": got["correlation_id"], "throttle_time_ms": 0, "error_code": 0,
                "error_message": None, "cluster_id": truth["cluster_id"], "controller_id": broker.node_id,
                "brokers": [{"broker_id": broker.node_id, "host": broker.host, "port": broker.port, "rack": None}],
                "cluster_authorized_operations": CLUSTER_OPERATIONS if include else ex.NO_AUTHORIZED_OPERATIONS}
        if version >= 1:
            want["endpoint_type"] = 1
        assert got == want
        ex.assert_cluster_id(got["cluster_id"])


@pytest.mark.parametrize("endpoint_type, code, message", [
    (2, aw.MISMATCHED_ENDPOINT_TYPE,
     "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER"),
    (0, aw.UNSUPPORTED_ENDPOINT_TYPE, "Unsupported endpoint type 0"),
    (7, aw.UNSUPPORTED_ENDPOINT_TYPE, "Unsupported endpoint type 7"),
    (-1, aw.UNSUPPORTED_ENDPOINT_TYPE, "Unsupported endpoint type -1"),
])
def test_describe_cluster_endpoint_types_a_broker_does_not_serve(broker, endpoint_type, code, message):
    with RawConn(broker.host, broker.port) as c:
        got = aw.round_trip(c, lambda v, corr: aw.describe_cluster_request(v, corr, True, endpoint_type),
                            aw.decode_describe_cluster, 1)
        # Nothing but the error: Kafka answers with an otherwise empty response.
        assert {k: got[k] for k in got if k != "correlation_id"} == {
            "throttle_time_ms": 0, "error_code": code, "error_message": message, "endpoint_type": 1,
            "cluster_id": "", "controller_id": -1, "brokers": [],
            "cluster_authorized_operations": ex.NO_AUTHORIZED_OPERATIONS}
        assert c.metadata(1)["brokers"]  # the connection still serves
