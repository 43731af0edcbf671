"""Request/answer helpers for the hand-encoded group tests (group_wire.py,
group_wire_newest.py) on one RawConn."""
import time

import group_wire as gw

DEADLINE_S = 20


def call(conn, encode, decode, *args, **kwargs):
    c = conn.corr()
    conn.send(encode(c, *args, **kwargs))
    resp = decode(conn.recv_frame(timeout=DEADLINE_S))
    assert resp["correlation_id"] == c
    return resp


def send(conn, encode, *args, **kwargs):
    """Sends without waiting; returns the correlation id its answer will carry."""
    c = conn.corr()
    conn.send(encode(c, *args, **kwargs))
    return c


def until_ready(fn):
    """Calls fn() until its error is not one of the retriable coordinator errors."""
    deadline = time.monotonic() + DEADLINE_S
    while True:
        resp = fn()
        err = resp.get("error_code")
        if err not in (gw.COORDINATOR_LOAD_IN_PROGRESS, gw.COORDINATOR_NOT_AVAILABLE) or time.monotonic() > deadline:
            return resp
        time.sleep(0.1)


def find_coordinator(conn, group):
    return until_ready(lambda: call(conn, gw.find_coordinator_v1, gw.decode_find_coordinator_v1, group))
