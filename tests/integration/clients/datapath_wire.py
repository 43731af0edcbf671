"""Hand-written encoders and decoders for the data-path APIs (Produce, Fetch,
ListOffsets, InitProducerId, OffsetForLeaderEpoch) and record batches v2, for the
raw-socket integration tests. Written from the Kafka protocol rules so that the
tests do not depend on the broker's codec; primitives come from kafka_wire."""
import os
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import kafka_wire as kw  # noqa: E402

# Kafka error codes the data-path tests expect.
OFFSET_OUT_OF_RANGE = 1
CORRUPT_MESSAGE = 2
UNKNOWN_TOPIC_OR_PARTITION = 3
MESSAGE_TOO_LARGE = 10
INVALID_REQUIRED_ACKS = 21
INVALID_TIMESTAMP = 32
INVALID_REQUEST = 42
OUT_OF_ORDER_SEQUENCE_NUMBER = 45
INVALID_PRODUCER_EPOCH = 47
FETCH_SESSION_ID_NOT_FOUND = 70
INVALID_FETCH_SESSION_EPOCH = 71
UNSUPPORTED_COMPRESSION_TYPE = 76
INVALID_RECORD = 87
UNKNOWN_TOPIC_ID = 100

API_PRODUCE = 0
API_FETCH = 1
API_LIST_OFFSETS = 2
API_INIT_PRODUCER_ID = 22
API_OFFSET_FOR_LEADER_EPOCH = 23

FLEXIBLE_FROM = {API_PRODUCE: 9, API_FETCH: 12, API_LIST_OFFSETS: 6, API_INIT_PRODUCER_ID: 2,
                 API_OFFSET_FOR_LEADER_EPOCH: 4}


def flexible(api, version):
    return version >= FLEXIBLE_FROM[api]


# ---- CRC-32C (Castagnoli), table driven ----
_CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


# ---- zigzag varints of record batches ----
def zigzag(n):
    out = bytearray()
    v = (n << 1) ^ (n >> 63)
    v &= (1 << 64) - 1
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def read_zigzag(data, pos):
    shift = 0
    value = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            break
        shift += 7
    return (value >> 1) ^ -(value & 1), pos


def encode_record(index, key, value, headers=(), timestamp_delta=0):
    body = bytearray(b"\x00")  # attributes
    body += zigzag(timestamp_delta) + zigzag(index)
    for field in (key, value):
        if field is None:
            body += zigzag(-1)
        else:
            body += zigzag(len(field)) + field
    body += zigzag(len(headers))
    for hk, hv in headers:
        body += zigzag(len(hk)) + hk
        body += zigzag(-1) if hv is None else zigzag(len(hv)) + hv
    return zigzag(len(body)) + bytes(body)


def compress(codec, raw):
    """gzip with zlib; lz4 (frame format) and zstd with their command-line tools."""
    if codec == "gzip":
        co = zlib.compressobj(wbits=31)
        return co.compress(raw) + co.flush()
    tool = {"lz4": ["lz4", "-z", "-c", "-q"], "zstd": ["zstd", "-z", "-c", "-q"]}[codec]
    return subprocess.run(tool, input=raw, capture_output=True, check=True).stdout


CODEC_IDS = {"gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


def build_batch(records, base_timestamp=1_700_000_000_000, producer_id=-1, producer_epoch=-1,
                base_sequence=-1, attributes=0, codec=None, max_timestamp=None,
                base_offset=0, records_count=None, last_offset_delta=None):
    """records: [(key, value, headers, timestamp_delta)]; returns the batch bytes."""
    raw = b"".join(encode_record(i, k, v, h, d) for i, (k, v, h, d) in enumerate(records))
    if codec is not None:
        raw = compress(codec, raw)
        attributes |= CODEC_IDS[codec]
    count = len(records) if records_count is None else records_count
    delta = len(records) - 1 if last_offset_delta is None else last_offset_delta
    if max_timestamp is None:
        max_timestamp = base_timestamp + max((d for _, _, _, d in records), default=0)
    after_crc = struct.pack(">hiqqqhii", attributes, delta, base_timestamp, max_timestamp,
                            producer_id, producer_epoch, base_sequence, count) + raw
    crc = crc32c(after_crc)
    batch_length = 4 + 1 + 4 + len(after_crc)  # leader epoch, magic, crc, rest
    return struct.pack(">qiibI", base_offset, batch_length, -1, 2, crc) + after_crc


def decompress_records(codec, stored):
    """A batch's records section uncompressed: gzip with zlib, lz4 frames and zstd with
    python3-lz4 and python3-zstandard (Debian's, on the system liblz4 and libzstd); None
    for snappy, whose batches are checked through real clients."""
    if codec == 0:
        return stored
    if codec == 1:
        return zlib.decompress(stored, 47)
    if codec == 3:
        import lz4.frame
        return lz4.frame.decompress(stored)
    if codec == 4:
        import zstandard
        # The content size may be absent from a producer's frame: read it as a stream.
        return zstandard.ZstdDecompressor().decompressobj().decompress(stored)
    return None


def parse_batches(data):
    """Every whole batch in `data`: dicts with header fields and decoded records."""
    out = []
    pos = 0
    while pos + 61 <= len(data):
        base_offset, batch_length, leader_epoch, magic, crc = struct.unpack_from(">qiibI", data, pos)
        end = pos + 12 + batch_length
        if end > len(data):
            break
        body = data[pos + 21:end]
        (attributes, last_delta, base_ts, max_ts, pid, epoch, base_seq, count) = struct.unpack_from(
            ">hiqqqhii", data, pos + 21)
        assert crc32c(body) == crc, f"stored batch at {base_offset} fails its CRC"
        stored_records = data[pos + 61:end]
        records_bytes = decompress_records(attributes & 7, stored_records)
        records = []
        if records_bytes is not None:
            rp = 0
            for _ in range(count):
                length, rp = read_zigzag(records_bytes, rp)
                rend = rp + length
                rp += 1
                ts_delta, rp = read_zigzag(records_bytes, rp)
                off_delta, rp = read_zigzag(records_bytes, rp)
                fields = []
                for _f in range(2):
                    n, rp = read_zigzag(records_bytes, rp)
                    fields.append(None if n < 0 else records_bytes[rp:rp + n])
                    rp += max(n, 0)
                nh, rp = read_zigzag(records_bytes, rp)
                headers = []
                for _h in range(nh):
                    n, rp = read_zigzag(records_bytes, rp)
                    hk = records_bytes[rp:rp + n]
                    rp += n
                    n, rp = read_zigzag(records_bytes, rp)
                    hv = None if n < 0 else records_bytes[rp:rp + n]
                    rp += max(n, 0)
                    headers.append((hk, hv))
                assert rp == rend
                records.append({"offset": base_offset + off_delta, "timestamp": base_ts + ts_delta,
                                "key": fields[0], "value": fields[1], "headers": headers})
        out.append({"base_offset": base_offset, "last_offset": base_offset + last_delta,
                    "leader_epoch": leader_epoch, "attributes": attributes, "max_timestamp": max_ts,
                    "producer_id": pid, "producer_epoch": epoch, "base_sequence": base_seq,
                    "records_count": count, "records": records, "size": end - pos,
                    "stored_records": stored_records})
        pos = end
    return out


# ---- Produce ----
def produce_request(version, corr, topics, acks=-1, timeout_ms=10000, transactional_id=None):
    """topics: {name: {partition: batch bytes or None}}"""
    flex = flexible(API_PRODUCE, version)
    w = kw.Writer()
    w.string(transactional_id, flex)
    w.int16(acks).int32(timeout_ms)
    w.array_len(len(topics), flex)
    for name, parts in topics.items():
        w.string(name, flex)
        w.array_len(len(parts), flex)
        for index, records in parts.items():
            w.int32(index)
            if records is None:
                w.uvarint(0) if flex else w.int32(-1)
            else:
                w.uvarint(len(records) + 1) if flex else w.int32(len(records))
                w.raw(records)
            if flex:
                w.tags()
        if flex:
            w.tags()
    if flex:
        w.tags()
    return kw.request(API_PRODUCE, version, corr, w.bytes(), flexible=flex)


def decode_produce_response(payload, version):
    flex = flexible(API_PRODUCE, version)
    r = kw.Reader(payload)
    out = {"correlation_id": r.int32(), "topics": {}}
    if flex:
        r.tags()
    for _ in range(r.array_len(flex)):
        name = r.string(flex)
        parts = {}
        for _p in range(r.array_len(flex)):
            p = {"index": r.int32(), "error_code": r.int16(), "base_offset": r.int64()}
            p["log_append_time_ms"] = r.int64() if version >= 2 else -1
            p["log_start_offset"] = r.int64() if version >= 5 else -1
            if version >= 8:
                errors = []
                for _e in range(r.array_len(flex)):
                    errors.append((r.int32(), r.string(flex)))
                    if flex:
                        r.tags()
                p["record_errors"] = errors
                p["error_message"] = r.string(flex)
            if flex:
                r.tags()
            parts[p["index"]] = p
        if flex:
            r.tags()
        out["topics"][name] = parts
    out["throttle_time_ms"] = r.int32() if version >= 1 else 0
    if flex:
        r.tags()
    r.expect_end()
    return out


# ---- Fetch ----
def fetch_request(version, corr, topics, max_wait_ms=0, min_bytes=1, max_bytes=0x7FFFFFFF,
                  isolation_level=0, session_id=0, session_epoch=-1, forgotten=()):
    """topics: [(name or uuid.UUID, [(partition, offset, partition_max_bytes)])]"""
    flex = flexible(API_FETCH, version)
    w = kw.Writer()
    if version <= 14:
        w.int32(-1)  # replica id
    w.int32(max_wait_ms).int32(min_bytes)
    if version >= 3:
        w.int32(max_bytes)
    if version >= 4:
        w.int8(isolation_level)
    if version >= 7:
        w.int32(session_id).int32(session_epoch)
    w.array_len(len(topics), flex)
    for topic, parts in topics:
        if version >= 13:
            w.uuid(topic)
        else:
            w.string(topic, flex)
        w.array_len(len(parts), flex)
        for p, offset, pmax in parts:
            w.int32(p)
            if version >= 9:
                w.int32(-1)  # current leader epoch
            w.int64(offset)
            if version >= 12:
                w.int32(-1)  # last fetched epoch
            if version >= 5:
                w.int64(-1)  # log start offset
            w.int32(pmax)
            if flex:
                w.tags()
        if flex:
            w.tags()
    if version >= 7:
        w.array_len(len(forgotten), flex)
        for topic, parts in forgotten:
            if version >= 13:
                w.uuid(topic)
            else:
                w.string(topic, flex)
            w.array_len(len(parts), flex)
            for p in parts:
                w.int32(p)
            if flex:
                w.tags()
    if version >= 11:
        w.string("", flex)  # rack id
    if flex:
        w.tags()
    return kw.request(API_FETCH, version, corr, w.bytes(), flexible=flex)


def decode_fetch_response(payload, version):
    flex = flexible(API_FETCH, version)
    r = kw.Reader(payload)
    out = {"correlation_id": r.int32()}
    if flex:
        r.tags()
    out["throttle_time_ms"] = r.int32() if version >= 1 else 0
    if version >= 7:
        out["error_code"] = r.int16()
        out["session_id"] = r.int32()
    out["topics"] = []
    for _ in range(r.array_len(flex)):
        topic = r.uuid() if version >= 13 else r.string(flex)
        parts = []
        for _p in range(r.array_len(flex)):
            p = {"partition": r.int32(), "error_code": r.int16(), "high_watermark": r.int64()}
            if version >= 4:
                p["last_stable_offset"] = r.int64()
            if version >= 5:
                p["log_start_offset"] = r.int64()
            if version >= 4:
                n = r.array_len(flex)
                p["aborted_transactions"] = None if n is None else []
                for _a in range(n or 0):
                    p["aborted_transactions"].append((r.int64(), r.int64()))
                    if flex:
                        r.tags()
            if version >= 11:
                p["preferred_read_replica"] = r.int32()
            n = r.uvarint() - 1 if flex else r.int32()
            p["records_bytes"] = None if n < 0 else r._take(n)
            p["batches"] = parse_batches(p["records_bytes"] or b"")
            if flex:
                r.tags()
            parts.append(p)
        if flex:
            r.tags()
        out["topics"].append((topic, parts))
    if flex:
        r.tags()
    r.expect_end()
    return out


# ---- ListOffsets ----
def list_offsets_request(version, corr, topics, isolation_level=0):
    """topics: {name: [(partition, timestamp)]}"""
    flex = flexible(API_LIST_OFFSETS, version)
    w = kw.Writer().int32(-1)
    if version >= 2:
        w.int8(isolation_level)
    w.array_len(len(topics), flex)
    for name, parts in topics.items():
        w.string(name, flex)
        w.array_len(len(parts), flex)
        for p, ts in parts:
            w.int32(p)
            if version >= 4:
                w.int32(-1)
            w.int64(ts)
            if flex:
                w.tags()
        if flex:
            w.tags()
    if version >= 10:
        w.int32(1000)
    if flex:
        w.tags()
    return kw.request(API_LIST_OFFSETS, version, corr, w.bytes(), flexible=flex)


def decode_list_offsets_response(payload, version):
    flex = flexible(API_LIST_OFFSETS, version)
    r = kw.Reader(payload)
    out = {"correlation_id": r.int32()}
    if flex:
        r.tags()
    if version >= 2:
        out["throttle_time_ms"] = r.int32()
    out["topics"] = {}
    for _ in range(r.array_len(flex)):
        name = r.string(flex)
        parts = {}
        for _p in range(r.array_len(flex)):
            p = {"partition": r.int32(), "error_code": r.int16(), "timestamp": r.int64(), "offset": r.int64()}
            if version >= 4:
                p["leader_epoch"] = r.int32()
            if flex:
                r.tags()
            parts[p["partition"]] = p
        if flex:
            r.tags()
        out["topics"][name] = parts
    if flex:
        r.tags()
    r.expect_end()
    return out


# ---- InitProducerId ----
def init_producer_id_request(version, corr, transactional_id=None):
    flex = flexible(API_INIT_PRODUCER_ID, version)
    w = kw.Writer().string(transactional_id, flex).int32(60000)
    if version >= 3:
        w.int64(-1).int16(-1)
    if flex:
        w.tags()
    return kw.request(API_INIT_PRODUCER_ID, version, corr, w.bytes(), flexible=flex)


def decode_init_producer_id_response(payload, version):
    flex = flexible(API_INIT_PRODUCER_ID, version)
    r = kw.Reader(payload)
    out = {"correlation_id": r.int32()}
    if flex:
        r.tags()
    out.update(throttle_time_ms=r.int32(), error_code=r.int16(), producer_id=r.int64(), producer_epoch=r.int16())
    if flex:
        r.tags()
    r.expect_end()
    return out


# ---- OffsetForLeaderEpoch ----
def offset_for_leader_epoch_request(version, corr, topics):
    """topics: {name: [(partition, leader_epoch)]}"""
    flex = flexible(API_OFFSET_FOR_LEADER_EPOCH, version)
    w = kw.Writer()
    if version >= 3:
        w.int32(-1)
    w.array_len(len(topics), flex)
    for name, parts in topics.items():
        w.string(name, flex)
        w.array_len(len(parts), flex)
        for p, epoch in parts:
            w.int32(p)
            if version >= 2:
                w.int32(-1)
            w.int32(epoch)
            if flex:
                w.tags()
        if flex:
            w.tags()
    if flex:
        w.tags()
    return kw.request(API_OFFSET_FOR_LEADER_EPOCH, version, corr, w.bytes(), flexible=flex)


def decode_offset_for_leader_epoch_response(payload, version):
    flex = flexible(API_OFFSET_FOR_LEADER_EPOCH, version)
    r = kw.Reader(payload)
    out = {"correlation_id": r.int32()}
    if flex:
        r.tags()
    if version >= 2:
        out["throttle_time_ms"] = r.int32()
    out["topics"] = {}
    for _ in range(r.array_len(flex)):
        name = r.string(flex)
        parts = {}
        for _p in range(r.array_len(flex)):
            p = {"error_code": r.int16(), "partition": r.int32()}
            p["leader_epoch"] = r.int32() if version >= 1 else -1
            p["end_offset"] = r.int64()
            if flex:
                r.tags()
            parts[p["partition"]] = p
        if flex:
            r.tags()
        out["topics"][name] = parts
    if flex:
        r.tags()
    r.expect_end()
    return out


# ---- Round trips on a rawconn.RawConn ----
def round_trip(conn, encode, decode, version, timeout=None):
    """Sends encode(corr) and returns the decoded answer, checking its correlation id."""
    corr = conn.corr()
    conn.send(encode(corr))
    response = decode(conn.recv_frame(timeout=timeout), version)
    assert response["correlation_id"] == corr
    return response


def produce(conn, topics, version=9, **kwargs):
    """Sends a Produce and returns {topic: {partition: response dict}}."""
    return round_trip(conn, lambda corr: produce_request(version, corr, topics, **kwargs), decode_produce_response,
                      version)["topics"]


def produce_one(conn, topic, batch, partition=0, version=9, **kwargs):
    return produce(conn, {topic: {partition: batch}}, version, **kwargs)[topic][partition]


def fetch(conn, topics, version=12, timeout=10.0, **kwargs):
    return round_trip(conn, lambda corr: fetch_request(version, corr, topics, **kwargs), decode_fetch_response,
                      version, timeout)


def fetch_partition(conn, topic, partition=0, offset=0, partition_max_bytes=1 << 20, version=12, **kwargs):
    """One partition's answer from a single-partition fetch."""
    response = fetch(conn, [(topic, [(partition, offset, partition_max_bytes)])], version, **kwargs)
    [(name, [p])] = response["topics"]
    assert name == topic and p["partition"] == partition
    return p


def list_offsets(conn, topics, version=7, **kwargs):
    return round_trip(conn, lambda corr: list_offsets_request(version, corr, topics, **kwargs),
                      decode_list_offsets_response, version)["topics"]


def simple_records(values, key_prefix=b"k"):
    return [(key_prefix + b"%d" % i, v, [], i) for i, v in enumerate(values)]


def wait_until_ready(b, deadline_s=20.0):
    """Waits for /health/ready: after a restart the partitions are served only once their
    logs are recovered (until then they answer NOT_LEADER_OR_FOLLOWER)."""
    deadline = time.monotonic() + deadline_s
    url = f"http://{b.host}:{b.admin_port}/health/ready"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        assert time.monotonic() < deadline, f"{url} not ready after {deadline_s}s"
        time.sleep(0.05)
