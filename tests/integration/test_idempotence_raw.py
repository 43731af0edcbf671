"""Idempotent producers by hand-encoded requests: InitProducerId hands out ids that are
never reused (not even after a restart); a retried batch is answered with its original
offset and appended once - also after a clean restart (producer snapshot) and after a
SIGKILL (the log is replayed); Kafka's window of five batches; dw.OUT_OF_ORDER_SEQUENCE_NUMBER
and dw.INVALID_PRODUCER_EPOCH exactly where Kafka answers them; a producer whose batches
DeleteRecords removed is still known (Kafka since KIP-360), live and after restarts, and
a confluent-kafka idempotent producer keeps producing across DeleteRecords and a restart
without an error."""
import os
import signal
import struct
import sys
import time

import pytest
from confluent_kafka import Producer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import admin_wire as aw  # noqa: E402
import datapath_wire as dw  # noqa: E402
from confluent_read import consume  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402


def init_producer_id(b, version=4, transactional_id=None):
    with RawConn(b.host, b.port) as c:
        corr = c.corr()
        c.send(dw.init_producer_id_request(version, corr, transactional_id))
        r = dw.decode_init_producer_id_response(c.recv_frame(), version)
    assert r["correlation_id"] == corr
    return r


def batch(pid, epoch, seq, n=1, tag=b"v"):
    return dw.build_batch([(b"k", tag + b"-%d" % (seq + i), [], i) for i in range(n)],
                          producer_id=pid, producer_epoch=epoch, base_sequence=seq)


def send(b, topic, pid, epoch, seq, n=1, tag=b"v"):
    with RawConn(b.host, b.port) as c:
        r = dw.produce_one(c, topic, batch(pid, epoch, seq, n, tag), acks=-1)
    return r["error_code"], r["base_offset"]


def high_watermark(b, topic):
    with RawConn(b.host, b.port) as c:
        return dw.fetch_partition(c, topic)["high_watermark"]


def values(b, topic):
    with RawConn(b.host, b.port) as c:
        p = dw.fetch_partition(c, topic)
    return [(r["offset"], r["value"]) for bt in p["batches"] for r in bt["records"]]


def test_producer_ids_are_unique_and_never_reused_after_restart(broker_factory):
    b = broker_factory()
    ids = [init_producer_id(b, v)["producer_id"] for v in (0, 1, 2, 3, 4, 5)]
    assert len(set(ids)) == 6 and ids == sorted(ids) and ids[0] >= 0
    assert all(init_producer_id(b, 4)["producer_epoch"] == 0 for _ in range(2))
    b.stop_and_check()
    again = broker_factory(data_dir=b.data_dir)
    dw.wait_until_ready(again)
    later = init_producer_id(again)["producer_id"]
    assert later > max(ids) + 1
    refused = init_producer_id(again, transactional_id="txn-1")
    assert (refused["error_code"], refused["producer_id"]) == (dw.INVALID_REQUEST, -1)


def test_retries_are_answered_with_the_original_offset(broker):
    topic = "idem-retry"
    create_topics_ok(broker, [(topic, 1, 1)])
    pid = init_producer_id(broker)["producer_id"]
    assert send(broker, topic, pid, 0, 0, n=3) == (0, 0)
    assert send(broker, topic, pid, 0, 0, n=3) == (0, 0)  # retry
    assert send(broker, topic, pid, 0, 3, n=2) == (0, 3)
    assert send(broker, topic, pid, 0, 0, n=3) == (0, 0)  # an older retry, still in the window
    assert high_watermark(broker, topic) == 5
    assert values(broker, topic) == [(0, b"v-0"), (1, b"v-1"), (2, b"v-2"), (3, b"v-3"), (4, b"v-4")]


def test_out_of_order_and_old_epochs(broker):
    topic = "idem-order"
    create_topics_ok(broker, [(topic, 1, 1)])
    pid = init_producer_id(broker)["producer_id"]
    assert send(broker, topic, pid, 0, 0) == (0, 0)
    assert send(broker, topic, pid, 0, 5) == (dw.OUT_OF_ORDER_SEQUENCE_NUMBER, -1)  # a gap
    assert send(broker, topic, pid, 0, 1) == (0, 1)
    assert send(broker, topic, pid, 1, 3) == (dw.OUT_OF_ORDER_SEQUENCE_NUMBER, -1)  # a new epoch starts at 0
    assert send(broker, topic, pid, 1, 0) == (0, 2)
    assert send(broker, topic, pid, 0, 2) == (dw.INVALID_PRODUCER_EPOCH, -1)  # fenced by epoch 1
    # A producer the partition has never seen may start anywhere (KIP-360).
    other = init_producer_id(broker)["producer_id"]
    assert send(broker, topic, other, 0, 17) == (0, 3)
    assert high_watermark(broker, topic) == 4


def test_window_of_five_batches(broker):
    topic = "idem-window"
    create_topics_ok(broker, [(topic, 1, 1)])
    pid = init_producer_id(broker)["producer_id"]
    for seq in range(6):
        assert send(broker, topic, pid, 0, seq) == (0, seq)
    assert send(broker, topic, pid, 0, 1) == (0, 1)  # 5 batches back: remembered
    assert send(broker, topic, pid, 0, 0) == (dw.OUT_OF_ORDER_SEQUENCE_NUMBER, -1)  # 6 back: forgotten
    assert high_watermark(broker, topic) == 6


def five_records_in_two_batches(b, topic):
    """A new one-partition topic where a new idempotent producer put offsets 0-1 (sequences
    0-1) and 2-4 (sequences 2-4). Returns the producer id."""
    create_topics_ok(b, [(topic, 1, 1)])
    pid = init_producer_id(b)["producer_id"]
    assert send(b, topic, pid, 0, 0, n=2) == (0, 0)
    assert send(b, topic, pid, 0, 2, n=3) == (0, 2)
    return pid


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_retry_after_a_restart_is_deduplicated(broker_factory, how):
    b = broker_factory()
    topic = "idem-restart"
    pid = five_records_in_two_batches(b, topic)
    if how == signal.SIGTERM:
        b.stop_and_check()
    else:
        b.stop(signal.SIGKILL)  # acks=all was fsynced; the producer snapshot is stale or absent
    again = broker_factory(data_dir=b.data_dir)
    dw.wait_until_ready(again)
    assert send(again, topic, pid, 0, 2, n=3) == (0, 2)  # the retry of the acknowledged batch
    assert send(again, topic, pid, 0, 0, n=2) == (0, 0)
    assert send(again, topic, pid, 0, 9) == (dw.OUT_OF_ORDER_SEQUENCE_NUMBER, -1)
    assert send(again, topic, pid, 0, 5) == (0, 5)
    assert high_watermark(again, topic) == 6


# A partition's maintenance pass (expiry of idle producers, the producer snapshot) runs
# every 5 s; waiting longer lets one pass run after DeleteRecords.
MAINTENANCE_PASS_S = 6


def delete_records_to_high_watermark(b, topic):
    with RawConn(b.host, b.port) as c:
        answer = aw.round_trip(c, lambda v, corr: aw.delete_records_request(v, corr, [(topic, [(0, -1)])]),
                               aw.decode_delete_records, 2)
    [(name, [(partition, low_watermark, error)])] = answer["topics"]
    assert (name, partition, error) == (topic, 0, 0)
    return low_watermark


def wait_for_producer_snapshot(b, topic, log_end_offset):
    """Waits until the partition's producer snapshot (written by the maintenance pass, read
    by a SIGKILL restart) covers the log up to `log_end_offset`: its header is "SBPS",
    a version byte, then the log end offset it describes (big-endian i64)."""
    path = os.path.join(b.data_dir, f"{topic}-0", "producer.snapshot")
    deadline = time.monotonic() + 30
    while True:
        covered = -1
        if os.path.exists(path):
            with open(path, "rb") as f:
                header = f.read(13)
            assert header[:4] == b"SBPS"
            covered = struct.unpack(">q", header[5:13])[0]
        if covered >= log_end_offset:
            return
        assert time.monotonic() < deadline, f"no producer snapshot up to offset {log_end_offset}: {covered}"
        time.sleep(0.2)


@pytest.mark.parametrize("how", [None, signal.SIGTERM, signal.SIGKILL])
def test_producer_state_outlives_delete_records(broker_factory, how):
    b = broker_factory()
    topic = "idem-delete-records"
    pid = five_records_in_two_batches(b, topic)
    assert delete_records_to_high_watermark(b, topic) == 5
    time.sleep(MAINTENANCE_PASS_S)
    if how == signal.SIGTERM:
        b.stop_and_check()
    elif how == signal.SIGKILL:
        wait_for_producer_snapshot(b, topic, 5)
        b.stop(signal.SIGKILL)
    if how is not None:
        b = broker_factory(data_dir=b.data_dir)
        dw.wait_until_ready(b)
    # Every batch of the producer is below the log start, and it is still known: the retry
    # of its last batch gets the original offset, a gap is out of order, the next is appended.
    assert send(b, topic, pid, 0, 2, n=3) == (0, 2)
    assert send(b, topic, pid, 0, 9) == (dw.OUT_OF_ORDER_SEQUENCE_NUMBER, -1)
    assert send(b, topic, pid, 0, 5) == (0, 5)
    with RawConn(b.host, b.port) as c:
        p = dw.fetch_partition(c, topic, offset=5)
    assert (p["log_start_offset"], p["high_watermark"]) == (5, 6)
    assert [(r["offset"], r["value"]) for bt in p["batches"] for r in bt["records"]] == [(5, b"v-5")]


def test_confluent_idempotent_producer_across_delete_records_and_a_restart(broker_factory):
    b = broker_factory()
    topic = "idem-confluent-delete-records"
    create_topics_ok(b, [(topic, 1, 1)])
    errors = []

    # One producer (one id, its sequences going on) throughout; the restart keeps the port.
    producer = Producer({"bootstrap.servers": b.bootstrap, "enable.idempotence": True, "linger.ms": 5,
                         "message.timeout.ms": 60000})

    def produce_range(first, last):
        for i in range(first, last):
            producer.produce(topic, key=b"k%d" % i, value=b"v%d" % i, partition=0, headers=[("i", b"%d" % i)],
                             on_delivery=lambda err, msg: errors.append(err) if err else None)
            if i % 10 == 9:
                producer.poll(0)
        assert producer.flush(60) == 0

    produce_range(0, 30)
    assert delete_records_to_high_watermark(b, topic) == 30
    time.sleep(MAINTENANCE_PASS_S)
    produce_range(30, 60)
    b.stop_and_check()
    b = broker_factory(data_dir=b.data_dir, flags={"--kafka-addr": b.bootstrap})
    dw.wait_until_ready(b)
    produce_range(60, 90)
    assert errors == []
    got = consume(b.bootstrap, topic, 0, 30, 60)
    assert [(offset, key, value, headers) for offset, key, value, headers, _ in got] == [
        (i, b"k%d" % i, b"v%d" % i, [("i", b"%d" % i)]) for i in range(30, 90)]
