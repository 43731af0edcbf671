"""Hand encoders and decoders for the consumer group APIs, at the versions the raw group
tests use, written from Kafka's message schemas (kafka_wire.py has the primitives)."""
import struct

import kafka_wire as kw
from kafka_wire import Reader, Writer

API_OFFSET_COMMIT = 8
API_OFFSET_FETCH = 9
API_FIND_COORDINATOR = 10
API_JOIN_GROUP = 11
API_HEARTBEAT = 12
API_LEAVE_GROUP = 13
API_SYNC_GROUP = 14
API_DESCRIBE_GROUPS = 15
API_LIST_GROUPS = 16
API_DELETE_GROUPS = 42
API_OFFSET_DELETE = 47

NONE = 0
COORDINATOR_LOAD_IN_PROGRESS = 14
COORDINATOR_NOT_AVAILABLE = 15
NOT_COORDINATOR = 16
ILLEGAL_GENERATION = 22
INCONSISTENT_GROUP_PROTOCOL = 23
UNKNOWN_MEMBER_ID = 25
INVALID_SESSION_TIMEOUT = 26
REBALANCE_IN_PROGRESS = 27
INVALID_REQUEST = 42
NON_EMPTY_GROUP = 68
GROUP_ID_NOT_FOUND = 69
MEMBER_ID_REQUIRED = 79
FENCED_INSTANCE_ID = 82


def _bytes(w, data):
    if data is None:
        return w.int32(-1)
    return w.int32(len(data)).raw(data)


def _read_bytes(r):
    n = r.int32()
    return None if n < 0 else r._take(n)


def response_header(payload, flexible):
    """Strips the response header (v0, or v1 with tags); returns (correlation id, Reader)."""
    r = Reader(payload)
    corr = r.int32()
    if flexible:
        r.tags()
    return corr, r


# ConsumerProtocolSubscription / ConsumerProtocolAssignment, version 0.
def subscription(topics):
    w = Writer().int16(0).array_len(len(topics))
    for t in topics:
        w.string(t)
    return _bytes(w, None).bytes()


def assignment(partitions_by_topic):
    w = Writer().int16(0).array_len(len(partitions_by_topic))
    for topic, parts in partitions_by_topic.items():
        w.string(topic).array_len(len(parts))
        for p in parts:
            w.int32(p)
    return _bytes(w, None).bytes()


def decode_assignment(data):
    """ConsumerProtocolAssignment (any version; what follows the partitions is ignored):
    {topic: [partitions]}."""
    pos = 2  # version
    (n,) = struct.unpack_from(">i", data, pos)
    pos += 4
    out = {}
    for _ in range(n):
        (ln,) = struct.unpack_from(">h", data, pos)
        topic = data[pos + 2:pos + 2 + ln].decode()
        pos += 2 + ln
        (count,) = struct.unpack_from(">i", data, pos)
        pos += 4
        out[topic] = sorted(struct.unpack_from(">%di" % count, data, pos))
        pos += 4 * count
    return out


# FindCoordinator v1 (one key) and v4 (flexible, several keys).
def find_coordinator_v1(corr, key, key_type=0):
    body = Writer().string(key).int8(key_type).bytes()
    return kw.request(API_FIND_COORDINATOR, 1, corr, body, flexible=False)


def decode_find_coordinator_v1(payload):
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "error_code": r.int16(),
           "error_message": r.string(), "node_id": r.int32(), "host": r.string(), "port": r.int32()}
    r.expect_end()
    return out


def find_coordinator_v4(corr, keys, key_type=0):
    w = Writer().int8(key_type).array_len(len(keys), True)
    for k in keys:
        w.string(k, True)
    return kw.request(API_FIND_COORDINATOR, 4, corr, w.tags().bytes(), flexible=True)


def decode_find_coordinator_v4(payload):
    corr, r = response_header(payload, True)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "coordinators": []}
    for _ in range(r.array_len(True)):
        c = {"key": r.string(True), "node_id": r.int32(), "host": r.string(True), "port": r.int32(),
             "error_code": r.int16(), "error_message": r.string(True)}
        r.tags()
        out["coordinators"].append(c)
    r.tags()
    r.expect_end()
    return out


# JoinGroup v0-v5 (not flexible): the rebalance timeout from v1, throttle time in the
# answer from v2, MEMBER_ID_REQUIRED for new members from v4, static membership from v5.
def join_group(corr, version, group, member_id, protocols, session_ms=6000, rebalance_ms=10000, instance_id=None,
               protocol_type="consumer"):
    w = Writer().string(group).int32(session_ms)
    if version >= 1:
        w.int32(rebalance_ms)
    w.string(member_id)
    if version >= 5:
        w.string(instance_id)
    w.string(protocol_type).array_len(len(protocols))
    for name, metadata in protocols:
        _bytes(w.string(name), metadata)
    return kw.request(API_JOIN_GROUP, version, corr, w.bytes(), flexible=False)


def decode_join_group(payload, version):
    """Members are (member id, instance id (None before v5), metadata)."""
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr}
    if version >= 2:
        out["throttle_time_ms"] = r.int32()
    out.update({"error_code": r.int16(), "generation_id": r.int32(), "protocol_name": r.string(),
                "leader": r.string(), "member_id": r.string(), "members": []})
    for _ in range(r.array_len()):
        member_id = r.string()
        instance_id = r.string() if version >= 5 else None
        out["members"].append((member_id, instance_id, _read_bytes(r)))
    r.expect_end()
    return out


def join_group_v5(corr, group, member_id, protocols, **kwargs):
    return join_group(corr, 5, group, member_id, protocols, **kwargs)


def decode_join_group_v5(payload):
    return decode_join_group(payload, 5)


# SyncGroup v3.
def sync_group_v3(corr, group, generation, member_id, assignments=(), instance_id=None):
    w = Writer().string(group).int32(generation).string(member_id).string(instance_id).array_len(len(assignments))
    for m, a in assignments:
        _bytes(w.string(m), a)
    return kw.request(API_SYNC_GROUP, 3, corr, w.bytes(), flexible=False)


def decode_sync_group_v3(payload):
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "error_code": r.int16(),
           "assignment": _read_bytes(r)}
    r.expect_end()
    return out


# Heartbeat v3.
def heartbeat_v3(corr, group, generation, member_id, instance_id=None):
    body = Writer().string(group).int32(generation).string(member_id).string(instance_id).bytes()
    return kw.request(API_HEARTBEAT, 3, corr, body, flexible=False)


def decode_heartbeat_v3(payload):
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "error_code": r.int16()}
    r.expect_end()
    return out


# LeaveGroup v3: several members, each by member id and/or instance id.
def leave_group_v3(corr, group, members):
    w = Writer().string(group).array_len(len(members))
    for member_id, instance_id in members:
        w.string(member_id).string(instance_id)
    return kw.request(API_LEAVE_GROUP, 3, corr, w.bytes(), flexible=False)


def decode_leave_group_v3(payload):
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "error_code": r.int16(), "members": []}
    for _ in range(r.array_len()):
        out["members"].append((r.string(), r.string(), r.int16()))
    r.expect_end()
    return out


# OffsetCommit v2: a retention time for the whole commit; topics [(name, [(partition, offset, metadata)])].
def offset_commit_v2(corr, group, generation, member_id, retention_ms, topics):
    w = Writer().string(group).int32(generation).string(member_id).int64(retention_ms).array_len(len(topics))
    for name, parts in topics:
        w.string(name).array_len(len(parts))
        for p, off, meta in parts:
            w.int32(p).int64(off).string(meta)
    return kw.request(API_OFFSET_COMMIT, 2, corr, w.bytes(), flexible=False)


def decode_offset_commit_v2(payload):
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr, "topics": _read_commit_topics(r)}
    r.expect_end()
    return out


def _read_commit_topics(r):
    """OffsetCommit's answer, v0-v7: [(topic, [(partition, error)])]."""
    topics = []
    for _ in range(r.array_len()):
        name = r.string()
        topics.append((name, [(r.int32(), r.int16()) for _ in range(r.array_len())]))
    return topics


# OffsetCommit v7: topics [(name, [(partition, offset, leader_epoch, metadata)])].
def offset_commit_v7(corr, group, generation, member_id, topics, instance_id=None):
    w = Writer().string(group).int32(generation).string(member_id).string(instance_id).array_len(len(topics))
    for name, parts in topics:
        w.string(name).array_len(len(parts))
        for p, off, epoch, meta in parts:
            w.int32(p).int64(off).int32(epoch).string(meta)
    return kw.request(API_OFFSET_COMMIT, 7, corr, w.bytes(), flexible=False)


def decode_offset_commit_v7(payload):
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32()}
    out["topics"] = _read_commit_topics(r)
    r.expect_end()
    return out


# OffsetFetch v8 (flexible): groups [(group id, None for every partition or [(topic, [partitions])])];
# from v9 each group also names a member: (group id, member id, member epoch, topics).
# v9's answer has v8's layout.
def offset_fetch_v8(corr, groups, require_stable=False, version=8):
    w = Writer().array_len(len(groups), True)
    for group, *member, topics in groups:
        w.string(group, True)
        if version >= 9:
            member_id, member_epoch = member
            w.string(member_id, True).int32(member_epoch)
        w.array_len(None if topics is None else len(topics), True)
        for name, parts in topics or []:
            w.string(name, True).array_len(len(parts), True)
            for p in parts:
                w.int32(p)
            w.tags()
        w.tags()
    w.boolean(require_stable).tags()
    return kw.request(API_OFFSET_FETCH, version, corr, w.bytes(), flexible=True)


def decode_offset_fetch_v8(payload):
    """{"groups": [(group id, error, [(topic, [(partition, offset, epoch, metadata, error)])])]}"""
    corr, r = response_header(payload, True)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "groups": []}
    for _ in range(r.array_len(True)):
        group = r.string(True)
        topics = []
        for _ in range(r.array_len(True)):
            name = r.string(True)
            parts = []
            for _ in range(r.array_len(True)):
                parts.append((r.int32(), r.int64(), r.int32(), r.string(True), r.int16()))
                r.tags()
            r.tags()
            topics.append((name, parts))
        error = r.int16()
        r.tags()
        out["groups"].append((group, error, topics))
    r.tags()
    r.expect_end()
    return out


# DeleteGroups v1.
def delete_groups_v1(corr, groups):
    w = Writer().array_len(len(groups))
    for g in groups:
        w.string(g)
    return kw.request(API_DELETE_GROUPS, 1, corr, w.bytes(), flexible=False)


def decode_delete_groups_v1(payload):
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(),
           "results": [(r.string(), r.int16()) for _ in range(r.array_len())]}
    r.expect_end()
    return out


# OffsetDelete v0.
def offset_delete_v0(corr, group, topics):
    w = Writer().string(group).array_len(len(topics))
    for name, parts in topics:
        w.string(name).array_len(len(parts))
        for p in parts:
            w.int32(p)
    return kw.request(API_OFFSET_DELETE, 0, corr, w.bytes(), flexible=False)


def decode_offset_delete_v0(payload):
    corr, r = response_header(payload, False)
    out = {"correlation_id": corr, "error_code": r.int16(), "throttle_time_ms": r.int32(), "topics": []}
    for _ in range(r.array_len()):
        name = r.string()
        out["topics"].append((name, [(r.int32(), r.int16()) for _ in range(r.array_len())]))
    r.expect_end()
    return out


# ListGroups v0 and v3-v5 (flexible from v3; states filter from v4, types filter from v5).
def list_groups(corr, version, states=(), types=()):
    if version < 3:
        return kw.request(API_LIST_GROUPS, version, corr, b"", flexible=False)
    w = Writer()
    for wanted, since in ((states, 4), (types, 5)):
        if version >= since:
            w.array_len(len(wanted), True)
            for s in wanted:
                w.string(s, True)
    w.tags()
    return kw.request(API_LIST_GROUPS, version, corr, w.bytes(), flexible=True)


def decode_list_groups(payload, version):
    """{"error_code", "groups": [(group id, protocol type[, state (v4+)[, type (v5+)]])]}"""
    flexible = version >= 3
    corr, r = response_header(payload, flexible)
    out = {"correlation_id": corr}
    if version >= 1:
        out["throttle_time_ms"] = r.int32()
    out["error_code"] = r.int16()
    out["groups"] = []
    for _ in range(r.array_len(flexible)):
        fields = [r.string(flexible), r.string(flexible)]
        fields += [r.string(flexible) for since in (4, 5) if version >= since]
        if flexible:
            r.tags()
        out["groups"].append(tuple(fields))
    if flexible:
        r.tags()
    r.expect_end()
    return out
