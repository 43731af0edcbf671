#!/usr/bin/env python3
"""Records the request frames that real Kafka clients send, for golden codec tests.

    python3 tools/capture_client_requests.py --port 19092 --out captures/ [--seconds 20]

Listens on 127.0.0.1 and plays just enough of a broker for a client to get past
bootstrap: it answers ApiVersions, Metadata (one topic "golden" with one partition led by
this listener), Produce, ListOffsets and FindCoordinator, and records but never answers
anything else (Fetch, JoinGroup, ...). Every request frame (without its int32 size
prefix) is written to <out>/<n>-<api key>-v<version>.bin, in arrival order. Then run a
client against it, e.g.

    kcat -b 127.0.0.1:19092 -L
    echo hello | kcat -b 127.0.0.1:19092 -t golden -P
    kcat -b 127.0.0.1:19092 -t golden -C -o beginning -c 1

tests/unit/protocol/golden_capture_test.cc holds bytes captured this way. Python 3
standard library only; not used by the build.
"""

import argparse
import os
import socket
import struct
import threading
import time

TOPIC = "golden"

# (api key, min, max) advertised: low enough that every client takes non-flexible paths
# except ApiVersions itself.
ADVERTISED = [(0, 0, 7), (1, 0, 11), (2, 0, 2), (3, 0, 4), (10, 0, 2), (11, 0, 5), (18, 0, 3)]


def i8(v):
    return struct.pack(">b", v)


def i16(v):
    return struct.pack(">h", v)


def i32(v):
    return struct.pack(">i", v)


def i64(v):
    return struct.pack(">q", v)


def string(s):
    b = s.encode()
    return i16(len(b)) + b


def array(items):
    return i32(len(items)) + b"".join(items)


def uvarint(v):
    out = b""
    while v >= 0x80:
        out += bytes([(v & 0x7F) | 0x80])
        v >>= 7
    return out + bytes([v])


def api_versions_body(version):
    if version >= 3:
        keys = b"".join(i16(k) + i16(lo) + i16(hi) + b"\x00" for k, lo, hi in ADVERTISED)
        return i16(0) + uvarint(len(ADVERTISED) + 1) + keys + i32(0) + b"\x00"
    body = i16(0) + array([i16(k) + i16(lo) + i16(hi) for k, lo, hi in ADVERTISED])
    return body + (i32(0) if version >= 1 else b"")


def metadata_body(version, port):
    broker = i32(0) + string("127.0.0.1") + i32(port) + (i16(-1) if version >= 1 else b"")
    partition = i16(0) + i32(0) + i32(0) + array([i32(0)]) + array([i32(0)])
    topic = i16(0) + string(TOPIC) + (i8(0) if version >= 1 else b"") + array([partition])
    body = i32(0) if version >= 3 else b""
    body += array([broker])
    if version >= 2:
        body += string("golden-cluster")
    if version >= 1:
        body += i32(0)
    return body + array([topic])


def produce_body(version):
    partition = i32(0) + i16(0) + i64(0)
    if version >= 2:
        partition += i64(-1)
    if version >= 5:
        partition += i64(0)
    body = array([string(TOPIC) + array([partition])])
    return body + (i32(0) if version >= 1 else b"")


def list_offsets_body(version):
    if version == 0:
        partition = i32(0) + i16(0) + array([i64(0)])
    else:
        partition = i32(0) + i16(0) + i64(-1) + i64(0)
    body = i32(0) if version >= 2 else b""
    return body + array([string(TOPIC) + array([partition])])


def produce_acks(frame, version):
    """The acks of a classic (header v1) Produce request: acks=0 gets no answer."""
    pos = 8
    client_id_length = struct.unpack(">h", frame[pos:pos + 2])[0]
    pos += 2 + max(client_id_length, 0)
    if version >= 3:  # transactional id
        txn_length = struct.unpack(">h", frame[pos:pos + 2])[0]
        pos += 2 + max(txn_length, 0)
    return struct.unpack(">h", frame[pos:pos + 2])[0]


def find_coordinator_body(version, port):
    """This listener is every group's coordinator (classic encoding, v0-v2)."""
    body = i32(0) if version >= 1 else b""
    body += i16(0) + (i16(-1) if version >= 1 else b"")
    return body + i32(0) + string("127.0.0.1") + i32(port)


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class Recorder:
    def __init__(self, out_dir, port):
        self.out_dir = out_dir
        self.port = port
        self.count = 0
        self.lock = threading.Lock()

    def save(self, frame):
        key, version = struct.unpack(">hh", frame[:4])
        with self.lock:
            self.count += 1
            name = "%03d-%d-v%d.bin" % (self.count, key, version)
        with open(os.path.join(self.out_dir, name), "wb") as f:
            f.write(frame)
        return key, version

    def serve(self, conn):
        with conn:
            while True:
                size = read_exact(conn, 4)
                if size is None:
                    return
                frame = read_exact(conn, struct.unpack(">i", size)[0])
                if frame is None:
                    return
                key, version = self.save(frame)
                correlation_id = frame[4:8]
                if key == 18:
                    body = api_versions_body(version)
                elif key == 3:
                    body = metadata_body(version, self.port)
                elif key == 0:
                    body = produce_body(version) if produce_acks(frame, version) != 0 else None
                elif key == 2:
                    body = list_offsets_body(version)
                elif key == 10 and version <= 2:
                    body = find_coordinator_body(version, self.port)
                else:
                    continue  # Fetch and anything else: recorded, never answered
                if body is not None:
                    reply = correlation_id + body
                    conn.sendall(i32(len(reply)) + reply)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=19092)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    recorder = Recorder(args.out, args.port)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", args.port))
    server.listen()
    server.settimeout(0.5)
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        try:
            conn, _ = server.accept()
        except socket.timeout:
            continue
        threading.Thread(target=recorder.serve, args=(conn,), daemon=True).start()
    server.close()


if __name__ == "__main__":
    main()
