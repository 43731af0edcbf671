"""kcat (librdkafka 2.0.2) produces with acks 0, 1 and all, with every codec, keys,
headers and null values, and consumes every record back exactly. A raw Fetch checks
that each codec really reached the log compressed (librdkafka silently sends
uncompressed when a broker's ApiVersions rule it out).

lz4: librdkafka 2.0.2 compresses with lz4 only when FindCoordinator v0 is advertised
(its LZ4 feature gate), which comes with consumer groups; until then the lz4 batch is
made with the lz4 tool, produced raw, and kcat must read it back."""
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402

CODEC_BITS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


def kcat(b, *args, stdin=None):
    proc = subprocess.run(["kcat", "-b", b.bootstrap, *args], input=stdin, capture_output=True,
                          timeout=60)
    assert proc.returncode == 0, f"kcat {args} exited {proc.returncode}\n{proc.stderr.decode()}"
    return proc


def consume_json(b, topic, partition=0, offset="beginning"):
    out = kcat(b, "-C", "-t", topic, "-p", str(partition), "-o", str(offset), "-e", "-J", "-q").stdout
    return [json.loads(line) for line in out.decode().splitlines() if line.strip()]


def raw_fetch_batches(b, topic, partition=0, offset=0):
    with RawConn(b.host, b.port) as c:
        c.send(dw.fetch_request(11, 1, [(topic, [(partition, offset, 1 << 20)])]))
        response = dw.decode_fetch_response(c.recv_frame(), 11)
    [(name, [p])] = response["topics"]
    assert (name, p["error_code"]) == (topic, 0)
    return p["batches"]


@pytest.mark.parametrize("acks", ["0", "1", "all"])
def test_acks_keys_headers_and_null_values(broker, acks):
    topic = f"kcat-acks-{acks}"
    create_topics_ok(broker, [(topic, 1, 1)])
    # -Z: an empty key or value is sent as null.
    lines = b"k1:v1\nk2:\n:v3\nk4:v4\n"
    kcat(broker, "-P", "-t", topic, "-p", "0", "-K:", "-Z", "-H", "h1=x", "-H", "h2=", "-X",
         f"acks={acks}", stdin=lines)
    got = consume_json(broker, topic)
    assert [(m["offset"], m["key"], m["payload"]) for m in got] == [
        (0, "k1", "v1"), (1, "k2", None), (2, None, "v3"), (3, "k4", "v4")]
    for m in got:
        assert m["partition"] == 0
        assert m["headers"] == ["h1", "x", "h2", ""]
        assert m["tstype"] == "create"


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "zstd"])
def test_every_codec_is_stored_compressed_and_read_back(broker, codec):
    topic = f"kcat-codec-{codec}"
    create_topics_ok(broker, [(topic, 1, 1)])
    values = [f"{codec}-value-{i}-" + "x" * 200 for i in range(50)]
    stdin = "".join(f"key{i}:{v}\n" for i, v in enumerate(values)).encode()
    kcat(broker, "-P", "-t", topic, "-p", "0", "-K:", "-z", codec, "-X", "acks=all",
         "-X", "linger.ms=100", stdin=stdin)
    got = consume_json(broker, topic)
    assert [(m["offset"], m["key"], m["payload"]) for m in got] == [
        (i, f"key{i}", v) for i, v in enumerate(values)]
    batches = raw_fetch_batches(broker, topic)
    assert batches, "no batch stored"
    assert {bt["attributes"] & 7 for bt in batches} == {CODEC_BITS[codec]}
    assert batches[0]["base_offset"] == 0
    assert batches[-1]["last_offset"] == len(values) - 1


def test_several_partitions_and_consuming_from_an_offset(broker):
    topic = "kcat-partitions"
    create_topics_ok(broker, [(topic, 3, 1)])
    for p in range(3):
        stdin = "".join(f"p{p}-{i}\n" for i in range(10)).encode()
        kcat(broker, "-P", "-t", topic, "-p", str(p), "-X", "acks=1", stdin=stdin)
    for p in range(3):
        got = consume_json(broker, topic, partition=p, offset=4)
        assert [(m["offset"], m["payload"]) for m in got] == [(i, f"p{p}-{i}") for i in range(4, 10)]


def test_lz4_batch_is_stored_as_sent_and_kcat_reads_it(broker):
    topic = "kcat-codec-lz4"
    create_topics_ok(broker, [(topic, 1, 1)])
    records = [(f"key{i}".encode(), f"lz4-value-{i}-".encode() + b"y" * 300, [(b"h", b"lz4")], i)
               for i in range(40)]
    batch = dw.build_batch(records, codec="lz4")
    with RawConn(broker.host, broker.port) as c:
        c.send(dw.produce_request(7, 1, {topic: {0: batch}}, acks=-1))
        response = dw.decode_produce_response(c.recv_frame(), 7)
    assert response["topics"][topic][0]["error_code"] == 0
    assert response["topics"][topic][0]["base_offset"] == 0
    stored = raw_fetch_batches(broker, topic)
    assert len(stored) == 1 and stored[0]["attributes"] & 7 == 3
    assert stored[0]["size"] == len(batch)  # byte for byte, but for the offset and epoch
    got = consume_json(broker, topic)
    assert [(m["offset"], m["key"], m["payload"], m["headers"]) for m in got] == [
        (i, f"key{i}", f"lz4-value-{i}-" + "y" * 300, ["h", "lz4"]) for i in range(40)]
