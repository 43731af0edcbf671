"""CreatePartitions v0-v3 by hand: every version grows a topic, the new partitions show
in Metadata at once and take produces and fetches; Kafka's error codes and messages for
every refusal; validate_only; manual assignments; the new count survives a restart."""
import os
import signal
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import admin_wire as aw  # noqa: E402
import datapath_wire as dw  # noqa: E402
from rawconn import RawConn, cluster_truth, create_topics_ok  # noqa: E402


def create_partitions(b, version, topics, validate_only=False):
    with RawConn(b.host, b.port) as c:
        response = aw.round_trip(
            c, lambda v, corr: aw.create_partitions_request(v, corr, topics, validate_only=validate_only),
            aw.decode_create_partitions, version)
    assert response["throttle_time_ms"] == 0
    return response["results"]


def partition_count(b, topic):
    return len(cluster_truth(b)["topics"][topic]["partitions"])


def produce_and_fetch(b, topic, partition, values):
    """Produces `values` to the partition and returns what a fetch from 0 reads back."""
    with RawConn(b.host, b.port) as c:
        answer = dw.produce_one(c, topic, dw.build_batch(dw.simple_records(values)), partition=partition)
        assert answer["error_code"] == 0, answer
        p = dw.fetch_partition(c, topic, partition=partition)
    assert p["error_code"] == 0, p
    return answer["base_offset"], [(r["offset"], r["key"], r["value"]) for bt in p["batches"] for r in bt["records"]]


@pytest.mark.parametrize("version", range(4))
def test_grow_at_version(broker, version):
    topic = f"raw-cp-v{version}"
    create_topics_ok(broker, [(topic, 1, 1)])
    assert create_partitions(broker, version, [(topic, 3, None)]) == [(topic, 0, None)]
    partitions = cluster_truth(broker)["topics"][topic]["partitions"]
    assert [(p["partition_index"], p["leader_id"], p["replica_nodes"], p["isr_nodes"]) for p in partitions] == [
        (i, broker.node_id, [broker.node_id], [broker.node_id]) for i in range(3)]
    for partition in (1, 2):
        assert produce_and_fetch(broker, topic, partition, [b"a%d" % partition, b"b"]) == (
            0, [(0, b"k0", b"a%d" % partition), (1, b"k1", b"b")])


@pytest.mark.parametrize("version", [0, 3])
def test_refusals_with_kafkas_codes_and_messages(broker, version):
    t = f"raw-cp-err-v{version}"
    create_topics_ok(broker, [(t, 2, 1)])
    results = create_partitions(broker, version, [
        ("raw-cp-missing", 3, None),
        (t, 2, None),
        (t + "-dup", 4, None),
        (t + "-dup", 5, None),
    ])
    assert results == [
        (t + "-dup", aw.INVALID_REQUEST, "Duplicate topic name."),
        ("raw-cp-missing", aw.UNKNOWN_TOPIC_OR_PARTITION, None),
        (t, aw.INVALID_PARTITIONS, "Topic already has 2 partition(s)."),
    ]
    n = broker.node_id
    cases = [
        ((t, 1, None), aw.INVALID_PARTITIONS, f"The topic {t} currently has 2 partition(s); 1 would not be an increase."),
        ((t, 4, [[n]]), aw.INVALID_REPLICA_ASSIGNMENT,
         "Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified."),
        ((t, 3, []), aw.INVALID_REPLICA_ASSIGNMENT,
         "Attempted to add 1 additional partition(s), but only 0 assignment(s) were specified."),
        ((t, 3, [[]]), aw.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment includes an empty replica list."),
        ((t, 3, [[n + 6]]), aw.INVALID_REPLICA_ASSIGNMENT,
         f"The manual partition assignment includes broker {n + 6}, but no such broker is registered."),
        ((t, 3, [[n, n]]), aw.INVALID_REPLICA_ASSIGNMENT,
         f"The manual partition assignment includes the broker {n} more than once."),
        ((t, 0, None), aw.INVALID_PARTITIONS, f"The topic {t} currently has 2 partition(s); 0 would not be an increase."),
        ((t, 10001, None), aw.INVALID_PARTITIONS, "Number of partitions 10001 is above the limit of 10000 "
                                                  "(topic.partitions.max)."),
    ]
    for request, code, message in cases:
        assert create_partitions(broker, version, [request]) == [(t, code, message)], request
    assert partition_count(broker, t) == 2


def test_validate_only_changes_nothing(broker):
    t = "raw-cp-validate"
    create_topics_ok(broker, [(t, 1, 1)])
    for version in range(4):
        assert create_partitions(broker, version, [(t, 5, None)], validate_only=True) == [(t, 0, None)]
        assert create_partitions(broker, version, [(t, 1, None)], validate_only=True) == [
            (t, aw.INVALID_PARTITIONS, "Topic already has 1 partition(s).")]
        assert partition_count(broker, t) == 1


def test_manual_assignment_on_this_broker(broker):
    t = "raw-cp-manual"
    create_topics_ok(broker, [(t, 1, 1)])
    assert create_partitions(broker, 3, [(t, 3, [[broker.node_id], [broker.node_id]])]) == [(t, 0, None)]
    assert partition_count(broker, t) == 3
    assert produce_and_fetch(broker, t, 2, [b"x"]) == (0, [(0, b"k0", b"x")])


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_new_partitions_survive_a_restart(broker_factory, how):
    b = broker_factory()
    t = "raw-cp-restart"
    create_topics_ok(b, [(t, 1, 1)])
    assert create_partitions(b, 1, [(t, 4, None)]) == [(t, 0, None)]
    assert produce_and_fetch(b, t, 3, [b"kept"]) == (0, [(0, b"k0", b"kept")])
    if how == signal.SIGTERM:
        b.stop_and_check()
    else:
        b.stop(signal.SIGKILL)  # the table was fsynced before the answer; acks=all fsynced the record
    again = broker_factory(data_dir=b.data_dir)
    dw.wait_until_ready(again)
    assert partition_count(again, t) == 4
    with RawConn(again.host, again.port) as c:
        p = dw.fetch_partition(c, t, partition=3)
    assert [(r["offset"], r["value"]) for bt in p["batches"] for r in bt["records"]] == [(0, b"kept")]
    assert produce_and_fetch(again, t, 3, [b"more"])[0] == 1
