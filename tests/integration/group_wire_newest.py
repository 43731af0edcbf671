"""Hand encoders and decoders for the newest (flexible) versions of the consumer group
APIs, the ones Java clients 3.x/4.x send: JoinGroup v9, SyncGroup v5, Heartbeat v4,
LeaveGroup v5, OffsetCommit v9, OffsetFetch v9, DeleteGroups v2; and DescribeGroups at
every version v0-v5. Written from Kafka's message schemas; the older versions the raw
tests use are in group_wire.py."""
import group_wire as gw
import kafka_wire as kw
from kafka_wire import Writer


def _compact_bytes(w, data):
    if data is None:
        return w.uvarint(0)
    return w.uvarint(len(data) + 1).raw(data)


def _read_compact_bytes(r):
    n = r.uvarint() - 1
    return None if n < 0 else r._take(n)


# JoinGroup v9.
def join_group_v9(corr, group, member_id, protocols, session_ms=6000, rebalance_ms=10000, instance_id=None,
                  protocol_type="consumer", reason=None):
    w = Writer().string(group, True).int32(session_ms).int32(rebalance_ms).string(member_id, True)
    w.string(instance_id, True).string(protocol_type, True).array_len(len(protocols), True)
    for name, metadata in protocols:
        _compact_bytes(w.string(name, True), metadata).tags()
    w.string(reason, True).tags()
    return kw.request(gw.API_JOIN_GROUP, 9, corr, w.bytes(), flexible=True)


def decode_join_group_v9(payload):
    corr, r = gw.response_header(payload, True)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "error_code": r.int16(),
           "generation_id": r.int32(), "protocol_type": r.string(True), "protocol_name": r.string(True),
           "leader": r.string(True), "skip_assignment": r.boolean(), "member_id": r.string(True), "members": []}
    for _ in range(r.array_len(True)):
        out["members"].append((r.string(True), r.string(True), _read_compact_bytes(r)))
        r.tags()
    r.tags()
    r.expect_end()
    return out


# SyncGroup v5: the request names the protocol type and name the member was given.
def sync_group_v5(corr, group, generation, member_id, protocol_type, protocol_name, assignments=(),
                  instance_id=None):
    w = Writer().string(group, True).int32(generation).string(member_id, True).string(instance_id, True)
    w.string(protocol_type, True).string(protocol_name, True).array_len(len(assignments), True)
    for m, a in assignments:
        _compact_bytes(w.string(m, True), a).tags()
    w.tags()
    return kw.request(gw.API_SYNC_GROUP, 5, corr, w.bytes(), flexible=True)


def decode_sync_group_v5(payload):
    corr, r = gw.response_header(payload, True)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "error_code": r.int16(),
           "protocol_type": r.string(True), "protocol_name": r.string(True), "assignment": _read_compact_bytes(r)}
    r.tags()
    r.expect_end()
    return out


# Heartbeat v4.
def heartbeat_v4(corr, group, generation, member_id, instance_id=None):
    w = Writer().string(group, True).int32(generation).string(member_id, True).string(instance_id, True).tags()
    return kw.request(gw.API_HEARTBEAT, 4, corr, w.bytes(), flexible=True)


def decode_heartbeat_v4(payload):
    corr, r = gw.response_header(payload, True)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "error_code": r.int16()}
    r.tags()
    r.expect_end()
    return out


# LeaveGroup v5: members [(member id, instance id, reason)].
def leave_group_v5(corr, group, members):
    w = Writer().string(group, True).array_len(len(members), True)
    for member_id, instance_id, reason in members:
        w.string(member_id, True).string(instance_id, True).string(reason, True).tags()
    w.tags()
    return kw.request(gw.API_LEAVE_GROUP, 5, corr, w.bytes(), flexible=True)


def decode_leave_group_v5(payload):
    corr, r = gw.response_header(payload, True)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "error_code": r.int16(), "members": []}
    for _ in range(r.array_len(True)):
        out["members"].append((r.string(True), r.string(True), r.int16()))
        r.tags()
    r.tags()
    r.expect_end()
    return out


# OffsetCommit v9: topics [(name, [(partition, offset, leader_epoch, metadata)])].
def offset_commit_v9(corr, group, generation, member_id, topics, instance_id=None):
    w = Writer().string(group, True).int32(generation).string(member_id, True).string(instance_id, True)
    w.array_len(len(topics), True)
    for name, parts in topics:
        w.string(name, True).array_len(len(parts), True)
        for p, off, epoch, meta in parts:
            w.int32(p).int64(off).int32(epoch).string(meta, True).tags()
        w.tags()
    w.tags()
    return kw.request(gw.API_OFFSET_COMMIT, 9, corr, w.bytes(), flexible=True)


def decode_offset_commit_v9(payload):
    corr, r = gw.response_header(payload, True)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "topics": []}
    for _ in range(r.array_len(True)):
        name = r.string(True)
        parts = []
        for _ in range(r.array_len(True)):
            parts.append((r.int32(), r.int16()))
            r.tags()
        r.tags()
        out["topics"].append((name, parts))
    r.tags()
    r.expect_end()
    return out


# OffsetFetch v9: groups [(group id, member id, member epoch, None for every partition or
# [(topic, [partitions])])]; the answer has v8's layout (group_wire.decode_offset_fetch_v8).
def offset_fetch_v9(corr, groups, require_stable=False):
    return gw.offset_fetch_v8(corr, groups, require_stable, version=9)


# DeleteGroups v2.
def delete_groups_v2(corr, groups):
    w = Writer().array_len(len(groups), True)
    for g in groups:
        w.string(g, True)
    return kw.request(gw.API_DELETE_GROUPS, 2, corr, w.tags().bytes(), flexible=True)


def decode_delete_groups_v2(payload):
    corr, r = gw.response_header(payload, True)
    out = {"correlation_id": corr, "throttle_time_ms": r.int32(), "results": []}
    for _ in range(r.array_len(True)):
        out["results"].append((r.string(True), r.int16()))
        r.tags()
    r.tags()
    r.expect_end()
    return out


# DescribeGroups v0-v5 (throttle time from v1, authorized operations from v3, member
# instance ids from v4, flexible from v5).
def describe_groups(corr, version, groups, include_authorized_operations=False):
    flexible = version >= 5
    w = Writer().array_len(len(groups), flexible)
    for g in groups:
        w.string(g, flexible)
    if version >= 3:
        w.boolean(include_authorized_operations)
    if flexible:
        w.tags()
    return kw.request(gw.API_DESCRIBE_GROUPS, version, corr, w.bytes(), flexible=flexible)


def decode_describe_groups(payload, version):
    """{"groups": [{"error_code", "group_id", "state", "protocol_type", "protocol", "members":
    [(member id, instance id (v4+, else absent), client id, client host, metadata,
    assignment)], "authorized_operations" (v3+)}]}"""
    flexible = version >= 5
    corr, r = gw.response_header(payload, flexible)
    out = {"correlation_id": corr, "groups": []}
    if version >= 1:
        out["throttle_time_ms"] = r.int32()
    read_bytes = _read_compact_bytes if flexible else (lambda rd: rd._take(rd.int32()))
    for _ in range(r.array_len(flexible)):
        g = {"error_code": r.int16(), "group_id": r.string(flexible), "state": r.string(flexible),
             "protocol_type": r.string(flexible), "protocol": r.string(flexible), "members": []}
        for _ in range(r.array_len(flexible)):
            member = [r.string(flexible)]
            if version >= 4:
                member.append(r.string(flexible))
            member += [r.string(flexible), r.string(flexible), read_bytes(r), read_bytes(r)]
            if flexible:
                r.tags()
            g["members"].append(tuple(member))
        if version >= 3:
            g["authorized_operations"] = r.int32()
        if flexible:
            r.tags()
        out["groups"].append(g)
    if flexible:
        r.tags()
    r.expect_end()
    return out
