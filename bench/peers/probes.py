"""Readiness probes for the servers that bench/run-peers and bench/scale start.

Each probe opens a fresh connection, asks one question in the server's own protocol and
returns True only for a good answer, so "time to the first True" is the time to the
first served request. Standard library only: the Kafka requests are encoded by hand at
old, fixed-layout versions that every Kafka-protocol server serves (ApiVersions v0,
ListOffsets v1).
"""
import json
import socket
import struct

_CLIENT_ID = b"sb-bench-probe"


def _kafka_request(api_key, api_version, correlation_id, body):
    """A size-prefixed request with header v1 (key, version, correlation id, client id)."""
    header = struct.pack(">hhih", api_key, api_version, correlation_id, len(_CLIENT_ID)) + _CLIENT_ID
    frame = header + body
    return struct.pack(">i", len(frame)) + frame


def _recv_exact(sock, n):
    out = bytearray()
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise ConnectionError("connection closed after %d of %d bytes" % (len(out), n))
        out += chunk
    return bytes(out)


def _kafka_round_trip(host, port, api_key, api_version, body, timeout_s):
    """Sends one request and returns the response body (after the correlation id)."""
    with socket.create_connection((host, port), timeout=timeout_s) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(_kafka_request(api_key, api_version, 1, body))
        (size,) = struct.unpack(">i", _recv_exact(sock, 4))
        frame = _recv_exact(sock, size)
    (correlation_id,) = struct.unpack_from(">i", frame, 0)
    if correlation_id != 1:
        raise ValueError("correlation id %d, expected 1" % correlation_id)
    return frame[4:]


def kafka_api_versions(host, port, timeout_s=1.0):
    """True when the server answers ApiVersions v0 with error code 0."""
    try:
        body = _kafka_round_trip(host, port, 18, 0, b"", timeout_s)
    except (OSError, ValueError, struct.error):
        return False
    (error_code,) = struct.unpack_from(">h", body, 0)
    return error_code == 0


def kafka_list_offsets(host, port, topic, partitions, timeout_s=5.0):
    """ListOffsets v1 (latest) for partitions 0..partitions-1 of one topic.

    Returns {partition: (error_code, offset)}, or None when the server cannot be asked.
    """
    name = topic.encode()
    body = struct.pack(">iih", -1, 1, len(name)) + name + struct.pack(">i", partitions)
    for p in range(partitions):
        body += struct.pack(">iq", p, -1)
    try:
        resp = _kafka_round_trip(host, port, 2, 1, body, timeout_s)
    except (OSError, ValueError, struct.error):
        return None
    out = {}
    (topics,) = struct.unpack_from(">i", resp, 0)
    pos = 4
    for _ in range(topics):
        (name_len,) = struct.unpack_from(">h", resp, pos)
        pos += 2 + name_len
        (count,) = struct.unpack_from(">i", resp, pos)
        pos += 4
        for _ in range(count):
            partition, error_code, _timestamp, offset = struct.unpack_from(">ihqq", resp, pos)
            pos += 22
            out[partition] = (error_code, offset)
    return out


def nats_jetstream_ready(host, port, timeout_s=1.0):
    """True when a NATS server answers PING with PONG and JetStream's account info request
    ($JS.API.INFO) with an answer that carries no error."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as sock:
            reader = sock.makefile("rb")
            if not reader.readline().startswith(b"INFO "):
                return False
            sock.sendall(b'CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true}\r\n'
                         b"PING\r\n")
            if reader.readline().strip() != b"PONG":
                return False
            sock.sendall(b"SUB _INBOX.sbprobe 1\r\nPUB $JS.API.INFO _INBOX.sbprobe 0\r\n\r\n")
            while True:
                line = reader.readline()
                if not line:
                    return False
                if line.startswith(b"PING"):
                    sock.sendall(b"PONG\r\n")
                    continue
                if line.startswith(b"HMSG "):  # a "no responders" status: JetStream is not up yet
                    return False
                if line.startswith(b"MSG "):
                    size = int(line.split()[-1])
                    payload = reader.read(size + 2)[:size]
                    answer = json.loads(payload)
                    return "error" not in answer
                if line.startswith(b"-ERR"):
                    return False
    except (OSError, ValueError):
        return False
