"""The CLI and kcat read each other's records: values, keys (null and empty), headers,
compressed batches, timestamps."""
import json
import subprocess

import pytest

import cli_support as cli


def kcat(b, *args, input=None):
    proc = subprocess.run(["kcat", "-b", b.bootstrap, *args], capture_output=True, text=True, timeout=60,
                          input=input, stdin=None if input is not None else subprocess.DEVNULL)
    assert proc.returncode == 0, f"kcat {args} exited {proc.returncode}\n{proc.stderr}"
    return proc.stdout


def _topic(b, name):
    cli.ok(cli.on(b, "topic", "create", name))
    return name


def _kcat_records(b, topic):
    """What kcat reads, as kcat's JSON (timestamps removed)."""
    out = kcat(b, "-C", "-t", topic, "-e", "-q", "-J")
    records = [json.loads(line) for line in out.splitlines()]
    for r in records:
        assert r.pop("tstype") == "create" and r.pop("ts") > 0
    return records


def _cli_records(b, topic):
    """What the CLI reads, as its JSON (timestamps removed)."""
    records = [json.loads(line) for line in cli.ok(cli.on(b, "consume", topic, "-e", "--json")).splitlines()]
    for r in records:
        assert r.pop("timestamp") > 0
    return records


def test_kcat_produces_cli_consumes(broker):
    t = _topic(broker, "kc-to-cli")
    kcat(broker, "-P", "-t", t, "-K", ":", "-H", "trace=abc", "-H", "n=2", input="k1:v1\n:empty key\n")
    kcat(broker, "-P", "-t", t, input="no key\n")
    assert _cli_records(broker, t) == [
        {"topic": t, "partition": 0, "offset": 0, "key": "k1", "value": "v1",
         "headers": [{"key": "trace", "value": "abc"}, {"key": "n", "value": "2"}]},
        {"topic": t, "partition": 0, "offset": 1, "key": "", "value": "empty key",
         "headers": [{"key": "trace", "value": "abc"}, {"key": "n", "value": "2"}]},
        {"topic": t, "partition": 0, "offset": 2, "key": None, "value": "no key", "headers": []},
    ]
    assert cli.ok(cli.on(broker, "consume", t, "-e", "-f", "%k=%v %h\\n")) == (
        "k1=v1 trace=abc,n=2\n=empty key trace=abc,n=2\n=no key \n")


def test_cli_produces_kcat_consumes(broker):
    t = _topic(broker, "kc-from-cli")
    cli.ok(cli.on(broker, "produce", t, "-K", ":", "-H", "trace=def", "-H", "n=3"), input="k1:v1\nno separator\n")
    cli.ok(cli.on(broker, "produce", t, "-k", "fixed"), input="v3\n")
    assert _kcat_records(broker, t) == [
        {"topic": t, "partition": 0, "offset": 0, "broker": 1, "headers": ["trace", "def", "n", "3"],
         "key": "k1", "payload": "v1"},
        {"topic": t, "partition": 0, "offset": 1, "broker": 1, "headers": ["trace", "def", "n", "3"],
         "key": None, "payload": "no separator"},
        {"topic": t, "partition": 0, "offset": 2, "broker": 1, "key": "fixed", "payload": "v3"},
    ]
    assert kcat(broker, "-C", "-t", t, "-e", "-q", "-f", "%k=%s %h\\n") == (
        "k1=v1 trace=def,n=3\n=no separator trace=def,n=3\nfixed=v3 \n")


def test_awkward_keys_and_headers_both_ways(broker):
    """Header values holding '=' or nothing, a header name repeated, a value holding the key
    separator, non-ASCII text: each tool reads the other's records byte for byte."""
    t = _topic(broker, "kc-awkward")
    headers = ["-H", "expr=a=b", "-H", "empty=", "-H", "dup=1", "-H", "dup=2"]
    cli.ok(cli.on(broker, "produce", t, "-K", ":", *headers), input="k:v:w\nk\u00e9:\u00e9t\u00e9 \u20ac\n")
    kcat(broker, "-P", "-t", t, "-K", ":", *headers, input="k:v:w\nk\u00e9:\u00e9t\u00e9 \u20ac\n")
    want = "k|v:w|expr=a=b,empty=,dup=1,dup=2\nk\u00e9|\u00e9t\u00e9 \u20ac|expr=a=b,empty=,dup=1,dup=2\n" * 2
    assert kcat(broker, "-C", "-t", t, "-e", "-q", "-f", "%k|%s|%h\\n") == want
    assert cli.ok(cli.on(broker, "consume", t, "-e", "-f", "%k|%v|%h\\n")) == want
    assert _cli_records(broker, t) == [
        {"topic": t, "partition": 0, "offset": o, "key": k, "value": v,
         "headers": [{"key": "expr", "value": "a=b"}, {"key": "empty", "value": ""},
                     {"key": "dup", "value": "1"}, {"key": "dup", "value": "2"}]}
        for o, (k, v) in enumerate([("k", "v:w"), ("k\u00e9", "\u00e9t\u00e9 \u20ac")] * 2)]


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_compressed_both_ways(broker, codec):
    t = _topic(broker, f"kc-{codec}")
    lines = "".join(f"line {i} {'y' * 64}\n" for i in range(20))
    cli.ok(cli.on(broker, "produce", t, "-z", codec), input=lines)
    kcat(broker, "-P", "-t", t, "-z", codec, input=lines)
    assert kcat(broker, "-C", "-t", t, "-e", "-q") == lines * 2
    assert cli.ok(cli.on(broker, "consume", t, "-e")) == lines * 2


def test_same_records_same_offsets_and_timestamps(broker):
    t = _topic(broker, "kc-positions")
    kcat(broker, "-P", "-t", t, input="a\nb\nc\nd\n")
    fmt = "%o %T %s\\n"
    assert cli.ok(cli.on(broker, "consume", t, "-e", "-o", "-2", "-f", fmt.replace("%s", "%v"))) == \
        kcat(broker, "-C", "-t", t, "-e", "-q", "-o", "-2", "-f", fmt)


def test_one_group_shared_with_kcat(broker):
    """A group read in turn by kcat's balanced consumer (-G) and the CLI's --group: each
    resumes where the other committed when it exited."""
    t = _topic(broker, "kc-group")
    kcat(broker, "-P", "-t", t, input="".join(f"r{i}\n" for i in range(6)))
    assert kcat(broker, "-G", "kc-g", "-X", "auto.offset.reset=earliest", "-c", "2", "-q", "-f", "%o %s\\n", t) == "0 r0\n1 r1\n"
    assert cli.ok(cli.on(broker, "consume", t, "-g", "kc-g", "-n", "2", "-f", "%o %v\\n")) == "2 r2\n3 r3\n"
    assert kcat(broker, "-G", "kc-g", "-e", "-q", "-f", "%o %s\\n", t) == "4 r4\n5 r5\n"
    assert cli.ok(cli.on(broker, "group", "describe", "kc-g")).split("\n\n")[1] == cli.table(
        ("TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "MEMBER-ID", "CLIENT-ID", "HOST"),
        (t, 0, 6, 6, 0, "-", "-", "-"))
