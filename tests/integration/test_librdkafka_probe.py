"""A librdkafka C program (clients/metadata_probe.c) fetches metadata and
prints it as JSON; every field is compared with the broker's own answer."""
import json
import os
import subprocess
from pathlib import Path

import pytest

import expect as ex
from rawconn import cluster_truth, create_topics_ok

TOPICS = [("probe-four", 4, 1), ("probe-one", 1, 1)]


def probe_path():
    path = os.environ.get("SB_METADATA_PROBE")
    if path:
        return path
    # Outside ctest: the program next to the broker binary's build tree.
    from broker import streambus_bin
    return str(Path(streambus_bin()).parent / "tests" / "integration" / "sb_metadata_probe")


def run_probe(b, *topic):
    proc = subprocess.run([probe_path(), b.bootstrap, *topic], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"metadata_probe exited {proc.returncode}\n{proc.stderr}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def topics(broker):
    create_topics_ok(broker, TOPICS, version=2)
    return TOPICS


def _topic(name, parts):
    return {"name": name, "err": 0, "partitions": [
        {"id": i, "err": 0, "leader": ex.NODE_ID, "replicas": [ex.NODE_ID], "isrs": [ex.NODE_ID]}
        for i in range(parts)]}


def _sorted(md):
    md["topics"] = sorted(md["topics"], key=lambda t: t["name"])
    for t in md["topics"]:
        t["partitions"] = sorted(t["partitions"], key=lambda p: p["id"])
    return md


def test_probe_all_topics(broker, topics):
    md = run_probe(broker)
    truth = cluster_truth(broker)
    ex.assert_cluster_id(truth["cluster_id"])
    assert _sorted(md) == {
        "orig_broker_id": ex.NODE_ID,
        "orig_broker_name": f"{broker.bootstrap}/{ex.NODE_ID}",
        "brokers": [{"id": ex.NODE_ID, "host": broker.host, "port": broker.port}],
        "topics": sorted((_topic(n, p) for n, p, _ in TOPICS), key=lambda t: t["name"]),
        "controller_id": ex.NODE_ID,
        "cluster_id": truth["cluster_id"],
    }


def test_probe_one_topic(broker, topics):
    name, parts, _ = TOPICS[0]
    md = run_probe(broker, name)
    assert _sorted(md)["topics"] == [_topic(name, parts)]
    assert md["brokers"] == [{"id": ex.NODE_ID, "host": broker.host, "port": broker.port}]
    assert md["controller_id"] == ex.NODE_ID
