"""kafkajs 2.2.4 consumer group (node/kafkajs_group.js): a consumer reads every record once,
commits, and its group is described, listed and its offsets fetched by kafkajs' admin."""
import json
import os
import subprocess

from confluent_kafka import Producer

from rawconn import create_topics_ok

NODE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node")


def test_kafkajs_consumer_group(group_broker):
    topic, group = "kjs-group-topic", "kjs-group"
    create_topics_ok(group_broker, [(topic, 2, 1)])
    p = Producer({"bootstrap.servers": group_broker.bootstrap})
    for part in (0, 1):
        for i in range(7):
            p.produce(topic, key=b"%d-%d" % (part, i), value=b"v", partition=part)
    assert p.flush(30) == 0
    proc = subprocess.run(["node", os.path.join(NODE_DIR, "kafkajs_group.js"), group_broker.bootstrap, topic, group,
                           "14"], capture_output=True, text=True, timeout=120, cwd=NODE_DIR)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert sorted((c["partition"], int(c["offset"]), c["key"]) for c in out["consumed"]) == \
        [(p, i, f"{p}-{i}") for p in (0, 1) for i in range(7)]
    assert out["described"] == {"groupId": group, "state": "Stable", "protocolType": "consumer",
                                "protocol": "RoundRobinAssigner", "errorCode": 0, "clientIds": ["sb-kafkajs"]}
    assert out["listed"] == [{"groupId": group, "protocolType": "consumer"}]
    assert out["offsets"] == [{"topic": topic, "partitions": [
        {"partition": 0, "offset": "7", "metadata": None}, {"partition": 1, "offset": "7", "metadata": None}]}]
