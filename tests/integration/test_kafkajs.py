"""kafkajs 2.2.4 (node/kafkajs_probe.js): describeCluster, createTopics,
listTopics, fetchTopicMetadata and deleteTopics through the admin client."""
import json
import shutil
import subprocess
from pathlib import Path

import expect as ex
from rawconn import cluster_truth

NODE_DIR = Path(__file__).resolve().parent / "node"


def kafkajs(b, *steps):
    """Runs the steps [{"op", "args"}] in one admin session; returns their results."""
    assert shutil.which("node"), "node is not installed (scripts/install-deps.sh installs it)"
    assert (NODE_DIR / "node_modules" / "kafkajs").is_dir(), \
        "kafkajs is not installed: run npm ci in tests/integration/node (scripts/install-deps.sh does)"
    proc = subprocess.run(["node", str(NODE_DIR / "kafkajs_probe.js"), b.bootstrap, json.dumps(list(steps))],
                          capture_output=True, text=True, timeout=90, cwd=NODE_DIR, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"kafkajs_probe exited {proc.returncode}\n{proc.stderr}"
    return json.loads(proc.stdout)


def test_installed_kafkajs_is_the_pinned_version():
    pkg = json.loads((NODE_DIR / "node_modules" / "kafkajs" / "package.json").read_text())
    assert pkg["version"] == json.loads((NODE_DIR / "package.json").read_text())["dependencies"]["kafkajs"]


def test_describe_cluster(broker):
    [result] = kafkajs(broker, {"op": "describeCluster"})
    truth = cluster_truth(broker)
    ex.assert_cluster_id(truth["cluster_id"])
    assert result == {"value": {
        "brokers": [{"nodeId": ex.NODE_ID, "host": broker.host, "port": broker.port}],
        "controller": ex.NODE_ID,
        "clusterId": truth["cluster_id"],
    }}


def _partition(i):
    return {"partitionErrorCode": 0, "partitionId": i, "leader": ex.NODE_ID, "replicas": [ex.NODE_ID],
            "isr": [ex.NODE_ID], "offlineReplicas": []}


def test_create_list_fetch_metadata(broker):
    results = kafkajs(
        broker,
        {"op": "createTopics", "args": {"topics": [{"topic": "js-three", "numPartitions": 3, "replicationFactor": 1},
                                                   {"topic": "js-one", "numPartitions": 1, "replicationFactor": 1}],
                                        "timeout": 10000}},
        {"op": "listTopics"},
        {"op": "fetchTopicMetadata", "args": {"topics": ["js-three", "js-one"]}},
        # Creating an existing topic: kafkajs resolves false (TOPIC_ALREADY_EXISTS).
        {"op": "createTopics", "args": {"topics": [{"topic": "js-one", "numPartitions": 1}]}},
    )
    assert results[0] == {"value": True}
    assert sorted(results[1]["value"]) == sorted(cluster_truth(broker)["topics"])
    assert {"js-three", "js-one"} <= set(results[1]["value"])
    topics = results[2]["value"]["topics"]
    for t in topics:
        t["partitions"].sort(key=lambda p: p["partitionId"])
    assert sorted(topics, key=lambda t: t["name"]) == [
        {"name": "js-one", "partitions": [_partition(0)]},
        {"name": "js-three", "partitions": [_partition(i) for i in range(3)]},
    ]
    assert results[3] == {"value": False}


def test_create_errors(broker):
    results = kafkajs(
        broker,
        {"op": "createTopics", "args": {"topics": [{"topic": "js-rf3", "numPartitions": 1, "replicationFactor": 3}]}},
        {"op": "createTopics", "args": {"topics": [{"topic": "js bad name", "numPartitions": 1}]}},
        # waitForLeaders off: a validated topic never gets leaders.
        {"op": "createTopics", "args": {"validateOnly": True, "waitForLeaders": False,
                                        "topics": [{"topic": "js-validate", "numPartitions": 2}]}},
        {"op": "listTopics"},
    )
    for result, type_, code in ((results[0], "INVALID_REPLICATION_FACTOR", ex.INVALID_REPLICATION_FACTOR),
                                (results[1], "INVALID_TOPIC_EXCEPTION", ex.INVALID_TOPIC_EXCEPTION)):
        err = result["error"]
        assert err["name"] == "KafkaJSAggregateError"
        assert [(e["name"], e["type"], e["code"]) for e in err["errors"]] == \
            [("KafkaJSCreateTopicError", type_, code)]
    assert results[2] == {"value": True}
    assert not {"js-rf3", "js bad name", "js-validate"} & set(results[3]["value"])


def test_delete_topics(broker):
    results = kafkajs(
        broker,
        {"op": "createTopics", "args": {"topics": [{"topic": "js-del", "numPartitions": 2}]}},
        {"op": "deleteTopics", "args": {"topics": ["js-del"], "timeout": 10000}},
        {"op": "listTopics"},
        {"op": "deleteTopics", "args": {"topics": ["js-del"]}},
    )
    assert results[0] == {"value": True}
    assert results[1] == {"value": None}
    assert "js-del" not in results[2]["value"]
    # kafkajs retries UNKNOWN_TOPIC_OR_PARTITION; with retries 0 it gives up at once.
    err = results[3]["error"]
    assert err["name"] == "KafkaJSNumberOfRetriesExceeded"
    cause = err["cause"]
    assert (cause["name"], cause["type"], cause["code"]) == \
        ("KafkaJSProtocolError", "UNKNOWN_TOPIC_OR_PARTITION", ex.UNKNOWN_TOPIC_OR_PARTITION)
