"""A client that trickles its request byte by byte does not hold anyone else
up, idle connections are closed after connections.max.idle.ms, and
connections beyond max.connections are closed."""
import threading
import time

import expect as ex
import kafka_wire as kw
from rawconn import RawConn

BYTE_INTERVAL_S = 0.2


def test_slow_client_does_not_block_others(broker):
    request = kw.metadata_request(1, 31337, client_id="s")
    result = {}

    def trickle():
        try:
            with RawConn(broker.host, broker.port, timeout=10) as slow:
                for i in range(len(request)):
                    slow.send(request[i:i + 1])
                    time.sleep(BYTE_INTERVAL_S)
                result["resp"] = kw.decode_metadata(slow.recv_frame(), 1)
        except Exception as e:  # reported by the main thread
            result["error"] = e

    t = threading.Thread(target=trickle)
    t.start()
    round_trips = []
    spacing = BYTE_INTERVAL_S * len(request) / 25
    with RawConn(broker.host, broker.port) as fast:
        for _ in range(20):
            start = time.monotonic()
            resp = fast.metadata(1)
            round_trips.append(time.monotonic() - start)
            assert resp["brokers"] == ex.single_broker(broker, 1)
            time.sleep(spacing)
        still_trickling = t.is_alive()
    t.join(timeout=30)
    assert not t.is_alive()
    assert still_trickling, "the 20 round trips did not overlap the slow request"
    assert max(round_trips) < 1.0, f"round trips while a client trickled: {round_trips}"
    assert "error" not in result, result.get("error")
    resp = result["resp"]
    assert resp["correlation_id"] == 31337
    assert resp["brokers"] == ex.single_broker(broker, 1)
    assert resp["controller_id"] == ex.NODE_ID


def test_idle_connection_closed_active_one_kept(broker_factory):
    b = broker_factory(flags={"--connections-max-idle-ms": "1000"})
    with RawConn(b.host, b.port) as idle, RawConn(b.host, b.port) as active:
        idle.metadata(1)
        active.metadata(1)
        idle_since = time.monotonic()
        closed_after = {}

        def watch():
            idle.expect_closed(timeout=5.0)
            closed_after["s"] = time.monotonic() - idle_since

        w = threading.Thread(target=watch)
        w.start()
        # The active connection sends a request every 300 ms for 4 s.
        end = time.monotonic() + 4.0
        while time.monotonic() < end:
            resp = active.metadata(1)
            assert resp["brokers"] == ex.single_broker(b, 1)
            time.sleep(0.3)
        w.join(timeout=10)
        assert "s" in closed_after, "idle connection was not closed"
        assert 0.9 <= closed_after["s"] <= 3.0, f"idle connection closed after {closed_after['s']:.2f}s"
        # Still served after the idle one was closed.
        assert active.metadata(12)["brokers"] == ex.single_broker(b, 12)


def test_idle_connection_that_never_sent_anything_is_closed(broker_factory):
    b = broker_factory(flags={"--connections-max-idle-ms": "1000"})
    with RawConn(b.host, b.port) as idle:
        took = idle.expect_closed(timeout=5.0)
    assert 0.9 <= took <= 3.0, f"closed after {took:.2f}s"


def test_connections_beyond_max_are_closed(broker_factory):
    b = broker_factory(flags={"--max-connections": "3"})
    conns = [RawConn(b.host, b.port) for _ in range(3)]
    try:
        for c in conns:
            assert c.metadata(1)["brokers"] == ex.single_broker(b, 1)
        with RawConn(b.host, b.port) as extra:
            extra.send(kw.metadata_request(1, 1))
            extra.expect_closed(timeout=3.0)
        for c in conns:  # the three admitted ones are unaffected
            assert c.metadata(12)["brokers"] == ex.single_broker(b, 12)
        conns.pop().close()
        # The freed slot is reused (the broker notices the close asynchronously).
        deadline = time.monotonic() + 3.0
        while True:
            try:
                with RawConn(b.host, b.port) as again:
                    assert again.metadata(1)["brokers"] == ex.single_broker(b, 1)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        for c in conns:
            c.close()
