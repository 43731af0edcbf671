"""kafkajs 2.2.4 admin (node/kafkajs_topic_admin.js): createPartitions (CreatePartitions
v1) with validateOnly and refusals, then its producer on the new partitions with exact
offsets; deleteTopicRecords (DeleteRecords v1) and the offsets it leaves;
describeCluster."""
import json
import shutil
import subprocess
from pathlib import Path

import expect as ex
from rawconn import cluster_truth

NODE_DIR = Path(__file__).resolve().parent / "node"


def kafkajs(b, *steps):
    """Runs the steps [{"op", "args"}] in one session; returns their results."""
    assert shutil.which("node"), "node is not installed (scripts/install-deps.sh installs it)"
    assert (NODE_DIR / "node_modules" / "kafkajs").is_dir(), \
        "kafkajs is not installed: run npm ci in tests/integration/node (scripts/install-deps.sh does)"
    proc = subprocess.run(["node", str(NODE_DIR / "kafkajs_topic_admin.js"), b.bootstrap, json.dumps(list(steps))],
                          capture_output=True, text=True, timeout=90, cwd=NODE_DIR, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"kafkajs_topic_admin exited {proc.returncode}\n{proc.stderr}"
    return json.loads(proc.stdout)


def protocol_error(kind, code):
    return {"error": {"name": "KafkaJSProtocolError", "type": kind, "code": code}}


def offsets(topic_offsets):
    return [(o["partition"], o["low"], o["high"]) for o in sorted(topic_offsets, key=lambda o: o["partition"])]


def send(topic, partition, *values):
    return {"op": "send", "args": {"topic": topic, "messages": [
        {"key": f"k{i}", "value": v, "partition": partition} for i, v in enumerate(values)]}}


def produced(topic, partition, base_offset):
    return {"value": [{"topicName": topic, "partition": partition, "errorCode": 0, "baseOffset": str(base_offset),
                       "logAppendTime": "-1", "logStartOffset": "0"}]}


def test_create_partitions_then_produce_to_them(broker):
    t = "kjs-grow"
    results = kafkajs(
        broker,
        {"op": "createTopics", "args": {"topics": [{"topic": t, "numPartitions": 1}], "waitForLeaders": True}},
        {"op": "createPartitions", "args": {"validateOnly": True, "topicPartitions": [{"topic": t, "count": 5}]}},
        {"op": "fetchTopicMetadata", "args": {"topics": [t]}},
        {"op": "createPartitions", "args": {"topicPartitions": [{"topic": t, "count": 3}]}},
        {"op": "createPartitions", "args": {"topicPartitions": [{"topic": t, "count": 2}]}},
        {"op": "createPartitions", "args": {"topicPartitions": [{"topic": "kjs-missing", "count": 2}]}},
        {"op": "fetchTopicMetadata", "args": {"topics": [t]}},
        send(t, 2, "a", "b"),
        send(t, 1, "c"),
        send(t, 2, "d"),
        {"op": "fetchTopicOffsets", "args": t},
    )
    assert results[0] == {"value": True}
    assert results[1] == {"value": None}
    assert [p["partitionId"] for p in results[2]["value"]["topics"][0]["partitions"]] == [0]
    assert results[3] == {"value": None}
    assert results[4] == protocol_error("INVALID_PARTITIONS", 37)
    assert results[5] == protocol_error("UNKNOWN_TOPIC_OR_PARTITION", 3)
    partitions = sorted(results[6]["value"]["topics"][0]["partitions"], key=lambda p: p["partitionId"])
    assert partitions == [{"partitionErrorCode": 0, "partitionId": i, "leader": ex.NODE_ID, "replicas": [ex.NODE_ID],
                           "isr": [ex.NODE_ID], "offlineReplicas": []} for i in range(3)]
    assert results[7:10] == [produced(t, 2, 0), produced(t, 1, 0), produced(t, 2, 2)]
    assert offsets(results[10]["value"]) == [(0, "0", "0"), (1, "0", "1"), (2, "0", "3")]


def test_delete_topic_records(broker):
    t = "kjs-delete"
    results = kafkajs(
        broker,
        {"op": "createTopics", "args": {"topics": [{"topic": t, "numPartitions": 2}], "waitForLeaders": True}},
        send(t, 0, "a", "b", "c", "d"),
        send(t, 1, "e", "f"),
        # kafkajs looks the partitions' leaders up in the metadata it has cached, and
        # deleteTopicRecords does not fetch it: an admin call that does must come first.
        {"op": "fetchTopicMetadata", "args": {"topics": [t]}},
        {"op": "deleteTopicRecords", "args": {"topic": t, "partitions": [{"partition": 0, "offset": "3"},
                                                                         {"partition": 1, "offset": "-1"}]}},
        {"op": "fetchTopicOffsets", "args": t},
        {"op": "deleteTopicRecords", "args": {"topic": t, "partitions": [{"partition": 0, "offset": "9"}]}},
        {"op": "fetchTopicOffsets", "args": t},
    )
    assert results[0] == {"value": True}
    assert results[1:3] == [produced(t, 0, 0), produced(t, 1, 0)]
    assert results[4] == {"value": None}
    assert offsets(results[5]["value"]) == [(0, "3", "4"), (1, "2", "2")]
    # kafkajs' retrier wraps the per-partition error it does not retry.
    assert results[6] == {"error": {"name": "KafkaJSNonRetriableError", "type": None, "code": None, "cause": {
        "name": "KafkaJSDeleteTopicRecordsError", "type": None, "code": None,
        "partitions": [{"partition": 0, "offset": "9",
                        "error": {"name": "KafkaJSProtocolError", "type": "OFFSET_OUT_OF_RANGE", "code": 1}}]}}}
    assert offsets(results[7]["value"]) == [(0, "3", "4"), (1, "2", "2")]


def test_describe_cluster(broker):
    [result] = kafkajs(broker, {"op": "describeCluster"})
    truth = cluster_truth(broker)
    assert result == {"value": {"brokers": [{"nodeId": ex.NODE_ID, "host": broker.host, "port": broker.port}],
                                "controller": ex.NODE_ID, "clusterId": truth["cluster_id"]}}
