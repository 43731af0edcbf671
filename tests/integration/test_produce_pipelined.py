"""Pipelined Produce requests on one connection: the broker answers them in request
order while their fsyncs overlap. A confluent-kafka (librdkafka) idempotent producer
with five requests in flight per connection at acks=all over several partitions gets
every record at the offset its delivery report gave, in send order per partition; raw
requests sent back to back on one socket (more than connection.inflight.max.requests,
acks all/1/0 mixed with other APIs, one idempotent producer's sequence across requests)
get their answers with the correlation ids in order and contiguous offsets."""
import os
import sys

from confluent_kafka import OFFSET_BEGINNING, Producer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
import kafka_wire as kw  # noqa: E402
from confluent_read import consume  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402

TIMEOUT = 30
BASE_TS = 1_700_000_000_000


def test_librdkafka_idempotent_pipeline_stores_every_record_where_reported(broker):
    topic = "pipelined-librdkafka"
    partitions = 6
    per_partition = 400
    create_topics_ok(broker, [(topic, partitions, 1)])
    # linger.ms=0 and small batches: many small requests, up to five in flight at once.
    p = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True, "acks": "all",
                  "max.in.flight.requests.per.connection": 5, "linger.ms": 0, "batch.num.messages": 20})
    reports = {q: [] for q in range(partitions)}
    errors = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(err)
        else:
            reports[msg.partition()].append((msg.offset(), msg.key()))

    sent = {q: [] for q in range(partitions)}
    for i in range(per_partition):
        for q in range(partitions):
            key = b"k-%d-%d" % (q, i)
            value = b"v-%d-%d-" % (q, i) + bytes([i % 251]) * (i % 300)
            headers = [("i", b"%d" % i), ("q", b"%d" % q)]
            sent[q].append((key, value, headers, BASE_TS + i))
            while True:
                try:
                    p.produce(topic, key=key, value=value, headers=headers, partition=q, timestamp=BASE_TS + i,
                              on_delivery=on_delivery)
                    break
                except BufferError:
                    p.poll(0.1)
        p.poll(0)
    assert p.flush(TIMEOUT) == 0
    assert errors == []
    for q in range(partitions):
        # Delivery reports come in send order per partition, each at the next offset.
        assert reports[q] == [(i, sent[q][i][0]) for i in range(per_partition)], f"partition {q}"
        got = consume(broker.bootstrap, topic, q, OFFSET_BEGINNING, per_partition, timeout_s=TIMEOUT)
        expected = [(i, k, v, h, (1, ts)) for i, (k, v, h, ts) in enumerate(sent[q])]  # 1: CreateTime
        assert got == expected, f"partition {q}"


def records(request, count):
    return dw.simple_records([b"r-%d-%d" % (request, j) for j in range(count)], key_prefix=b"req-%d-" % request)


def test_raw_back_to_back_produces_are_answered_in_order_with_contiguous_offsets(broker):
    topic = "pipelined-raw"
    partitions = 4
    create_topics_ok(broker, [(topic, partitions, 1)])
    n = 120  # well above connection.inflight.max.requests (16): the rest waits in the socket
    with RawConn(broker.host, broker.port, timeout=TIMEOUT) as c:
        plan = []  # (correlation id, what was sent)
        burst = bytearray()
        for i in range(n):
            corr = c.corr()
            if i % 10 == 9:
                burst += kw.api_versions_request(3, corr)
                plan.append((corr, "api_versions", None, None))
                continue
            q = i % partitions
            count = 1 + i % 3
            acks = 1 if i % 7 == 3 else -1
            batch = dw.build_batch(records(i, count))
            burst += dw.produce_request(9, corr, {topic: {q: batch}}, acks=acks)
            plan.append((corr, "produce", q, count))
        # acks=0 gets no answer: one on its own partition, ahead of the last requests.
        zero_batch = dw.build_batch(records(n, 2))
        burst += dw.produce_request(9, c.corr(), {topic: {0: zero_batch}}, acks=0)
        last = c.corr()
        burst += kw.api_versions_request(3, last)
        plan.append((last, "api_versions", None, None))
        c.send(bytes(burst))

        next_offset = {q: 0 for q in range(partitions)}
        expected_values = {q: [] for q in range(partitions)}
        for i, (corr, kind, q, count) in enumerate(plan):
            payload = c.recv_frame()
            if kind == "api_versions":
                assert kw.decode_api_versions(payload, 3)["correlation_id"] == corr
                continue
            response = dw.decode_produce_response(payload, 9)
            assert response["correlation_id"] == corr, f"answer {i}"
            part = response["topics"][topic][q]
            assert (part["error_code"], part["base_offset"]) == (0, next_offset[q]), f"answer {i}"
            next_offset[q] += count
            expected_values[q] += [b"r-%d-%d" % (i, j) for j in range(count)]
        # The acks=0 batch went to partition 0 after every other request of the burst.
        expected_values[0] += [b"r-%d-%d" % (n, j) for j in range(2)]
        next_offset[0] += 2

    for q in range(partitions):
        with RawConn(broker.host, broker.port) as c:
            fetched = dw.fetch_partition(c, topic, q)
        assert fetched["high_watermark"] == next_offset[q]
        stored = [(r["offset"], r["value"]) for b in fetched["batches"] for r in b["records"]]
        assert stored == list(enumerate(expected_values[q])), f"partition {q}"


def test_raw_pipelined_idempotent_sequence_is_applied_in_arrival_order(broker):
    topic = "pipelined-idempotent"
    create_topics_ok(broker, [(topic, 1, 1)])
    with RawConn(broker.host, broker.port, timeout=TIMEOUT) as c:
        init = dw.round_trip(c, lambda corr: dw.init_producer_id_request(4, corr), dw.decode_init_producer_id_response, 4)
        pid, epoch = init["producer_id"], init["producer_epoch"]
        n = 40
        corrs = []
        burst = bytearray()
        for i in range(n):
            corr = c.corr()
            corrs.append(corr)
            batch = dw.build_batch(records(i, 2), producer_id=pid, producer_epoch=epoch, base_sequence=2 * i)
            burst += dw.produce_request(9, corr, {topic: {0: batch}}, acks=-1)
        c.send(bytes(burst))
        for i, corr in enumerate(corrs):
            response = dw.decode_produce_response(c.recv_frame(), 9)
            assert response["correlation_id"] == corr
            part = response["topics"][topic][0]
            assert (part["error_code"], part["base_offset"]) == (0, 2 * i), f"request {i}"
        fetched = dw.fetch_partition(c, topic, 0)
    assert fetched["high_watermark"] == 2 * n
    stored = [(r["offset"], r["value"]) for b in fetched["batches"] for r in b["records"]]
    assert stored == [(2 * i + j, b"r-%d-%d" % (i, j)) for i in range(n) for j in range(2)]
