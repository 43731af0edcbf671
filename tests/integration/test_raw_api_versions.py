"""ApiVersions by hand: every served version decoded in full, and a version
newer than the broker serves answered in the v0 layout with UNSUPPORTED_VERSION."""
import pytest

import expect as ex
import kafka_wire as kw
from rawconn import RawConn


@pytest.fixture(scope="module")
def tables(broker):
    """The decoded ApiVersions response at every version the broker advertises
    for ApiVersions (v0 first, to learn that range), each on a fresh connection."""
    with RawConn(broker.host, broker.port) as c:
        out = {0: c.api_versions(0)}
    ranges = {k: (lo, hi) for k, lo, hi in out[0]["api_keys"]}
    lo, hi = ranges[kw.API_API_VERSIONS]
    assert lo == 0 and hi >= 3, f"ApiVersions range {lo}..{hi}: clients send v0 and v3"
    for v in range(1, hi + 1):
        with RawConn(broker.host, broker.port) as c:
            out[v] = c.api_versions(v)
    return out


def test_api_versions_response_fields(tables):
    for version, resp in tables.items():
        _check_fields(resp, version)


def _check_fields(resp, version):
    assert resp["error_code"] == ex.NONE
    if version >= 1:
        assert resp["throttle_time_ms"] == 0
    if version >= 3:
        # Only the tags ApiVersionsResponse v3 defines (features) may appear.
        assert set(resp["tags"]) <= {0, 1, 2, 3}
    keys = [k for k, _, _ in resp["api_keys"]]
    assert len(keys) == len(set(keys)), f"duplicate api keys in {resp['api_keys']}"
    for key, lo, hi in resp["api_keys"]:
        assert 0 <= key <= ex.KAFKA_MAX_API_KEY, key
        assert 0 <= lo <= hi, (key, lo, hi)


def test_api_versions_same_table_at_every_version(tables):
    first = sorted(tables[0]["api_keys"])
    for v in tables:
        assert sorted(tables[v]["api_keys"]) == first, f"v{v} table differs from v0"


def _assert_unsupported_answer(payload, corr, advertised):
    # v0 layout: int32 correlation id (header v0), int16 error, int32-length array
    # of (key, min, max), and nothing else: no throttle time, no tagged fields.
    resp = kw.decode_api_versions(payload, 0)
    assert resp["correlation_id"] == corr
    assert resp["error_code"] == ex.UNSUPPORTED_VERSION
    keys = {k: (lo, hi) for k, lo, hi in resp["api_keys"]}
    assert keys[kw.API_API_VERSIONS] == advertised[kw.API_API_VERSIONS]
    # Kafka (KIP-511) lists ApiVersions' own range only; the whole table is also
    # a correct answer. Anything else is not.
    assert keys in ({kw.API_API_VERSIONS: advertised[kw.API_API_VERSIONS]}, advertised), keys


@pytest.mark.parametrize("version", ["next", 127])
def test_api_versions_too_new_gets_v0_layout_error(broker, tables, version):
    advertised = {k: (lo, hi) for k, lo, hi in tables[0]["api_keys"]}
    if version == "next":
        version = advertised[kw.API_API_VERSIONS][1] + 1
    with RawConn(broker.host, broker.port) as c:
        corr = 4242
        # Sent the way a newer client sends it: header v2 and a v3-style body.
        c.send(kw.api_versions_request(version, corr))
        _assert_unsupported_answer(c.recv_frame(), corr, advertised)
        # The connection stays usable: the client retries at a version we serve.
        again = c.api_versions(3)
        assert sorted(again["api_keys"]) == sorted(tables[3]["api_keys"])


@pytest.mark.parametrize("software", [("bad name!", "1.0"), ("sb", "-1.0"), ("", "1.0")])
def test_invalid_client_software_gets_invalid_request(broker, tables, software):
    """v3+ client software name/version must match [a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?;
    Kafka answers INVALID_REQUEST (42) in the requested version's layout, and
    librdkafka then retries with v0 on the same connection."""
    with RawConn(broker.host, broker.port) as c:
        c.send(kw.api_versions_request(3, 11, software=software))
        resp = kw.decode_api_versions(c.recv_frame(), 3)
        assert resp == {"correlation_id": 11, "error_code": ex.INVALID_REQUEST, "api_keys": [],
                        "throttle_time_ms": 0, "tags": {}}
        assert c.api_versions(0)["api_keys"] == tables[0]["api_keys"]


def test_unadvertised_versions_are_refused(broker, tables):
    """The table is what the broker implements: one version past each advertised
    max (other than ApiVersions) closes the connection, as Kafka does."""
    for key, lo, hi in tables[0]["api_keys"]:
        if key == kw.API_API_VERSIONS:
            continue
        with RawConn(broker.host, broker.port) as c:
            c.send(kw.request(key, hi + 1, 1, b"\x00" * 16))
            c.expect_closed()


def test_unadvertised_api_keys_are_refused(broker, tables):
    advertised = {k for k, _, _ in tables[0]["api_keys"]}
    missing = [k for k in range(ex.KAFKA_MAX_API_KEY + 1) if k not in advertised]
    assert missing, "broker advertises every Kafka API"
    # The first few client APIs that are not advertised (e.g. Produce, Fetch).
    for key in missing[:3]:
        with RawConn(broker.host, broker.port) as c:
            c.send(kw.request(key, 0, 1, b"\x00" * 16, flexible=False))
            c.expect_closed()


# Last in the file, so that under -x a range that differs from the contract
# does not hide the results of the tests above.
def test_api_versions_advertises_contract_ranges(tables):
    for version, resp in tables.items():
        advertised = {k: (lo, hi) for k, lo, hi in resp["api_keys"]}
        for key, rng in ex.REQUIRED_RANGES.items():
            assert advertised.get(key) == rng, f"v{version}: api {key} advertised {advertised.get(key)}, want {rng}"
