"""Schema model for tools/gen_protocol.py: reads Kafka's message JSON into plain objects.

Kafka describes every request, response, header and data payload in a JSON file with
// line comments. This module strips the comments, resolves struct types (inline
`fields` or `commonStructs`), clips every version range to the stable versions we
generate, and names everything in snake_case. It knows nothing about C++ syntax
beyond names; gen_protocol_cpp.py turns the model into code.
"""

import json
import re

# Open-ended version ranges ("3+") end here; real versions stay far below.
VERSION_INFINITY = 0x7FFF

PRIMITIVE_TYPES = {
    # schema type: (C++ type, fixed wire size in bytes or None)
    "bool": ("bool", 1),
    "int8": ("int8_t", 1),
    "int16": ("int16_t", 2),
    "uint16": ("uint16_t", 2),
    "int32": ("int32_t", 4),
    "uint32": ("uint32_t", 4),
    "int64": ("int64_t", 8),
    "float64": ("double", 8),
    "uuid": ("uuid", 16),
    "string": ("std::string", None),
    "bytes": ("std::vector<uint8_t>", None),
    "records": ("record_set", None),
}

CPP_KEYWORDS = {
    "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch", "char",
    "class", "const", "constexpr", "continue", "default", "delete", "do", "double", "else",
    "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "operator",
    "or", "private", "protected", "public", "register", "return", "short", "signed",
    "sizeof", "static", "struct", "switch", "template", "this", "throw", "true", "try",
    "typedef", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "while", "xor",
}

# Names the generated methods use for parameters and locals, and the static members of
# every message struct: no schema field may take them.
RESERVED_MEMBER_NAMES = {
    "version", "r", "w", "flexible", "size_bytes", "e", "field", "element_count", "value_size",
    "items", "tagged_count", "uuid", "record_set",
}
# Static members of every message struct: no top-level field may take them.
MESSAGE_STATIC_NAMES = {"api_key", "min_version", "max_version", "first_flexible_version"}

# The request header's fields repeat "Request"; the codec's request_header drops it.
HEADER_FIELD_RENAMES = {"RequestApiKey": "api_key", "RequestApiVersion": "api_version"}


class Versions:
    """An inclusive range of versions; empty when lo > hi."""

    def __init__(self, lo, hi):
        self.lo = lo
        self.hi = hi

    @staticmethod
    def parse(text):
        text = str(text).strip()
        if text == "none":
            return Versions(1, 0)
        if text.endswith("+"):
            return Versions(int(text[:-1]), VERSION_INFINITY)
        if "-" in text:
            lo, hi = text.split("-")
            return Versions(int(lo), int(hi))
        return Versions(int(text), int(text))

    def empty(self):
        return self.lo > self.hi

    def intersect(self, other):
        return Versions(max(self.lo, other.lo), min(self.hi, other.hi))

    def hull(self, other):
        if self.empty():
            return other
        if other.empty():
            return self
        return Versions(min(self.lo, other.lo), max(self.hi, other.hi))

    def covers(self, other):
        return other.empty() or (self.lo <= other.lo and other.hi <= self.hi)

    def __iter__(self):
        return iter(range(self.lo, self.hi + 1))

    def __repr__(self):
        return "%d-%d" % (self.lo, self.hi)


def snake_case(name):
    """MetadataResponseTopic -> metadata_response_topic, KRaftVersion -> k_raft_version."""
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    s = s.lower()
    return s + "_" if s in CPP_KEYWORDS else s


def load_schema_json(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Comments are whole lines or line tails; no schema string contains "//".
    text = re.sub(r"//[^\n]*", "", text)
    return json.loads(text)


class FieldType:
    """A schema type: primitive, struct, or array of either."""

    def __init__(self, text):
        self.is_array = text.startswith("[]")
        self.element = text[2:] if self.is_array else text
        self.is_struct = self.element not in PRIMITIVE_TYPES
        if self.is_array:
            assert self.element not in ("bytes", "records", "bool"), text

    def fixed_element_size(self):
        return None if self.is_struct else PRIMITIVE_TYPES[self.element][1]


class Field:
    def __init__(self, spec, context, header):
        self.schema_name = spec["name"]
        if header and self.schema_name in HEADER_FIELD_RENAMES:
            self.name = HEADER_FIELD_RENAMES[self.schema_name]
        else:
            self.name = snake_case(self.schema_name)
        assert self.name not in RESERVED_MEMBER_NAMES, self.name
        self.type = FieldType(spec["type"])
        self.versions = Versions.parse(spec["versions"]).intersect(context)
        self.nullable = Versions.parse(spec.get("nullableVersions", "none")).intersect(self.versions)
        self.tag = spec.get("tag")
        if self.tag is not None:
            tagged = Versions.parse(spec["taggedVersions"]).intersect(context)
            # Kafka allows a field to be tagged in some versions only; no schema does it.
            assert tagged.lo == self.versions.lo and tagged.hi == self.versions.hi, spec["name"]
        self.default = spec.get("default")
        flexible = spec.get("flexibleVersions")
        self.flexible_override = None if flexible is None else Versions.parse(flexible)
        self.struct = None  # the Struct for struct and struct-array fields, set by the loader

    def always_nullable(self):
        return not self.nullable.empty() and self.nullable.covers(self.versions)

    def is_optional(self):
        """Whether the C++ member is a std::optional (nullable in some generated version).
        A record_set carries its own null state."""
        if self.type.element == "records" and not self.type.is_array:
            return False
        return not self.nullable.empty()


class Struct:
    def __init__(self, schema_name, cpp_name):
        self.schema_name = schema_name
        self.name = cpp_name
        self.fields = []
        self.versions = Versions(1, 0)  # hull of the versions in which it is used
        self.is_top = False

    def regular_fields(self):
        return [f for f in self.fields if f.tag is None and not f.versions.empty()]

    def tagged_fields(self):
        return sorted((f for f in self.fields if f.tag is not None and not f.versions.empty()),
                      key=lambda f: f.tag)


class Message:
    """One schema file: a request, response, header or data payload."""

    def __init__(self, spec, stable_hi):
        self.schema_name = spec["name"]
        self.kind = spec["type"]
        self.api_key = spec.get("apiKey")
        valid = Versions.parse(spec["validVersions"])
        self.versions = Versions(valid.lo, min(valid.hi, stable_hi))
        assert not self.versions.empty(), self.schema_name
        self.flexible = Versions.parse(spec["flexibleVersions"]).intersect(self.versions)
        self.name = snake_case(self.schema_name)
        self.structs = []  # children before parents; the message itself last
        self._load(spec)

    def first_flexible_version(self):
        return -1 if self.flexible.empty() else self.flexible.lo

    def _load(self, spec):
        header = self.kind == "header"
        # Every struct type's field list, from inline definitions and commonStructs.
        struct_specs = {c["name"]: c["fields"] for c in spec.get("commonStructs", [])}

        def register(fields):
            for f in fields:
                if "fields" in f:
                    name = FieldType(f["type"]).element
                    assert name not in struct_specs, "struct %s defined twice" % name
                    struct_specs[name] = f["fields"]
                    register(f["fields"])
        register(spec["fields"])
        for c in spec.get("commonStructs", []):
            register(c["fields"])
        # Pass 1: the versions in which each struct type is used (hull over all uses), and
        # the order children-before-parents.
        usage = {}
        order = []

        def visit(fields, context):
            for f_spec in fields:
                f = Field(f_spec, context, header)
                if not f.type.is_struct or f.versions.empty():
                    continue
                name = f.type.element
                before = usage.get(name, Versions(1, 0))
                after = before.hull(f.versions)
                if (after.lo, after.hi) != (before.lo, before.hi):
                    usage[name] = after
                    visit(struct_specs[name], after)
                if name not in order:
                    order.append(name)
        visit(spec["fields"], self.versions)
        # Children must precede parents: sort by height (leaf structs first), then by first use.
        depth = {}

        def depth_of(name, seen=()):
            if name in depth:
                return depth[name]
            child = [FieldType(f["type"]).element for f in struct_specs[name]
                     if FieldType(f["type"]).is_struct]
            d = 1 + max([depth_of(c, seen + (name,)) for c in child if c not in seen] or [0])
            depth[name] = d
            return d
        first_use = {name: i for i, name in enumerate(order)}
        order.sort(key=lambda n: (depth_of(n), first_use[n]))

        # Pass 2: build the structs with fields clipped to their versions of use.
        member_names = set()
        for name in order:
            member_names.update(Field(f, usage[name], header).name for f in struct_specs[name])
        member_names.update(Field(f, self.versions, header).name for f in spec["fields"])
        by_name = {}
        for name in order:
            cpp_name = snake_case(name)
            # A member of the same name would hide the type inside the message struct.
            if cpp_name in member_names:
                cpp_name += "_data"
            s = Struct(name, cpp_name)
            s.versions = usage[name]
            s.fields = [Field(f, s.versions, header) for f in struct_specs[name]]
            by_name[name] = s
            self.structs.append(s)
        top = Struct(self.schema_name, self.name)
        top.is_top = True
        top.versions = self.versions
        top.fields = [Field(f, self.versions, header) for f in spec["fields"]]
        statics = MESSAGE_STATIC_NAMES if self.api_key is not None else MESSAGE_STATIC_NAMES - {"api_key"}
        assert not {f.name for f in top.fields} & statics, self.schema_name
        self.structs.append(top)
        for s in self.structs:
            for f in s.fields:
                if f.type.is_struct and not f.versions.empty():
                    f.struct = by_name[f.type.element]
        names = [s.name for s in self.structs]
        assert len(names) == len(set(names)), names

    def top(self):
        return self.structs[-1]


def stable_max_version(spec):
    """The highest version we generate: the top version is left out while unstable."""
    valid = Versions.parse(spec["validVersions"])
    return valid.hi - 1 if spec.get("latestVersionUnstable") else valid.hi
