"""Round-trip tests for every generated message, written by tools/gen_protocol.py.

For each message and each version it generates, the test fills every field present in
that version (tagged ones included, arrays with two elements, nested structs all the way
down) with non-default values from a deterministic counter, encodes, checks that
encoded_size() equals the bytes written, decodes, and checks equality. The fill functions
are generated here; the checking lives in tests/unit/protocol/round_trip_support.h.
"""

from gen_protocol_cpp import StructCode, version_condition
from gen_protocol_files import banner

# Test sources are split so that each compiles in reasonable time under ASan.
SHARD_COUNT = 8


def element_value(field, code):
    element = field.type.element
    if element == "bool":
        return "!%s" % (code.default_value(field) or "false")
    if element in ("string", "bytes", "uuid", "records", "float64"):
        return "f.next_%s()" % element
    cpp = code.element_type(field)
    default = "0" if field.type.is_array else (code.default_value(field) or "0")
    return "f.next_int<%s>(%s)" % (cpp, default)


def fill_value(field, code, pad, out):
    target = "m." + field.name
    if field.type.is_array:
        items = "%s.emplace()" % target if field.is_optional() else target
        out.append(pad + "{")
        out.append(pad + "    auto& items = %s;" % items)
        out.append(pad + "    items.resize(2);")
        if field.type.is_struct:
            out.append(pad + "    for (auto& e : items) fill(e, version, f);")
        else:
            out.append(pad + "    for (auto& e : items) e = %s;" % element_value(field, code))
        out.append(pad + "}")
    elif field.type.is_struct:
        if field.is_optional():
            out.append(pad + "%s = %s::%s{};  // not emplace(): see gen_protocol_cpp.py"
                       % (target, code.message.top().name, field.struct.name))
            target = "*" + target
        out.append(pad + "fill(%s, version, f);" % target)
    else:
        out.append(pad + "%s = %s;" % (target, element_value(field, code)))


def fill_function(message, struct):
    code = StructCode(message, struct)
    top = message.top().name
    qualified = top if struct.is_top else "%s::%s" % (top, struct.name)
    out = ["[[maybe_unused]] void fill([[maybe_unused]] %s& m, [[maybe_unused]] int16_t version,"
           " [[maybe_unused]] filler& f) {" % qualified]
    for field in struct.fields:
        cond = version_condition(field.versions, code.context)
        if cond is None:
            continue
        if cond:
            out.append("    if (%s) {" % cond)
            fill_value(field, code, "        ", out)
            out.append("    }")
        else:
            fill_value(field, code, "    ", out)
    out.append("}")
    out.append("")
    return out


def versions_without_fields(message):
    top = message.top()
    empty = []
    for v in message.versions:
        if not any(f.versions.lo <= v <= f.versions.hi for f in top.fields):
            empty.append(v)
    return empty


def test_case(message):
    t = message.name
    empty = versions_without_fields(message)
    non_default = " && ".join("version != %d" % v for v in empty) or "true"
    return [
        "TEST(RoundTrip, %s) {" % message.schema_name,
        "    for (int16_t version = %s::min_version; version <= %s::max_version; ++version) {" % (t, t),
        "        SCOPED_TRACE(version);",
        "        %s original;" % t,
        "        filler f;",
        "        fill(original, version, f);",
        "        expect_round_trip(original, version, /*expect_non_default=*/%s);" % non_default,
        "    }",
        "}",
        "",
    ]


def weight(message):
    return sum(len(s.fields) for s in message.structs)


def test_files(apis, singles, api_headers):
    """[(relative path, content)] of the generated test sources and their CMake list."""
    units = []  # (weight, header, [messages])
    for (request, response), header in zip(apis, api_headers):
        units.append((weight(request) + weight(response), header, [request, response]))
    for base, message in singles:
        units.append((weight(message), base + ".h", [message]))
    shards = [[] for _ in range(SHARD_COUNT)]
    loads = [0] * SHARD_COUNT
    # Heaviest first onto the lightest shard; ties broken by order, so the split is stable.
    for w, header, messages in sorted(units, key=lambda u: (-u[0], u[1])):
        i = loads.index(min(loads))
        shards[i].append((header, messages))
        loads[i] += w
    result = []
    names = []
    for i, shard in enumerate(shards):
        shard.sort(key=lambda u: u[0])
        out = [banner([]).rstrip("\n"), "// Round-trip tests (see tools/gen_protocol_tests.py).", ""]
        out += ['#include "protocol/messages/%s"' % header for header, _ in shard]
        out += ["", "#include <gtest/gtest.h>", "", '#include "unit/protocol/round_trip_support.h"', "",
                "namespace sb::protocol {", "namespace {", ""]
        for _, messages in shard:
            for m in messages:
                for s in m.structs:
                    out.extend(fill_function(m, s))
        for _, messages in shard:
            for m in messages:
                out.extend(test_case(m))
        out += ["}  // namespace", "}  // namespace sb::protocol"]
        name = "round_trip_%d_test.cc" % i
        names.append(name)
        result.append((name, "\n".join(out) + "\n"))
    cmake = [banner([], "#").rstrip("\n"), "list(APPEND PROTOCOL_TEST_SOURCES"]
    cmake += ["  ${CMAKE_CURRENT_LIST_DIR}/%s" % n for n in names]
    cmake.append(")")
    result.append(("round_trip_tests.cmake", "\n".join(cmake) + "\n"))
    return result
