"""Hand-written encoders and decoders for the topic-administration APIs
(CreatePartitions, DeleteRecords, DescribeLogDirs, DescribeCluster), for the
raw-socket integration tests. Written from the Kafka protocol rules so that the
tests do not depend on the broker's codec; primitives come from kafka_wire."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import kafka_wire as kw  # noqa: E402

API_DELETE_RECORDS = 21
API_DESCRIBE_LOG_DIRS = 35
API_CREATE_PARTITIONS = 37
API_DESCRIBE_CLUSTER = 60

FLEXIBLE_FROM = {API_DELETE_RECORDS: 2, API_DESCRIBE_LOG_DIRS: 2, API_CREATE_PARTITIONS: 2, API_DESCRIBE_CLUSTER: 0}

# Kafka error codes the administration tests expect.
OFFSET_OUT_OF_RANGE = 1
UNKNOWN_TOPIC_OR_PARTITION = 3
INVALID_TOPIC_EXCEPTION = 17
INVALID_PARTITIONS = 37
INVALID_REPLICATION_FACTOR = 38
INVALID_REPLICA_ASSIGNMENT = 39
INVALID_REQUEST = 42
POLICY_VIOLATION = 44
MISMATCHED_ENDPOINT_TYPE = 114
UNSUPPORTED_ENDPOINT_TYPE = 115


def _flexible(api, version):
    return version >= FLEXIBLE_FROM[api]


def _request(api, version, corr, w):
    return kw.request(api, version, corr, w.bytes(), flexible=_flexible(api, version))


def _response_reader(payload, api, version):
    r = kw.Reader(payload)
    out = {"correlation_id": r.int32()}
    if _flexible(api, version):
        r.tags()
    return r, out


# ---- CreatePartitions (37) ----
def create_partitions_request(version, corr, topics, timeout_ms=10000, validate_only=False):
    """topics: [(name, count, assignments)] where assignments is None or [[broker ids]]."""
    flex = _flexible(API_CREATE_PARTITIONS, version)
    w = kw.Writer().array_len(len(topics), flex)
    for name, count, assignments in topics:
        w.string(name, flex).int32(count)
        w.array_len(None if assignments is None else len(assignments), flex)
        for brokers in assignments or []:
            w.array_len(len(brokers), flex)
            for b in brokers:
                w.int32(b)
            if flex:
                w.tags()
        if flex:
            w.tags()
    w.int32(timeout_ms).boolean(validate_only)
    if flex:
        w.tags()
    return _request(API_CREATE_PARTITIONS, version, corr, w)


def decode_create_partitions(payload, version):
    flex = _flexible(API_CREATE_PARTITIONS, version)
    r, out = _response_reader(payload, API_CREATE_PARTITIONS, version)
    out["throttle_time_ms"] = r.int32()
    out["results"] = []
    for _ in range(r.array_len(flex)):
        out["results"].append((r.string(flex), r.int16(), r.string(flex)))
        if flex:
            r.tags()
    if flex:
        r.tags()
    r.expect_end()
    return out


# ---- DeleteRecords (21) ----
def delete_records_request(version, corr, topics, timeout_ms=10000):
    """topics: [(name, [(partition, offset)])]."""
    flex = _flexible(API_DELETE_RECORDS, version)
    w = kw.Writer().array_len(len(topics), flex)
    for name, partitions in topics:
        w.string(name, flex).array_len(len(partitions), flex)
        for index, offset in partitions:
            w.int32(index).int64(offset)
            if flex:
                w.tags()
        if flex:
            w.tags()
    w.int32(timeout_ms)
    if flex:
        w.tags()
    return _request(API_DELETE_RECORDS, version, corr, w)


def decode_delete_records(payload, version):
    """Returns {"topics": [(name, [(partition, low_watermark, error_code)])], ...}."""
    flex = _flexible(API_DELETE_RECORDS, version)
    r, out = _response_reader(payload, API_DELETE_RECORDS, version)
    out["throttle_time_ms"] = r.int32()
    out["topics"] = []
    for _ in range(r.array_len(flex)):
        name = r.string(flex)
        partitions = []
        for _ in range(r.array_len(flex)):
            partitions.append((r.int32(), r.int64(), r.int16()))
            if flex:
                r.tags()
        if flex:
            r.tags()
        out["topics"].append((name, partitions))
    if flex:
        r.tags()
    r.expect_end()
    return out


# ---- DescribeLogDirs (35) ----
def describe_log_dirs_request(version, corr, topics=None):
    """topics: None (every partition) or [(name, [partitions])]."""
    flex = _flexible(API_DESCRIBE_LOG_DIRS, version)
    w = kw.Writer().array_len(None if topics is None else len(topics), flex)
    for name, partitions in topics or []:
        w.string(name, flex).array_len(len(partitions), flex)
        for p in partitions:
            w.int32(p)
        if flex:
            w.tags()
    if flex:
        w.tags()
    return _request(API_DESCRIBE_LOG_DIRS, version, corr, w)


def decode_describe_log_dirs(payload, version):
    """Results as dicts; each topic is (name, [(partition, size, offset_lag, is_future)])."""
    flex = _flexible(API_DESCRIBE_LOG_DIRS, version)
    r, out = _response_reader(payload, API_DESCRIBE_LOG_DIRS, version)
    out["throttle_time_ms"] = r.int32()
    if version >= 3:
        out["error_code"] = r.int16()
    out["results"] = []
    for _ in range(r.array_len(flex)):
        result = {"error_code": r.int16(), "log_dir": r.string(flex), "topics": []}
        for _ in range(r.array_len(flex)):
            name = r.string(flex)
            partitions = []
            for _ in range(r.array_len(flex)):
                partitions.append((r.int32(), r.int64(), r.int64(), r.boolean()))
                if flex:
                    r.tags()
            if flex:
                r.tags()
            result["topics"].append((name, partitions))
        if version >= 4:
            result["total_bytes"] = r.int64()
            result["usable_bytes"] = r.int64()
        if flex:
            r.tags()
        out["results"].append(result)
    if flex:
        r.tags()
    r.expect_end()
    return out


# ---- DescribeCluster (60) ----
def describe_cluster_request(version, corr, include_authorized_operations=False, endpoint_type=1):
    w = kw.Writer().boolean(include_authorized_operations)
    if version >= 1:
        w.int8(endpoint_type)
    w.tags()
    return _request(API_DESCRIBE_CLUSTER, version, corr, w)


def decode_describe_cluster(payload, version):
    r, out = _response_reader(payload, API_DESCRIBE_CLUSTER, version)
    out["throttle_time_ms"] = r.int32()
    out["error_code"] = r.int16()
    out["error_message"] = r.string(True)
    if version >= 1:
        out["endpoint_type"] = r.int8()
    out["cluster_id"] = r.string(True)
    out["controller_id"] = r.int32()
    out["brokers"] = []
    for _ in range(r.array_len(True)):
        out["brokers"].append({"broker_id": r.int32(), "host": r.string(True), "port": r.int32(),
                               "rack": r.string(True)})
        r.tags()
    out["cluster_authorized_operations"] = r.int32()
    r.tags()
    r.expect_end()
    return out


def round_trip(conn, encode, decode, version):
    """Sends encode(version, corr) on a rawconn.RawConn and returns the decoded answer."""
    corr = conn.corr()
    conn.send(encode(version, corr))
    response = decode(conn.recv_frame(), version)
    assert response["correlation_id"] == corr
    return response
