"""A blocking raw TCP connection that speaks Kafka framing, for hand-made requests."""
import socket
import struct
import time

import kafka_wire as kw


class Closed(Exception):
    """The broker closed the connection."""


class RawConn:
    def __init__(self, host, port, timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self.next_correlation_id = 1

    def corr(self):
        c = self.next_correlation_id
        self.next_correlation_id += 1
        return c

    def send(self, data):
        self.sock.sendall(data)

    def _recv_exact(self, n, deadline):
        out = bytearray()
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"timed out with {len(out)} of {n} bytes")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(n - len(out))
            except ConnectionResetError as e:
                raise Closed("connection reset") from e
            if not chunk:
                raise Closed(f"closed after {len(out)} of {n} bytes")
            out += chunk
        return bytes(out)

    def recv_frame(self, timeout=None):
        """Returns one response payload (header + body, without the size)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        (size,) = struct.unpack(">i", self._recv_exact(4, deadline))
        assert 0 <= size <= 64 * 1024 * 1024, f"bad response size {size}"
        return self._recv_exact(size, deadline)

    def expect_closed(self, timeout=5.0):
        """Asserts that the broker closes the connection within `timeout` without
        sending anything. Returns the seconds it took."""
        start = time.monotonic()
        deadline = start + timeout
        got = bytearray()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"connection still open after {timeout}s; received {bytes(got)!r}")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                chunk = b""
            except socket.timeout:
                continue
            if not chunk:
                assert not got, f"broker sent {bytes(got)!r} before closing"
                return time.monotonic() - start
            got += chunk

    def api_versions(self, version):
        c = self.corr()
        self.send(kw.api_versions_request(version, c))
        resp = kw.decode_api_versions(self.recv_frame(), version)
        assert resp["correlation_id"] == c
        return resp

    def metadata(self, version, topics=None):
        c = self.corr()
        self.send(kw.metadata_request(version, c, topics))
        resp = kw.decode_metadata(self.recv_frame(), version)
        assert resp["correlation_id"] == c
        return resp

    def create_topics(self, version, topics, validate_only=False):
        c = self.corr()
        self.send(kw.create_topics_request(version, c, topics, validate_only=validate_only))
        resp = kw.decode_create_topics(self.recv_frame(), version)
        assert resp["correlation_id"] == c
        return resp

    def delete_topics(self, version, names=(), ids=()):
        c = self.corr()
        self.send(kw.delete_topics_request(version, c, names, ids))
        resp = kw.decode_delete_topics(self.recv_frame(), version)
        assert resp["correlation_id"] == c
        return resp

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def cluster_truth(b, version=12):
    """The broker's own answer (Metadata, decoded by hand) for the client tests
    to compare with: {"cluster_id", "controller_id", "brokers", "topics": {name: [partition dicts]}}."""
    with RawConn(b.host, b.port) as c:
        md = c.metadata(version)
    return {
        "cluster_id": md["cluster_id"],
        "controller_id": md["controller_id"],
        "brokers": md["brokers"],
        "topics": {t["name"]: t for t in md["topics"]},
    }


def create_topics_ok(b, topics, version=4):
    """Creates topics [(name, partitions, replication factor)] by hand and
    asserts that each one was created."""
    with RawConn(b.host, b.port) as c:
        resp = c.create_topics(version, topics)
    got = {t["name"]: t["error_code"] for t in resp["topics"]}
    assert got == {name: 0 for name, _, _ in topics}, resp


def delete_records_ok(b, topic, partition, before):
    """Moves a partition's log start offset to `before` (DeleteRecords v2, by hand) and
    asserts that it moved there."""
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))
    import admin_wire as aw
    with RawConn(b.host, b.port) as c:
        answer = aw.round_trip(c, lambda v, corr: aw.delete_records_request(v, corr, [(topic, [(partition, before)])]),
                               aw.decode_delete_records, 2)
    assert answer["topics"] == [(topic, [(partition, before, 0)])], answer
