"""Framing as Kafka's broker does it: pipelined requests answered in order, and
every kind of broken frame closes that connection (with no answer) while other
clients keep being served."""
import struct

import pytest

import expect as ex
import kafka_wire as kw
from broker import Broker
from rawconn import RawConn

MAX_REQUEST = 1048576


@pytest.fixture(scope="module")
def broker():
    """This module's broker runs with a 1 MiB request limit."""
    b = Broker(flags={"--socket-request-max-bytes": str(MAX_REQUEST)}).start()
    yield b
    try:
        b.stop_and_check()
    finally:
        b.cleanup()


def test_pipelined_requests_answered_in_order(broker):
    versions = [(kw.API_API_VERSIONS, v) for v in range(4)] + [(kw.API_METADATA, v) for v in range(13)]
    plan = [versions[i % len(versions)] for i in range(50)]
    data = b""
    for i, (api, v) in enumerate(plan):
        corr = 1000 + i * 7
        if api == kw.API_API_VERSIONS:
            data += kw.api_versions_request(v, corr)
        else:
            data += kw.metadata_request(v, corr)
    advertised = _advertised(broker)
    with RawConn(broker.host, broker.port) as c:
        c.send(data)  # all 50 in one write
        for i, (api, v) in enumerate(plan):
            payload = c.recv_frame()
            if api == kw.API_API_VERSIONS:
                resp = kw.decode_api_versions(payload, v)
                assert resp["error_code"] == ex.NONE
                assert {k: (lo, hi) for k, lo, hi in resp["api_keys"]} == advertised
            else:
                resp = kw.decode_metadata(payload, v)
                assert resp["brokers"] == ex.single_broker(broker, v)
            assert resp["correlation_id"] == 1000 + i * 7, f"response {i} out of order"


def _served(conn, broker):
    """One metadata round trip on a well-behaved connection."""
    resp = conn.metadata(1)
    assert resp["brokers"] == ex.single_broker(broker, 1)
    assert resp["controller_id"] == ex.NODE_ID


def _header(api_key, version, corr=1, client_id="sb-it"):
    return kw.Writer().int16(api_key).int16(version).int32(corr).string(client_id).bytes()


def _advertised(broker):
    with RawConn(broker.host, broker.port) as c:
        return {k: (lo, hi) for k, lo, hi in c.api_versions(0)["api_keys"]}


def _bad_frames(broker):
    adv = _advertised(broker)
    unserved = next(k for k in range(ex.KAFKA_MAX_API_KEY + 1) if k not in adv)
    md_max = adv[kw.API_METADATA][1]
    return {
        "negative_size": struct.pack(">i", -1) + _header(kw.API_METADATA, 1) + b"\xff\xff\xff\xff",
        "negative_size_min_int": struct.pack(">i", -(2 ** 31)),
        "size_over_limit_no_body": struct.pack(">i", 2 * MAX_REQUEST),
        "size_over_limit_by_one": struct.pack(">i", MAX_REQUEST + 1),
        "zero_size": struct.pack(">i", 0),
        "truncated_header_3_bytes": kw.frame(b"\x00\x03\x00"),
        "header_without_client_id": kw.frame(struct.pack(">hhi", kw.API_METADATA, 1, 5)),
        "client_id_longer_than_frame": kw.frame(struct.pack(">hhih", kw.API_METADATA, 1, 5, 200) + b"abc"),
        "unknown_api_key_1000": kw.frame(_header(1000, 0) + b"\x00" * 8),
        "negative_api_key": kw.frame(_header(-1, 0) + b"\x00" * 8),
        f"unserved_api_key_{unserved}": kw.frame(_header(unserved, 0) + b"\x00" * 8),
        "metadata_version_past_max": kw.frame(_header(kw.API_METADATA, md_max + 1) + b"\x00" * 8),
        "metadata_negative_version": kw.frame(_header(kw.API_METADATA, -1) + b"\x00" * 8),
        "metadata_v0_null_topics": kw.frame(_header(kw.API_METADATA, 0) + struct.pack(">i", -1)),
        "metadata_v1_truncated_array": kw.frame(_header(kw.API_METADATA, 1) + struct.pack(">i", 0x7FFFFFFF)),
        "metadata_v4_missing_bool": kw.frame(_header(kw.API_METADATA, 4) + struct.pack(">i", -1)),
        "metadata_v9_huge_compact_string": kw.frame(_header(kw.API_METADATA, 9) + b"\x00" + b"\x02\xff\xff\xff\x0f"),
        "metadata_v12_varint_overflow": kw.frame(_header(kw.API_METADATA, 12) + b"\xff" * 10),
        "create_topics_v4_garbage": kw.frame(_header(kw.API_CREATE_TOPICS, 4) + b"\xff" * 7),
        "delete_topics_v6_garbage": kw.frame(_header(kw.API_DELETE_TOPICS, 6) + b"\x00\x05"),
    }


CASES = ["negative_size", "negative_size_min_int", "size_over_limit_no_body", "size_over_limit_by_one",
         "zero_size", "truncated_header_3_bytes", "header_without_client_id", "client_id_longer_than_frame",
         "unknown_api_key_1000", "negative_api_key", "unserved_api_key", "metadata_version_past_max",
         "metadata_negative_version", "metadata_v0_null_topics", "metadata_v1_truncated_array", "metadata_v4_missing_bool",
         "metadata_v9_huge_compact_string", "metadata_v12_varint_overflow", "create_topics_v4_garbage",
         "delete_topics_v6_garbage"]


@pytest.fixture(scope="module")
def bad_frames(broker):
    return _bad_frames(broker)


@pytest.mark.parametrize("case", CASES)
def test_broken_frame_closes_only_that_connection(broker, bad_frames, case):
    name = next(k for k in bad_frames if k.startswith(case))
    with RawConn(broker.host, broker.port) as good:
        _served(good, broker)  # before
        with RawConn(broker.host, broker.port) as bad:
            bad.send(bad_frames[name])
            _served(good, broker)  # while the broken connection is being dealt with
            bad.expect_closed(timeout=5.0)
        _served(good, broker)  # after
    with RawConn(broker.host, broker.port) as fresh:
        _served(fresh, broker)


def test_request_in_two_writes_is_answered(broker):
    """A request whose bytes arrive in several segments is still one request."""
    data = kw.metadata_request(12, 9)
    with RawConn(broker.host, broker.port) as c:
        for chunk in (data[:2], data[2:5], data[5:11], data[11:]):
            c.send(chunk)
        resp = kw.decode_metadata(c.recv_frame(), 12)
        assert resp["correlation_id"] == 9
        assert resp["brokers"] == ex.single_broker(broker, 12)
