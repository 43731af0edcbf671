"""/metrics moves by exactly what the clients did: bytes, records and requests in and
out (hand-encoded Produce and Fetch, and a confluent-kafka producer), errors by code,
latency histogram counts; connection, partition, log size and segment gauges against
the sockets and the files on disk; delayed fetches; fsync latency; process metrics
against /proc."""
import os
import sys
import threading
import time
from pathlib import Path

import pytest
from confluent_kafka import Producer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from admin_http import get_json, scrape, value  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402

TOPIC = "metered"
DEADLINE_S = 15.0


@pytest.fixture(scope="module")
def topic(broker):
    create_topics_ok(broker, [(TOPIC, 3, 1)])
    dw.wait_until_ready(broker)
    return TOPIC


def moved(before, after, name, **labels):
    return value(after, name, **labels) - value(before, name, **labels)


def log_bytes(b, partition):
    return sum(f.stat().st_size for f in (Path(b.data_dir) / f"{TOPIC}-{partition}").glob("*.log"))


def batches(count, records_per_batch):
    """Batches of distinct sizes: record i of batch n has a value of 10 * n + i bytes."""
    return [dw.build_batch(dw.simple_records([b"v" * (10 * n + i) for i in range(records_per_batch)]))
            for n in range(count)]


def test_hand_encoded_produce_and_fetch_move_the_counters_exactly(broker, topic):
    sent = batches(5, 4)
    before = scrape(broker)
    with RawConn(broker.host, broker.port) as c:
        for batch in sent:
            assert dw.produce_one(c, TOPIC, batch, partition=0, acks=-1)["error_code"] == 0
        after_produce = scrape(broker)
        fetched = dw.fetch_partition(c, TOPIC, partition=0, offset=0)
    after = scrape(broker)

    assert moved(before, after_produce, "streambus_topic_bytes_in_total", topic=TOPIC) == sum(map(len, sent))
    assert moved(before, after_produce, "streambus_topic_records_in_total", topic=TOPIC) == 20
    assert moved(before, after_produce, "streambus_requests_total", api="Produce", error="NONE") == 5
    assert moved(before, after_produce, "streambus_request_latency_seconds_count", api="Produce") == 5
    assert moved(before, after_produce, "streambus_request_latency_seconds_bucket", api="Produce", le="+Inf") == 5
    assert moved(before, after_produce, "streambus_storage_fsync_latency_seconds_count") >= 1  # acks=all fsyncs

    assert fetched["error_code"] == 0 and len(fetched["records_bytes"]) == sum(map(len, sent))
    assert moved(after_produce, after, "streambus_topic_bytes_out_total", topic=TOPIC) == len(fetched["records_bytes"])
    assert moved(after_produce, after, "streambus_topic_records_out_total", topic=TOPIC) == 20
    assert moved(after_produce, after, "streambus_requests_total", api="Fetch", error="NONE") == 1
    assert moved(after_produce, after, "streambus_request_latency_seconds_count", api="Fetch") == 1
    assert moved(before, after, "streambus_topic_bytes_in_total", topic=TOPIC) == sum(map(len, sent))


def test_real_client_produce_moves_records_and_bytes_by_what_was_stored(broker, topic):
    values = [b"x" * (i % 37) + b"%d" % i for i in range(50)]
    bytes_before = log_bytes(broker, 1)
    before = scrape(broker)
    p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 20, "compression.type": "none",
                  "enable.idempotence": True})
    errors = []
    for v in values:
        p.produce(TOPIC, value=v, key=b"k", partition=1, on_delivery=lambda err, msg: errors.append(err))
    assert p.flush(DEADLINE_S) == 0
    assert errors == [None] * len(values)
    after = scrape(broker)
    stored = log_bytes(broker, 1) - bytes_before
    assert stored > 0
    assert moved(before, after, "streambus_topic_records_in_total", topic=TOPIC) == len(values)
    assert moved(before, after, "streambus_topic_bytes_in_total", topic=TOPIC) == stored
    produces = moved(before, after, "streambus_requests_total", api="Produce", error="NONE")
    assert produces >= 1
    assert moved(before, after, "streambus_request_latency_seconds_count", api="Produce") == produces
    assert moved(before, after, "streambus_requests_total", api="InitProducerId", error="NONE") == 1
    partition = get_json(broker, f"/v1/topics/{TOPIC}")["partitions"][1]
    assert partition["size_bytes"] == log_bytes(broker, 1)


def test_errors_are_counted_by_code(broker, topic):
    before = scrape(broker)
    with RawConn(broker.host, broker.port) as c:
        answer = dw.produce_one(c, TOPIC, batches(1, 1)[0], partition=99)
        assert answer["error_code"] == 3  # UNKNOWN_TOPIC_OR_PARTITION
        answer = dw.produce_one(c, TOPIC, batches(1, 1)[0][:-1], partition=0)  # cut short
        assert answer["error_code"] != 0
        cut_code = answer["error_code"]
    after = scrape(broker)
    assert moved(before, after, "streambus_requests_total", api="Produce", error="UNKNOWN_TOPIC_OR_PARTITION") == 1
    names = {2: "CORRUPT_MESSAGE", 87: "INVALID_RECORD"}
    assert moved(before, after, "streambus_requests_total", api="Produce", error=names[cut_code]) == 1
    assert moved(before, after, "streambus_requests_total", api="Produce", error="NONE") == 0
    assert moved(before, after, "streambus_request_latency_seconds_count", api="Produce") == 2


def wait_for(b, predicate, what):
    """Scrapes until predicate(samples) holds; returns those samples."""
    deadline = time.monotonic() + DEADLINE_S
    while True:
        samples = scrape(b)
        if predicate(samples):
            return samples
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_gauges_match_the_sockets_and_the_files(broker, topic):
    base = value(scrape(broker), "streambus_active_connections")
    conns = [RawConn(broker.host, broker.port) for _ in range(3)]
    try:
        for c in conns:
            c.metadata(1)
        assert value(scrape(broker), "streambus_active_connections") == base + 3
    finally:
        for c in conns:
            c.close()
    wait_for(broker, lambda s: value(s, "streambus_active_connections") == base, "connections closed")

    topics = get_json(broker, "/v1/topics")["topics"]
    samples = scrape(broker)
    assert value(samples, "streambus_partitions") == sum(t["partition_count"] for t in topics)
    assert value(samples, "streambus_under_replicated_partitions") == 0
    for p in range(3):
        files = list((Path(broker.data_dir) / f"{TOPIC}-{p}").glob("*.log"))
        size = sum(f.stat().st_size for f in files)
        # refreshed every 100 ms by the partition's tick
        samples = wait_for(broker, lambda s, p=p, size=size: value(
            s, "streambus_partition_log_size_bytes", topic=TOPIC, partition=p) == size, f"log size of partition {p}")
        assert value(samples, "streambus_partition_log_segments", topic=TOPIC, partition=p) == len(files)


def test_delayed_fetches_are_counted_while_they_wait(broker, topic):
    assert value(scrape(broker), "streambus_delayed_fetch_requests") == 0
    end = get_json(broker, f"/v1/topics/{TOPIC}")["partitions"][2]["high_watermark"]
    result = {}

    def long_poll():
        with RawConn(broker.host, broker.port, timeout=DEADLINE_S) as c:
            result["answer"] = dw.fetch_partition(c, TOPIC, partition=2, offset=end, max_wait_ms=10000,
                                                  timeout=DEADLINE_S)

    waiter = threading.Thread(target=long_poll)
    waiter.start()
    try:
        wait_for(broker, lambda s: value(s, "streambus_delayed_fetch_requests") == 1, "a fetch waiting")
        with RawConn(broker.host, broker.port) as c:
            assert dw.produce_one(c, TOPIC, batches(1, 2)[0], partition=2)["error_code"] == 0
    finally:
        waiter.join(DEADLINE_S)
    assert [r["offset"] for b in result["answer"]["batches"] for r in b["records"]] == [end, end + 1]
    wait_for(broker, lambda s: value(s, "streambus_delayed_fetch_requests") == 0, "no fetch waiting")
    assert value(scrape(broker), "streambus_delayed_produce_requests") == 0


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_process_metrics_agree_with_proc(broker, topic):
    pid = broker.proc.pid
    cpu_before = proc_cpu_seconds(pid)
    samples = scrape(broker)
    cpu_after = proc_cpu_seconds(pid)
    assert cpu_before <= value(samples, "streambus_process_cpu_seconds_total") <= cpu_after
    with open(f"/proc/{pid}/limits") as f:
        [soft] = [line.split()[3] for line in f if line.startswith("Max open files")]
    assert value(samples, "streambus_process_max_fds") == int(soft)
    assert 0 < value(samples, "streambus_process_open_fds") <= int(soft)
    assert value(samples, "streambus_process_resident_memory_bytes") > 1 << 20
    assert 0 < value(samples, "streambus_process_start_time_seconds") <= time.time()
