"""`streambus produce` and `streambus consume` against a real broker: keys, headers,
partitions, compression, acks, start offsets, formats, JSON, and their errors."""
import json
import re
import signal
import subprocess
import time

import pytest
from confluent_kafka import Producer

import broker as sb
import cli_support as cli
from rawconn import delete_records_ok


def _topic(b, name, partitions=1):
    cli.ok(cli.on(b, "topic", "create", name, "-p", str(partitions)))
    return name


def _produce(b, topic, text, *args):
    return cli.ok(cli.on(b, "produce", topic, *args), input=text)


def _consume(b, topic, *args):
    return cli.ok(cli.on(b, "consume", topic, "-e", *args))


def test_produce_verbose_prints_each_offset(broker):
    t = _topic(broker, "pc-verbose")
    assert _produce(broker, t, "a\nb\nc\n", "-p", "0", "-v") == (
        "line 1 produced to pc-verbose/0 at offset 0\n"
        "line 2 produced to pc-verbose/0 at offset 1\n"
        "line 3 produced to pc-verbose/0 at offset 2\n")
    assert _produce(broker, t, "d\n", "-p", "0") == ""
    assert _consume(broker, t) == "a\nb\nc\nd\n"


def test_last_line_without_newline_and_empty_lines_are_records(broker):
    t = _topic(broker, "pc-lines")
    _produce(broker, t, "one\n\nthree")
    assert _consume(broker, t, "-f", "[%v] %S\\n") == "[one] 3\n[] 0\n[three] 5\n"


def test_empty_input_produces_nothing(broker):
    t = _topic(broker, "pc-empty")
    assert _produce(broker, t, "", "-v") == ""
    assert _consume(broker, t) == ""


def test_key_separator_and_fixed_key(broker):
    t = _topic(broker, "pc-keys")
    _produce(broker, t, "k1:v1\nno separator\nk3:v:3\n", "-K", ":")
    _produce(broker, t, "v4\n", "-k", "fixed")
    assert _consume(broker, t, "-f", "%K %k=%v\\n") == ("2 k1=v1\n"
                                                          "-1 =no separator\n"
                                                          "2 k3=v:3\n"
                                                          "5 fixed=v4\n")


def test_multi_character_key_separator(broker):
    t = _topic(broker, "pc-keysep")
    _produce(broker, t, "key::value::more\n", "-K", "::")
    assert _consume(broker, t, "-f", "%k|%v\\n") == "key|value::more\n"


def test_headers(broker):
    t = _topic(broker, "pc-headers")
    _produce(broker, t, "x\n", "-H", "trace=abc", "-H", "empty=", "-H", "eq=a=b")
    _produce(broker, t, "y\n")
    assert _consume(broker, t, "-f", "%v [%h]\\n") == "x [trace=abc,empty=,eq=a=b]\ny []\n"


def test_partition_choice(broker):
    t = _topic(broker, "pc-partitions", partitions=3)
    _produce(broker, t, "p2\n", "-p", "2")
    _produce(broker, t, "p0\n", "-p", "0")
    assert _consume(broker, t, "-p", "2") == "p2\n"
    assert _consume(broker, t, "-p", "0", "-p", "2", "-f", "%p:%v\\n").splitlines() in (
        ["0:p0", "2:p2"], ["2:p2", "0:p0"])


def test_verbose_names_each_line(broker):
    t = _topic(broker, "pc-verbose-lines", partitions=2)
    out = _produce(broker, t, "a:1\nb:2\na:3\n", "-K", ":", "-v")
    where = {}
    for line in out.splitlines():
        m = re.fullmatch(rf"line (\d) produced to {t}/(\d) at offset (\d)", line)
        assert m, line
        where[int(m.group(1))] = (int(m.group(2)), int(m.group(3)))
    assert sorted(where) == [1, 2, 3]
    consumed = _consume(broker, t, "-f", "%p %o %v\n").splitlines()
    assert sorted(consumed) == sorted(f"{p} {o} {v}" for v, (p, o) in where.items())


def test_same_key_same_partition(broker):
    t = _topic(broker, "pc-keyhash", partitions=4)
    _produce(broker, t, "user-7:a\nuser-7:b\nuser-7:c\n", "-K", ":")
    partitions = set(_consume(broker, t, "-f", "%p\\n").split())
    assert len(partitions) == 1


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_compression(broker, codec):
    t = _topic(broker, f"pc-compress-{codec}")
    lines = "".join(f"record {i} " + "x" * 100 + "\n" for i in range(50))
    _produce(broker, t, lines, "-z", codec)
    assert _consume(broker, t) == lines


@pytest.mark.parametrize("acks,verbose", [
    ("0", "line 1 produced to pc-acks-0/0\n"),
    ("1", "line 1 produced to pc-acks-1/0 at offset 0\n"),
    ("all", "line 1 produced to pc-acks-all/0 at offset 0\n"),
    ("-1", "line 1 produced to pc-acks--1/0 at offset 0\n"),
])
def test_acks(broker, acks, verbose):
    t = _topic(broker, f"pc-acks-{acks}")
    assert _produce(broker, t, "r\n", "--acks", acks, "-p", "0", "-v") == verbose
    assert _consume(broker, t) == "r\n"


def test_idempotent_producer_through_x(broker):
    # -X reaches the producer: idempotence makes librdkafka ask for a producer id first.
    t = _topic(broker, "pc-idempotent")
    out = _produce(broker, t, "a\nb\n", "-p", "0", "-v", "-X", "enable.idempotence=true")
    assert out == f"line 1 produced to {t}/0 at offset 0\nline 2 produced to {t}/0 at offset 1\n"
    assert _consume(broker, t) == "a\nb\n"


def test_produce_from_file(broker, tmp_path):
    t = _topic(broker, "pc-file")
    path = tmp_path / "records.txt"
    path.write_text("from\nfile\n")
    assert cli.ok(cli.on(broker, "produce", t, "--file", str(path))) == ""
    assert _consume(broker, t) == "from\nfile\n"


def test_produce_missing_file_is_a_usage_error(broker):
    out, err = cli.failed(cli.on(broker, "produce", "t", "--file", "/nonexistent/records.txt"), code=105)
    assert err == "streambus: --file: File does not exist: /nonexistent/records.txt; see `streambus produce --help`"


def test_produce_line_too_long(broker):
    t = _topic(broker, "pc-long")
    out, err = cli.failed(cli.on(broker, "produce", t, "--max-record-bytes", "4"), input="abcd\nabcde\n")
    assert err == "streambus: line 2 is longer than --max-record-bytes (4)"
    assert _consume(broker, t) == "abcd\n"  # the lines before it are delivered


def test_produce_to_missing_partition(broker):
    t = _topic(broker, "pc-nopart", partitions=2)
    out, err = cli.failed(cli.on(broker, "produce", t, "-p", "2"), input="x\n")
    assert (out, err) == ("", f"streambus: topic \"{t}\" has no partition 2")


def test_produce_creates_topic_when_broker_allows(broker):
    assert _produce(broker, "pc-auto", "x\n", "-v") == "line 1 produced to pc-auto/0 at offset 0\n"
    assert _consume(broker, "pc-auto") == "x\n"


def test_produce_unknown_topic_without_auto_creation(broker_factory):
    b = broker_factory(flags={"--auto-create-topics-enable": "false"})
    out, err = cli.failed(cli.on(b, "produce", "pc-missing"), input="x\n")
    assert (out, err) == ("", "streambus: topic \"pc-missing\": Broker: Unknown topic or partition (UNKNOWN_TOPIC_OR_PART)")


@pytest.mark.parametrize("how", [[], ["-g", "pc-g"]])
def test_consume_unknown_topic(broker, how):
    out, err = cli.failed(cli.on(broker, "consume", "pc-nowhere", "-e", *how))
    assert (out, err) == ("", "streambus: topic \"pc-nowhere\" does not exist")


def test_consume_missing_partition(broker):
    t = _topic(broker, "pc-consume-nopart")
    out, err = cli.failed(cli.on(broker, "consume", t, "-p", "3", "-e"))
    assert (out, err) == ("", f"streambus: topic \"{t}\" has no partition 3")


def test_exit_at_end_gives_up_on_a_broker_that_went_away(broker_factory):
    """-e reads to an end, so a broker that stops in the middle ends the command like any
    other unreachable broker (exit 1, one line) once --timeout-ms passes without an answer;
    the records printed before are a prefix of the partition. Small batches, small fetches
    and a stdout pipe read only at the end keep the consumer from holding every record when
    the broker stops."""
    b = broker_factory()
    t = _topic(b, "pc-went-away")
    lines = [f"{i:06d} {'x' * 200}" for i in range(3000)]
    # Small batches too: a fetch returns at least one whole batch, however small fetch.max.bytes.
    _produce(b, t, "".join(f"{line}\n" for line in lines), "-X", "batch.size=2000")
    small = ["-X", "queued.max.messages.kbytes=1", "-X", "queued.min.messages=1", "-X", "message.max.bytes=1000",
             "-X", "fetch.max.bytes=1024", "-X", "fetch.message.max.bytes=1024"]
    # Unbuffered bytes: communicate() reads the pipe itself, so whatever a buffered readline()
    # had read ahead would be lost; a raw readline() reads no further than its line.
    proc = subprocess.Popen([sb.streambus_bin(), *cli.on(b, "consume", t, "-e", "--timeout-ms", "2000", *small)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
                            env=sb.broker_env())
    try:
        first = proc.stdout.readline()
        b.stop_and_check()
        rest, err = proc.communicate(timeout=cli.CLI_DEADLINE_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    got = (first + rest).decode().splitlines()
    err = err.decode()
    assert (proc.returncode, err) == (1, f"streambus: cannot reach the brokers at {b.bootstrap} within 2000 ms\n")
    assert 0 < len(got) < len(lines) and got == lines[:len(got)]


@pytest.fixture(scope="module")
def ten(broker):
    """A one-partition topic with records 0..9 (values v0..v9), produced in two calls so
    that the second half has later timestamps than the first."""
    t = _topic(broker, "pc-ten")
    _produce(broker, t, "".join(f"v{i}\n" for i in range(5)))
    time.sleep(0.05)
    _produce(broker, t, "".join(f"v{i}\n" for i in range(5, 10)))
    return t


@pytest.mark.parametrize("offset,want", [
    ("earliest", range(10)),
    ("beginning", range(10)),
    ("latest", []),
    ("end", []),
    ("0", range(10)),
    ("7", range(7, 10)),
    ("-3", range(7, 10)),
    ("-10", range(10)),
])
def test_start_offsets(broker, ten, offset, want):
    assert _consume(broker, ten, "-o", offset) == "".join(f"v{i}\n" for i in want)


def test_start_offset_is_kept_within_the_partition(broker):
    """An offset below the log start starts there, one past the end starts at the end (as
    `group reset-offsets` keeps offsets within the range): librdkafka alone would read
    from the start for both."""
    t = _topic(broker, "pc-range")
    _produce(broker, t, "".join(f"r{i}\n" for i in range(5)))
    delete_records_ok(broker, t, 0, 2)
    fmt = ["-f", "%o %v\\n"]
    assert _consume(broker, t, "-o", "0", *fmt) == "2 r2\n3 r3\n4 r4\n"
    assert _consume(broker, t, "-o", "3", *fmt) == "3 r3\n4 r4\n"
    assert _consume(broker, t, "-o", "5", *fmt) == ""
    assert _consume(broker, t, "-o", "99", *fmt) == ""
    assert _consume(broker, t, "-o", "-10", *fmt) == "2 r2\n3 r3\n4 r4\n"


def test_start_at_timestamp(broker, ten):
    stamps = [int(s) for s in _consume(broker, ten, "-f", "%T\\n").split()]
    assert stamps == sorted(stamps) and stamps[5] > stamps[4]
    assert _consume(broker, ten, "-o", f"@{stamps[5]}") == "".join(f"v{i}\n" for i in range(5, 10))
    assert _consume(broker, ten, "-o", f"@{stamps[0]}") == "".join(f"v{i}\n" for i in range(10))
    assert _consume(broker, ten, "-o", f"@{stamps[-1] + 60000}") == ""


def test_count(broker, ten):
    assert cli.ok(cli.on(broker, "consume", ten, "-n", "3")) == "v0\nv1\nv2\n"
    assert cli.ok(cli.on(broker, "consume", ten, "-o", "8", "-n", "5", "-e")) == "v8\nv9\n"


def test_format_tokens(broker):
    t = _topic(broker, "pc-format")
    _produce(broker, t, "key:value\n", "-K", ":", "-H", "h=1")
    ts = _consume(broker, t, "-f", "%T")
    out = cli.ok_bytes(cli.on(broker, "consume", t, "-e", "-f", "%t|%p|%o|%k|%K|%v|%s|%S|%h|%T|100%%\\t\\\\\\r\\n"))
    assert out == f"pc-format|0|0|key|3|value|value|5|h=1|{ts}|100%\t\\\r\n".encode()


def test_json(broker):
    t = _topic(broker, "pc-json")
    _produce(broker, t, "k:v\n", "-K", ":", "-H", "a=1", "-H", "b=2")
    _produce(broker, t, "no key \"quoted\"\n")
    lines = _consume(broker, t, "--json").splitlines()
    records = [json.loads(line) for line in lines]
    ts = [r.pop("timestamp") for r in records]
    assert all(isinstance(x, int) and x > 0 for x in ts)
    assert records == [
        {"topic": t, "partition": 0, "offset": 0, "key": "k", "value": "v",
         "headers": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]},
        {"topic": t, "partition": 0, "offset": 1, "key": None, "value": "no key \"quoted\"", "headers": []},
    ]


def test_bytes_that_are_not_utf8(broker):
    """--json is always valid JSON: malformed UTF-8 in a key, value or header shows as
    U+FFFD; --format prints the bytes as they are. The record comes from confluent-kafka,
    since lines on stdin are text."""
    t = _topic(broker, "pc-bytes")
    p = Producer({"bootstrap.servers": broker.bootstrap})
    p.produce(t, key=b"\x00\xff", value=b"caf\xc3\xa9 \xe9", headers=[("n", None), ("b", b"\x01\xc3")])
    assert p.flush(30) == 0
    # Strict decoding: the output must be UTF-8.
    record = json.loads(cli.ok_bytes(cli.on(broker, "consume", t, "-e", "--json")).decode("utf-8"))
    assert record.pop("timestamp") > 0
    assert record == {"topic": t, "partition": 0, "offset": 0, "key": "\x00\ufffd", "value": "caf\u00e9 \ufffd",
                      "headers": [{"key": "n", "value": None}, {"key": "b", "value": "\x01\ufffd"}]}
    assert cli.ok_bytes(cli.on(broker, "consume", t, "-e", "-f", "%k|%v|%h\\n")) == \
        b"\x00\xff|caf\xc3\xa9 \xe9|n=,b=\x01\xc3\n"


def test_exit_at_end_of_every_partition(broker):
    t = _topic(broker, "pc-allparts", partitions=3)
    for p in range(3):
        _produce(broker, t, f"in {p}\n", "-p", str(p))
    assert sorted(_consume(broker, t).splitlines()) == ["in 0", "in 1", "in 2"]


def test_two_topics(broker):
    a, b = _topic(broker, "pc-two-a"), _topic(broker, "pc-two-b")
    _produce(broker, a, "from a\n")
    _produce(broker, b, "from b\n")
    out = cli.ok(cli.on(broker, "consume", a, b, "-e", "-f", "%t %v\\n"))
    assert sorted(out.splitlines()) == ["pc-two-a from a", "pc-two-b from b"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_consume_until_signal(broker, sig):
    t = _topic(broker, f"pc-signal-{sig.name.lower()}")
    _produce(broker, t, "first\n")
    proc = subprocess.Popen([sb.streambus_bin(), *cli.on(broker, "consume", t)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=sb.broker_env())
    try:
        assert proc.stdout.readline() == "first\n"
        _produce(broker, t, "second\n")
        assert proc.stdout.readline() == "second\n"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, out, err) == (0, "", "")


def test_describe_offsets(broker):
    t = _topic(broker, "pc-describe", partitions=2)
    _produce(broker, t, "a\nb\nc\n", "-p", "1")
    assert cli.ok(cli.on(broker, "topic", "describe", t, "--offsets")).split("\n\n")[1] == (
        "PARTITION  LEADER  REPLICAS  ISR  LOG-START-OFFSET  HIGH-WATERMARK\n"
        "0          1       [1]       [1]  0                 0\n"
        "1          1       [1]       [1]  0                 3\n")
    got = json.loads(cli.ok(cli.on(broker, "topic", "describe", t, "--offsets", "--json")))
    assert [(p["log_start_offset"], p["high_watermark"]) for p in got["partitions"]] == [(0, 0), (0, 3)]
