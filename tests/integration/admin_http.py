"""The broker's HTTP admin API for the tests: one request at a time, JSON bodies
decoded, and the Prometheus text format parsed into {(name, labels): value}."""
import http.client
import json
import re


def call(b, method, path, body=None, timeout=10.0):
    """Returns (status, headers {lower-case name: value}, body decoded as JSON when the
    answer says it is JSON, else text)."""
    conn = http.client.HTTPConnection(b.host, b.admin_port, timeout=timeout)
    try:
        payload = None if body is None else (body if isinstance(body, (bytes, str)) else json.dumps(body))
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        conn.request(method, path, body=payload, headers=headers)
        resp = conn.getresponse()
        raw = resp.read().decode()
        hdrs = {k.lower(): v for k, v in resp.getheaders()}
        if hdrs.get("content-type", "").startswith("application/json"):
            return resp.status, hdrs, json.loads(raw)
        return resp.status, hdrs, raw
    finally:
        conn.close()


def get_json(b, path):
    status, _, doc = call(b, "GET", path)
    assert status == 200, (path, status, doc)
    return doc


_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_metrics(text):
    """{(name, frozenset of (label, value)): float} for every sample line; also checks
    that every sample belongs to a family announced by # TYPE."""
    samples = {}
    families = {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            families[name] = kind
            continue
        if not line or line.startswith("#"):
            continue
        m = _SAMPLE.match(line)
        assert m, f"not a Prometheus sample line: {line!r}"
        name, labels, value = m.groups()
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        assert name in families or (base in families and families[base] == "histogram"), line
        key = (name, frozenset(_LABEL.findall(labels or "")))
        assert key not in samples, f"duplicate series {line!r}"
        samples[key] = float(value)
    return samples


def scrape(b):
    status, hdrs, text = call(b, "GET", "/metrics")
    assert status == 200
    assert hdrs["content-type"].startswith("text/plain; version=0.0.4")
    return parse_metrics(text)


def value(samples, name, **labels):
    """The sample's value; 0 when the series does not exist (yet)."""
    return samples.get((name, frozenset((k, str(v)) for k, v in labels.items())), 0.0)
