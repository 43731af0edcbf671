"""kcat (librdkafka 2.0.2): metadata listing in text and JSON, and a clean
ApiVersions negotiation (v3 accepted on the first try, our ranges, no fallback)."""
import json
import re
import subprocess

import pytest

import expect as ex
from rawconn import RawConn, create_topics_ok

TOPICS = [("kcat-three", 3, 1), ("kcat-one", 1, 1)]


def kcat(b, *args):
    proc = subprocess.run(["kcat", "-b", b.bootstrap, *args], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"kcat {args} exited {proc.returncode}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def topics(broker):
    create_topics_ok(broker, TOPICS)
    return TOPICS


def _topic_block(name, parts):
    lines = [f'  topic "{name}" with {parts} partitions:']
    lines += [f"    partition {i}, leader {ex.NODE_ID}, replicas: {ex.NODE_ID}, isrs: {ex.NODE_ID}"
              for i in range(parts)]
    return lines


def _split_topic_blocks(lines):
    blocks, current = [], None
    for line in lines:
        if line.startswith("  topic "):
            current = [line]
            blocks.append(current)
        else:
            assert current is not None, f"unexpected line {line!r}"
            current.append(line)
    # Partitions in index order, topics by name: the broker may send either in any order.
    return sorted([b[0]] + sorted(b[1:], key=lambda s: int(re.match(r"\s+partition (\d+)", s).group(1)))
                  for b in blocks)


def test_kcat_list_text(broker, topics):
    lines = kcat(broker, "-L").stdout.splitlines()
    node = ex.NODE_ID
    assert lines[:4] == [
        f"Metadata for all topics (from broker {node}: {broker.bootstrap}/{node}):",
        " 1 brokers:",
        f"  broker {node} at {broker.bootstrap} (controller)",
        f" {len(TOPICS)} topics:",
    ]
    want = sorted(_topic_block(name, parts) for name, parts, _ in TOPICS)
    assert _split_topic_blocks(lines[4:]) == want


def _json_topic(name, parts):
    return {"topic": name, "partitions": [
        {"partition": i, "leader": ex.NODE_ID, "replicas": [{"id": ex.NODE_ID}], "isrs": [{"id": ex.NODE_ID}]}
        for i in range(parts)]}


def _sorted_json(md):
    md["topics"] = sorted(md["topics"], key=lambda t: t["topic"])
    for t in md["topics"]:
        t["partitions"] = sorted(t["partitions"], key=lambda p: p["partition"])
    return md


def test_kcat_list_json(broker, topics):
    md = json.loads(kcat(broker, "-L", "-J").stdout)
    assert _sorted_json(md) == {
        "originating_broker": {"id": ex.NODE_ID, "name": f"{broker.bootstrap}/{ex.NODE_ID}"},
        "query": {"topic": "*"},
        "controllerid": ex.NODE_ID,
        "brokers": [{"id": ex.NODE_ID, "name": broker.bootstrap}],
        "topics": sorted((_json_topic(n, p) for n, p, _ in TOPICS), key=lambda t: t["topic"]),
    }


def test_kcat_list_one_topic_json(broker, topics):
    name, parts, _ = TOPICS[0]
    md = json.loads(kcat(broker, "-L", "-J", "-t", name).stdout)
    assert _sorted_json(md) == {
        "originating_broker": {"id": ex.NODE_ID, "name": f"{broker.bootstrap}/{ex.NODE_ID}"},
        "query": {"topic": name},
        "controllerid": ex.NODE_ID,
        "brokers": [{"id": ex.NODE_ID, "name": broker.bootstrap}],
        "topics": [_json_topic(name, parts)],
    }


def test_kcat_api_versions_negotiation(broker, topics):
    err = kcat(broker, "-L", "-X", "debug=protocol,feature,broker").stderr
    sent = re.findall(r"Sent ApiVersionRequest \(v(\d+)", err)
    received = re.findall(r"Received ApiVersionResponse \(v(\d+)", err)
    # librdkafka 2.0.2 asks with v3; one request and one answer per connection, no retry at a lower version.
    assert sent and set(sent) == {"3"}, sent
    assert received == sent, (sent, received)
    assert "ApiVersionRequest failed" not in err
    assert "broker.version.fallback" not in err
    assert "Broker does not support ApiVersion" not in err
    # The "Broker API support" table librdkafka logs equals what the broker advertises.
    logged = {(int(k), int(lo), int(hi)) for k, lo, hi in
              re.findall(r"ApiKey \S+ \((\d+)\) Versions (\d+)\.\.(\d+)", err)}
    with RawConn(broker.host, broker.port) as c:
        advertised = set(c.api_versions(3)["api_keys"])
    assert logged == advertised
