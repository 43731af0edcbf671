"""Hand-written Kafka wire encoding for the raw-socket integration tests.

Written from the Kafka protocol rules (big-endian primitives, request header
v1/v2, response header v0/v1, compact lengths and tagged fields in flexible
versions) so that the tests do not depend on the broker's own codec.
"""
import struct
import uuid

API_METADATA = 3
API_API_VERSIONS = 18
API_CREATE_TOPICS = 19
API_DELETE_TOPICS = 20

# First flexible version of each request we encode by hand.
FLEXIBLE_FROM = {API_METADATA: 9, API_API_VERSIONS: 3, API_CREATE_TOPICS: 5, API_DELETE_TOPICS: 4}


class DecodeError(Exception):
    pass


class Writer:
    def __init__(self):
        self.buf = bytearray()

    def int8(self, v):
        self.buf += struct.pack(">b", v)
        return self

    def boolean(self, v):
        return self.int8(1 if v else 0)

    def int16(self, v):
        self.buf += struct.pack(">h", v)
        return self

    def int32(self, v):
        self.buf += struct.pack(">i", v)
        return self

    def int64(self, v):
        self.buf += struct.pack(">q", v)
        return self

    def uvarint(self, v):
        while True:
            b = v & 0x7F
            v >>= 7
            if v:
                self.buf.append(b | 0x80)
            else:
                self.buf.append(b)
                return self

    def raw(self, data):
        self.buf += data
        return self

    def string(self, s, flexible=False):
        """A (nullable) string: int16 length, or uvarint length+1 when flexible."""
        if s is None:
            return self.uvarint(0) if flexible else self.int16(-1)
        data = s.encode()
        if flexible:
            self.uvarint(len(data) + 1)
        else:
            self.int16(len(data))
        return self.raw(data)

    def array_len(self, n, flexible=False):
        """Array length; n=None encodes a null array."""
        if flexible:
            return self.uvarint(0 if n is None else n + 1)
        return self.int32(-1 if n is None else n)

    def uuid(self, u):
        return self.raw(u.bytes)

    def tags(self):
        """An empty tagged-field section."""
        return self.uvarint(0)

    def bytes(self):
        return bytes(self.buf)


class Reader:
    def __init__(self, data):
        self.data = bytes(data)
        self.pos = 0

    def _take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise DecodeError(f"need {n} bytes at {self.pos}, have {len(self.data) - self.pos}")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def int8(self):
        return struct.unpack(">b", self._take(1))[0]

    def boolean(self):
        v = self.int8()
        if v not in (0, 1):
            raise DecodeError(f"bad boolean {v}")
        return v == 1

    def int16(self):
        return struct.unpack(">h", self._take(2))[0]

    def int32(self):
        return struct.unpack(">i", self._take(4))[0]

    def int64(self):
        return struct.unpack(">q", self._take(8))[0]

    def uvarint(self):
        shift = 0
        value = 0
        while True:
            b = self._take(1)[0]
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                return value
            shift += 7
            if shift > 28:
                raise DecodeError("varint too long")

    def string(self, flexible=False):
        if flexible:
            n = self.uvarint() - 1
        else:
            n = self.int16()
        if n < 0:
            return None
        return self._take(n).decode()

    def array_len(self, flexible=False):
        """Element count, or None for a null array."""
        n = self.uvarint() - 1 if flexible else self.int32()
        return None if n < 0 else n

    def uuid(self):
        return uuid.UUID(bytes=self._take(16))

    def tags(self):
        """Reads a tagged-field section; returns {tag: raw bytes}."""
        out = {}
        for _ in range(self.uvarint()):
            tag = self.uvarint()
            out[tag] = self._take(self.uvarint())
        return out

    def remaining(self):
        return len(self.data) - self.pos

    def expect_end(self):
        if self.remaining():
            raise DecodeError(f"{self.remaining()} trailing bytes")


def is_flexible(api_key, version):
    """Whether a request uses header v2; APIs not listed above are sent with header v1."""
    return api_key in FLEXIBLE_FROM and version >= FLEXIBLE_FROM[api_key]


def frame(payload):
    return struct.pack(">i", len(payload)) + payload


def request(api_key, version, correlation_id, body, client_id="sb-it", flexible=None):
    """A complete framed request: request header v1 (v2 when flexible) + body."""
    if flexible is None:
        flexible = is_flexible(api_key, version)
    w = Writer().int16(api_key).int16(version).int32(correlation_id)
    w.string(client_id)  # ClientId keeps an int16 length even in header v2
    if flexible:
        w.tags()
    return frame(w.bytes() + body)


def api_versions_request(version, correlation_id, software=("sb-integration", "1.0.0")):
    w = Writer()
    if version >= 3:
        w.string(software[0], True).string(software[1], True).tags()
    return request(API_API_VERSIONS, version, correlation_id, w.bytes(),
                   flexible=version >= 3)


def decode_api_versions(payload, version):
    """Decodes header v0 + ApiVersions response body at `version` (whole payload)."""
    r = Reader(payload)
    flexible = version >= 3
    out = {"correlation_id": r.int32(), "error_code": r.int16(), "api_keys": []}
    for _ in range(r.array_len(flexible)):
        entry = (r.int16(), r.int16(), r.int16())
        if flexible:
            r.tags()
        out["api_keys"].append(entry)
    if version >= 1:
        out["throttle_time_ms"] = r.int32()
    if flexible:
        out["tags"] = r.tags()
    r.expect_end()
    return out


def metadata_request(version, correlation_id, topics=None, allow_auto=False, client_id="sb-it"):
    """topics=None asks for all topics (v0: an empty array means all)."""
    flexible = is_flexible(API_METADATA, version)
    w = Writer()
    if topics is None and version == 0:
        topics = []
    w.array_len(None if topics is None else len(topics), flexible)
    for name in topics or []:
        if version >= 10:
            w.uuid(uuid.UUID(int=0))
        w.string(name, flexible)
        if flexible:
            w.tags()
    if version >= 4:
        w.boolean(allow_auto)
    if 8 <= version <= 10:
        w.boolean(False)  # IncludeClusterAuthorizedOperations
    if version >= 8:
        w.boolean(False)  # IncludeTopicAuthorizedOperations
    if flexible:
        w.tags()
    return request(API_METADATA, version, correlation_id, w.bytes(), client_id=client_id)


def _int32_array(r, flexible):
    return [r.int32() for _ in range(r.array_len(flexible) or 0)]


def decode_metadata(payload, version):
    """Decodes a whole Metadata response (header included) into plain dicts."""
    flexible = is_flexible(API_METADATA, version)
    r = Reader(payload)
    out = {"correlation_id": r.int32()}
    if flexible:
        r.tags()
    if version >= 3:
        out["throttle_time_ms"] = r.int32()
    out["brokers"] = []
    for _ in range(r.array_len(flexible)):
        b = {"node_id": r.int32(), "host": r.string(flexible), "port": r.int32()}
        if version >= 1:
            b["rack"] = r.string(flexible)
        if flexible:
            r.tags()
        out["brokers"].append(b)
    if version >= 2:
        out["cluster_id"] = r.string(flexible)
    if version >= 1:
        out["controller_id"] = r.int32()
    out["topics"] = []
    for _ in range(r.array_len(flexible)):
        t = {"error_code": r.int16(), "name": r.string(flexible)}
        if version >= 10:
            t["topic_id"] = r.uuid()
        if version >= 1:
            t["is_internal"] = r.boolean()
        t["partitions"] = []
        for _ in range(r.array_len(flexible)):
            p = {"error_code": r.int16(), "partition_index": r.int32(), "leader_id": r.int32()}
            if version >= 7:
                p["leader_epoch"] = r.int32()
            p["replica_nodes"] = _int32_array(r, flexible)
            p["isr_nodes"] = _int32_array(r, flexible)
            if version >= 5:
                p["offline_replicas"] = _int32_array(r, flexible)
            if flexible:
                r.tags()
            t["partitions"].append(p)
        if version >= 8:
            t["topic_authorized_operations"] = r.int32()
        if flexible:
            r.tags()
        out["topics"].append(t)
    if 8 <= version <= 10:
        out["cluster_authorized_operations"] = r.int32()
    if flexible:
        r.tags()
    r.expect_end()
    return out


def create_topics_request(version, correlation_id, topics, timeout_ms=10000, validate_only=False):
    """topics: list of (name, num_partitions, replication_factor)."""
    flexible = is_flexible(API_CREATE_TOPICS, version)
    w = Writer().array_len(len(topics), flexible)
    for name, partitions, rf in topics:
        w.string(name, flexible).int32(partitions).int16(rf)
        w.array_len(0, flexible)  # Assignments
        w.array_len(0, flexible)  # Configs
        if flexible:
            w.tags()
    w.int32(timeout_ms)
    if version >= 1:
        w.boolean(validate_only)
    if flexible:
        w.tags()
    return request(API_CREATE_TOPICS, version, correlation_id, w.bytes())


def decode_create_topics(payload, version):
    """Decodes a whole CreateTopics response; returns {name: error_code} plus details."""
    flexible = is_flexible(API_CREATE_TOPICS, version)
    r = Reader(payload)
    out = {"correlation_id": r.int32(), "topics": []}
    if flexible:
        r.tags()
    if version >= 2:
        out["throttle_time_ms"] = r.int32()
    for _ in range(r.array_len(flexible)):
        t = {"name": r.string(flexible)}
        if version >= 7:
            t["topic_id"] = r.uuid()
        t["error_code"] = r.int16()
        if version >= 1:
            t["error_message"] = r.string(flexible)
        if version >= 5:
            t["num_partitions"] = r.int32()
            t["replication_factor"] = r.int16()
            t["configs"] = []
            for _ in range(r.array_len(flexible) or 0):
                cfg = (r.string(flexible), r.string(flexible), r.boolean(), r.int8(), r.boolean())
                r.tags()
                t["configs"].append(cfg)
        if flexible:
            t["tags"] = r.tags()
        out["topics"].append(t)
    if flexible:
        r.tags()
    r.expect_end()
    return out


def delete_topics_request(version, correlation_id, names=(), ids=(), timeout_ms=10000):
    """By name (all versions) or, from v6, by topic id (name null)."""
    flexible = is_flexible(API_DELETE_TOPICS, version)
    w = Writer()
    if version >= 6:
        entries = [(n, uuid.UUID(int=0)) for n in names] + [(None, i) for i in ids]
        w.array_len(len(entries), flexible)
        for name, topic_id in entries:
            w.string(name, flexible).uuid(topic_id).tags()
    else:
        assert not ids, "topic ids need DeleteTopics v6"
        w.array_len(len(names), flexible)
        for name in names:
            w.string(name, flexible)
    w.int32(timeout_ms)
    if flexible:
        w.tags()
    return request(API_DELETE_TOPICS, version, correlation_id, w.bytes())


def decode_delete_topics(payload, version):
    flexible = is_flexible(API_DELETE_TOPICS, version)
    r = Reader(payload)
    out = {"correlation_id": r.int32(), "topics": []}
    if flexible:
        r.tags()
    if version >= 1:
        out["throttle_time_ms"] = r.int32()
    for _ in range(r.array_len(flexible)):
        t = {"name": r.string(flexible)}
        if version >= 6:
            t["topic_id"] = r.uuid()
        t["error_code"] = r.int16()
        if version >= 5:
            t["error_message"] = r.string(flexible)
        if flexible:
            r.tags()
        out["topics"].append(t)
    if flexible:
        r.tags()
    r.expect_end()
    return out
