"""kafkajs 2.2.4: its producer (acks -1, 1 and 0, gzip - kafkajs's only built-in codec -
and uncompressed) and its own Fetch and ListOffsets requests (node/kafkajs_datapath.js)
read back every offset, key (null too), value (null too), header (binary too) and
timestamp exactly."""
import json
import os
import subprocess

import pytest

from rawconn import create_topics_ok

NODE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node")
BASE_TS = 1_700_000_000_000


def run(b, topic, compression, acks, count):
    proc = subprocess.run(["node", os.path.join(NODE_DIR, "kafkajs_datapath.js"), b.bootstrap, topic, compression,
                           str(acks), str(count)], capture_output=True, text=True, timeout=90, cwd=NODE_DIR)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def hex_of(text):
    return text.encode().hex()


@pytest.mark.parametrize("compression,acks", [("none", -1), ("gzip", 1), ("gzip", 0)])
def test_produce_fetch_and_list_offsets(broker, compression, acks):
    topic = f"kjs-{compression}-{acks}"
    create_topics_ok(broker, [(topic, 1, 1)])
    out = run(broker, topic, compression, acks, 25)
    if acks == 0:
        assert out["produced"] == []  # no answer to read
    else:
        assert out["produced"] == [{"topicName": topic, "partition": 0, "errorCode": 0, "baseOffset": "0",
                                    "logAppendTime": "-1", "logStartOffset": "0"}]
    assert out["offsets"] == [{"partition": 0, "offset": "25", "high": "25", "low": "0"}]
    assert out["byTime"] == [{"partition": 0, "offset": "2"}]
    assert out["fetched"] == [{"offset": str(i), "key": None if i % 7 == 6 else f"k{i}",
                               "value": None if i % 5 == 4 else f"v{i}",
                               "headers": {"h": hex_of(str(i)), "second": bytes([0, 255, i]).hex()},
                               "timestamp": str(BASE_TS + i)} for i in range(25)]
