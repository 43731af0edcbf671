#!/usr/bin/env python3
"""Generates StreamBus's Kafka protocol codec from Apache Kafka's message schemas.

Usage (from the repository root):
    python3 tools/gen_protocol.py <schema_dir> <out_dir> [--tests-out DIR]

<schema_dir> holds Kafka's *.json message definitions; <out_dir> receives one .h/.cc per
API (request and response structs with decode/encode/encoded_size), the request and
response headers, the consumer-protocol payloads, the API catalog, the API visitor and
messages.cmake. The round-trip tests go to --tests-out (default
tests/unit/protocol/generated next to this script's repository).

Only the APIs whose request lists the "broker" listener are generated, up to their newest
stable version. Output is deterministic: the same schemas give the same bytes. Files are
rewritten only when their content changes, and generated files that are no longer
produced are removed. Python 3 standard library only. See docs/protocol.md.
"""

import argparse
import os
import sys

import gen_protocol_files as files
import gen_protocol_tests as tests
from gen_protocol_model import Message, load_schema_json, snake_case, stable_max_version

# "data" payloads that the group coordinator decodes from JoinGroup/SyncGroup bytes.
DATA_SCHEMAS = ["ConsumerProtocolSubscription", "ConsumerProtocolAssignment"]
HEADER_SCHEMAS = ["RequestHeader", "ResponseHeader"]


def load_all(schema_dir):
    specs = {}
    for name in sorted(os.listdir(schema_dir)):
        if name.endswith(".json"):
            spec = load_schema_json(os.path.join(schema_dir, name))
            specs[spec["name"]] = spec
    return specs


def select_apis(specs):
    """(request, response) Message pairs for every broker-served API with a stable version."""
    responses = {s["apiKey"]: s for s in specs.values() if s["type"] == "response"}
    apis = []
    for spec in sorted(specs.values(), key=lambda s: s.get("apiKey", -1)):
        if spec["type"] != "request" or "broker" not in spec.get("listeners", []):
            continue
        stable_hi = stable_max_version(spec)
        if stable_hi < int(str(spec["validVersions"]).split("-")[0].rstrip("+")):
            continue  # only an unstable version exists: nothing to offer clients yet
        request = Message(spec, stable_hi)
        response = Message(responses[spec["apiKey"]], stable_hi)
        assert (request.versions.lo, request.versions.hi) == (response.versions.lo, response.versions.hi)
        assert request.first_flexible_version() == response.first_flexible_version(), spec["name"]
        apis.append((request, response))
    return apis


def api_file_base(request):
    assert request.schema_name.endswith("Request")
    return snake_case(request.schema_name[: -len("Request")])


class Output:
    """Collects generated files, then writes the changed ones and removes stale ones."""

    def __init__(self):
        self.files = {}  # path -> content

    def add(self, path, content):
        assert path not in self.files, path
        self.files[path] = content

    def write(self, managed_dirs):
        for path, content in sorted(self.files.items()):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            old = None
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    old = f.read()
            if old != content:
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write(content)
        for d in managed_dirs:
            for name in sorted(os.listdir(d)):
                path = os.path.join(d, name)
                if path in self.files or not os.path.isfile(path):
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    head = f.read(200)
                if files.GENERATED_MARKER in head or files.GENERATED_MARKER.replace("//", "#") in head:
                    os.remove(path)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("schema_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--tests-out", default=os.path.join(here, "..", "tests", "unit", "protocol", "generated"))
    args = parser.parse_args(argv)

    specs = load_all(args.schema_dir)
    apis = select_apis(specs)
    out = Output()
    headers = []  # header file names, by API key
    sources = []
    for request, response in apis:
        base = api_file_base(request)
        schema_files = [request.schema_name + ".json", response.schema_name + ".json"]
        title = "Kafka API %d (%s): %s." % (request.api_key, request.schema_name[: -len("Request")],
                                            files.describe(request))
        out.add(os.path.join(args.out_dir, base + ".h"), files.header_file(schema_files, title, [request, response]))
        # One source per message keeps every generated file small (Fetch alone is large).
        for message, schema_file in ((request, schema_files[0]), (response, schema_files[1])):
            source = "%s_%s.cc" % (base, "request" if message is request else "response")
            out.add(os.path.join(args.out_dir, source), files.source_file([schema_file], base + ".h", [message]))
            sources.append(source)
        headers.append(base + ".h")

    singles = []  # (file base, message) for headers and data payloads
    for name in HEADER_SCHEMAS + DATA_SCHEMAS:
        spec = specs[name]
        message = Message(spec, stable_max_version(spec))
        singles.append((message.name, message))
        title = "Kafka %s %s: %s." % ("message header" if spec["type"] == "header" else "payload",
                                      name, files.describe(message))
        out.add(os.path.join(args.out_dir, message.name + ".h"), files.header_file([name + ".json"], title, [message]))
        out.add(os.path.join(args.out_dir, message.name + ".cc"),
                files.source_file([name + ".json"], message.name + ".h", [message]))
        sources.append(message.name + ".cc")

    out.add(os.path.join(args.out_dir, "api_catalog.h"), files.catalog_header())
    out.add(os.path.join(args.out_dir, "api_catalog.cc"), files.catalog_source(apis))
    out.add(os.path.join(args.out_dir, "api_visit.h"), files.visit_header(apis, headers))
    sources.append("api_catalog.cc")
    out.add(os.path.join(args.out_dir, "messages.cmake"), files.cmake_sources(sorted(sources)))

    for path, content in tests.test_files(apis, singles, [api_file_base(r) + ".h" for r, _ in apis]):
        out.add(os.path.join(args.tests_out, path), content)
    os.makedirs(args.tests_out, exist_ok=True)
    out.write([args.out_dir, args.tests_out])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
