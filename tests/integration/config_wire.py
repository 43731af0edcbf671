"""Hand-written encoders and decoders for DescribeConfigs (32), AlterConfigs (33) and
IncrementalAlterConfigs (44), on top of kafka_wire's primitives."""
import kafka_wire as kw

API_DESCRIBE_CONFIGS = 32
API_ALTER_CONFIGS = 33
API_INCREMENTAL_ALTER_CONFIGS = 44
kw.FLEXIBLE_FROM.update({API_DESCRIBE_CONFIGS: 4, API_ALTER_CONFIGS: 2, API_INCREMENTAL_ALTER_CONFIGS: 1})

TOPIC = 2
BROKER = 4
BROKER_LOGGER = 8

SET, DELETE, APPEND, SUBTRACT = 0, 1, 2, 3


def describe_configs_request(version, correlation_id, resources, synonyms=False, documentation=False):
    """resources: [(type, name, keys or None)]."""
    flexible = kw.is_flexible(API_DESCRIBE_CONFIGS, version)
    w = kw.Writer().array_len(len(resources), flexible)
    for rtype, name, keys in resources:
        w.int8(rtype).string(name, flexible)
        w.array_len(None if keys is None else len(keys), flexible)
        for k in keys or []:
            w.string(k, flexible)
        if flexible:
            w.tags()
    if version >= 1:
        w.boolean(synonyms)
    if version >= 3:
        w.boolean(documentation)
    if flexible:
        w.tags()
    return kw.request(API_DESCRIBE_CONFIGS, version, correlation_id, w.bytes())


def decode_describe_configs(payload, version):
    flexible = kw.is_flexible(API_DESCRIBE_CONFIGS, version)
    r = kw.Reader(payload)
    out = {"correlation_id": r.int32()}
    if flexible:
        r.tags()
    out["throttle_time_ms"] = r.int32()
    out["results"] = []
    for _ in range(r.array_len(flexible)):
        res = {"error_code": r.int16(), "error_message": r.string(flexible), "resource_type": r.int8(),
               "resource_name": r.string(flexible), "configs": []}
        for _ in range(r.array_len(flexible)):
            c = {"name": r.string(flexible), "value": r.string(flexible), "read_only": r.boolean()}
            if version == 0:
                c["is_default"] = r.boolean()
            else:
                c["source"] = r.int8()
            c["is_sensitive"] = r.boolean()
            if version >= 1:
                c["synonyms"] = []
                for _ in range(r.array_len(flexible)):
                    c["synonyms"].append((r.string(flexible), r.string(flexible), r.int8()))
                    if flexible:
                        r.tags()
            if version >= 3:
                c["config_type"] = r.int8()
                c["documentation"] = r.string(flexible)
            if flexible:
                r.tags()
            res["configs"].append(c)
        if flexible:
            r.tags()
        out["results"].append(res)
    if flexible:
        r.tags()
    r.expect_end()
    return out


def alter_request(api_key, version, correlation_id, resources, validate_only=False):
    """resources: [(type, name, configs)]; configs are (name, value) for AlterConfigs
    and (name, op, value) for IncrementalAlterConfigs."""
    flexible = kw.is_flexible(api_key, version)
    w = kw.Writer().array_len(len(resources), flexible)
    for rtype, name, configs in resources:
        w.int8(rtype).string(name, flexible).array_len(len(configs), flexible)
        for config in configs:
            w.string(config[0], flexible)
            if api_key == API_INCREMENTAL_ALTER_CONFIGS:
                w.int8(config[1])
            w.string(config[-1], flexible)
            if flexible:
                w.tags()
        if flexible:
            w.tags()
    w.boolean(validate_only)
    if flexible:
        w.tags()
    return kw.request(api_key, version, correlation_id, w.bytes())


def decode_alter(api_key, payload, version):
    """Either alter response: [(error_code, error_message, resource_type, resource_name)]."""
    flexible = kw.is_flexible(api_key, version)
    r = kw.Reader(payload)
    out = {"correlation_id": r.int32()}
    if flexible:
        r.tags()
    out["throttle_time_ms"] = r.int32()
    out["responses"] = []
    for _ in range(r.array_len(flexible)):
        out["responses"].append((r.int16(), r.string(flexible), r.int8(), r.string(flexible)))
        if flexible:
            r.tags()
    if flexible:
        r.tags()
    r.expect_end()
    return out


def describe_configs(conn, version, resources, synonyms=False, documentation=False):
    c = conn.corr()
    conn.send(describe_configs_request(version, c, resources, synonyms, documentation))
    resp = decode_describe_configs(conn.recv_frame(), version)
    assert resp["correlation_id"] == c and resp["throttle_time_ms"] == 0
    return resp["results"]


def alter(conn, api_key, version, resources, validate_only=False):
    c = conn.corr()
    conn.send(alter_request(api_key, version, c, resources, validate_only))
    resp = decode_alter(api_key, conn.recv_frame(), version)
    assert resp["correlation_id"] == c and resp["throttle_time_ms"] == 0
    return resp["responses"]


def topic_configs(conn, topic):
    """The topic's own configs (DYNAMIC_TOPIC_CONFIG entries) as a dict."""
    [res] = describe_configs(conn, 1, [(TOPIC, topic, None)])
    assert res["error_code"] == 0, res
    return {c["name"]: c["value"] for c in res["configs"] if c["source"] == 1}
