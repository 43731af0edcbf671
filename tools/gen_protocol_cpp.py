"""C++ code for one message schema: struct declarations and decode/encode/size bodies.

Used by tools/gen_protocol.py. Every struct (the message and its nested types, which
are flattened into the message struct as inner types) gets

    decode(reader&, version)       fields in wire order, then the tagged-field section
    encode(writer&, version) const
    encoded_size(version) const    the exact byte count encode() writes

Version checks are written against the range in which the struct can occur, so a field
present in every such version gets no check at all.
"""

from gen_protocol_model import PRIMITIVE_TYPES, Versions


def version_condition(field_versions, context):
    """None: never present in context; "": always; else a C++ condition on `version`."""
    v = field_versions.intersect(context)
    if v.empty():
        return None
    parts = []
    if v.lo > context.lo:
        parts.append("version >= %d" % v.lo)
    if v.hi < context.hi:
        parts.append("version <= %d" % v.hi)
    return " && ".join(parts)


def bool_expression(versions, context):
    """A C++ bool that is true exactly for the versions of context inside `versions`."""
    c = version_condition(versions, context)
    if c is None:
        return "false"
    return c if c else "true"


def int_literal(cpp_type, value):
    if cpp_type == "int32_t" and value == -(1 << 31):
        return "INT32_MIN"
    if cpp_type == "int64_t" and value == -(1 << 63):
        return "INT64_MIN"
    if cpp_type == "int64_t" and not -(1 << 31) <= value < (1 << 31):
        return "INT64_C(%d)" % value
    return str(value)


def cpp_string_literal(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


class StructCode:
    """Emits the code of one struct of a message."""

    def __init__(self, message, struct):
        self.message = message
        self.struct = struct
        self.context = struct.versions
        self.flexible_versions = message.flexible.intersect(self.context)

    # ----- types and defaults -------------------------------------------------------

    def element_type(self, field):
        if field.type.is_struct:
            return field.struct.name
        return PRIMITIVE_TYPES[field.type.element][0]

    def member_type(self, field):
        t = self.element_type(field)
        if field.type.is_array:
            t = "std::vector<%s>" % t
        return "std::optional<%s>" % t if field.is_optional() else t

    def default_value(self, field):
        """C++ initializer for the member ("" for value-initialisation)."""
        d = field.default
        element = field.type.element
        if field.is_optional() and str(d) == "null":
            return ""
        if field.type.is_array or field.type.is_struct or element in ("bytes", "uuid", "records"):
            assert d in (None, "null", ""), (field.schema_name, d)
            return ""
        cpp = PRIMITIVE_TYPES[element][0]
        if element == "bool":
            value = str(d).lower() == "true" if d is not None else False
            return "true" if value else "false"
        if element == "string":
            return cpp_string_literal(d) if d else ""
        if element == "float64":
            return repr(float(d)) if d is not None else ""
        value = int(str(d), 0) if d is not None else 0
        return int_literal(cpp, value) if value != 0 else ""

    def declaration(self, field):
        value = self.default_value(field)
        if field.is_optional() and str(field.default) == "null":
            init = ""  # null
        elif value:
            init = " = " + value
        else:
            # A nullable field without a "null" default starts as an empty, non-null value.
            init = "{std::in_place}" if field.is_optional() else "{}"
        comment = "versions %s" % self.versions_text(field.versions)
        if not field.nullable.empty():
            comment += ", nullable %s" % self.versions_text(field.nullable)
        if field.tag is not None:
            comment += ", tag %d" % field.tag
        if field.flexible_override is not None:
            comment += ", never compact"
        return "%s %s%s;  // %s" % (self.member_type(field), field.name, init, comment)

    def versions_text(self, v):
        if v.hi >= self.message.versions.hi:
            return "%d+" % v.lo
        return str(v.lo) if v.lo == v.hi else "%d-%d" % (v.lo, v.hi)

    # ----- helpers for bodies -------------------------------------------------------

    def flex_of(self, field, tagged):
        if tagged:
            return "true"
        if field.flexible_override is not None:
            return bool_expression(field.flexible_override, field.versions)
        return "flexible"

    def null_expression(self, field):
        return bool_expression(field.nullable, field.versions)

    def min_element_bytes(self, field):
        """Fewest wire bytes one array element can take, for the hostile-length check."""
        flex_possible = not self.message.flexible.intersect(field.versions).empty()
        fixed = field.type.fixed_element_size()
        if fixed is not None:
            return fixed
        if field.type.element == "string":
            return 1 if flex_possible else 2
        sizes = [struct_min_size(self.message, field.struct, v) for v in field.versions]
        return max(1, min(sizes))

    # ----- decode -------------------------------------------------------------------

    def decode_value(self, field, target, flex, out, indent):
        pad = "    " * indent
        element = field.type.element
        if field.type.is_array:
            nullable = self.null_expression(field)
            out.append(pad + "{")
            out.append(pad + "    const int32_t element_count = r.read_array_length(%s, %s, %d);"
                       % (flex, nullable, self.min_element_bytes(field)))
            if field.is_optional():
                out.append(pad + "    if (element_count < 0) {")
                out.append(pad + "        %s.reset();" % target)
                out.append(pad + "    } else {")
                out.append(pad + "        auto& items = %s.emplace();" % target)
                inner = pad + "        "
            else:
                out.append(pad + "    auto& items = %s;" % target)
                out.append(pad + "    items.clear();")
                inner = pad + "    "
            out.append(inner + "items.resize(static_cast<std::size_t>(element_count));")
            out.append(inner + "for (auto& e : items) %s" % self.decode_element(field, flex))
            if field.is_optional():
                out.append(pad + "    }")
            out.append(pad + "}")
            return
        if field.type.is_struct:
            if field.is_optional():
                assert field.always_nullable(), field.schema_name
                out.append(pad + "if (r.read_struct_presence()) {")
                # Assigning a temporary, not emplace(): clang decides whether a nested struct
                # is default-constructible while the message struct is still incomplete
                # (CWG 1397) and caches "no", which rejects optional<nested>::emplace().
                out.append(pad + "    %s = %s{};" % (target, field.struct.name))
                out.append(pad + "    %s->decode(r, version);" % target)
                out.append(pad + "} else {")
                out.append(pad + "    %s.reset();" % target)
                out.append(pad + "}")
            else:
                out.append(pad + "%s.decode(r, version);" % target)
            return
        if element in ("string", "bytes") and field.is_optional():
            nullable = self.null_expression(field)
            if nullable == "true":
                out.append(pad + "%s = r.read_nullable_%s(%s);" % (target, element, flex))
            else:
                out.append(pad + "%s = (%s) ? r.read_nullable_%s(%s) : r.read_%s(%s);"
                           % (target, nullable, element, flex, element, flex))
            return
        out.append(pad + "%s = %s;" % (target, self.read_call(element, flex)))

    def read_call(self, element, flex):
        if element in ("string", "bytes", "records"):
            return "r.read_%s(%s)" % (element, flex)
        return "r.read_%s()" % element

    def decode_element(self, field, flex):
        if field.type.is_struct:
            return "e.decode(r, version);"
        return "e = %s;" % self.read_call(field.type.element, flex)

    def decode_body(self, out):
        out.append("    [[maybe_unused]] const bool flexible = %s;"
                   % bool_expression(self.message.flexible, self.context))
        self.guarded_fields(out, lambda field, o, ind: self.decode_value(
            field, field.name, self.flex_of(field, False), o, ind))
        if self.flexible_versions.empty():
            return
        tagged = self.struct.tagged_fields()
        if not tagged:
            out.append("    if (flexible) r.skip_tagged_fields();")
            return
        out.append("    if (flexible) {")
        out.append("        for (uint32_t tagged_count = r.read_tagged_field_count(); tagged_count > 0 && r.ok(); --tagged_count) {")
        out.append("            const tagged_field_header field = r.read_tagged_field_header();")
        out.append("            switch (field.tag) {")
        for f in tagged:
            cond = version_condition(f.versions, self.context)
            out.append("            case %d:" % f.tag)
            if cond:
                out.append("                if (!(%s)) {" % cond)
                out.append("                    r.skip_tagged_field(field);")
                out.append("                    break;")
                out.append("                }")
            self.decode_value(f, f.name, "true", out, 4)
            out.append("                r.end_tagged_field(field);")
            out.append("                break;")
        out.append("            default:  // a tag this version does not know: skipped, as Kafka does")
        out.append("                r.skip_tagged_field(field);")
        out.append("            }")
        out.append("        }")
        out.append("    }")

    def guarded_fields(self, out, emit):
        """Emits each regular field through emit(field, out, indent), consecutive fields with
        the same version condition under one `if`."""
        groups = []  # (condition, [fields])
        for field in self.struct.regular_fields():
            cond = version_condition(field.versions, self.context)
            if cond is None:
                continue
            if groups and groups[-1][0] == cond:
                groups[-1][1].append(field)
            else:
                groups.append((cond, [field]))
        for cond, fields in groups:
            if cond:
                out.append("    if (%s) {" % cond)
            for field in fields:
                emit(field, out, 2 if cond else 1)
            if cond:
                out.append("    }")

    # ----- encode -------------------------------------------------------------------

    def encode_value(self, field, target, flex, out, indent):
        pad = "    " * indent
        element = field.type.element
        if field.type.is_array:
            if field.is_optional():
                nullable = self.null_expression(field)
                out.append(pad + "if (!%s) {" % target)
                if nullable == "true":
                    out.append(pad + "    w.write_null_array(%s);" % flex)
                else:
                    out.append(pad + "    if (%s) {" % nullable)
                    out.append(pad + "        w.write_null_array(%s);" % flex)
                    out.append(pad + "    } else {")
                    out.append(pad + "        w.write_array_length(0, %s);" % flex)
                    out.append(pad + "    }")
                out.append(pad + "} else {")
                items = "(*%s)" % target
                inner = pad + "    "
            else:
                items = target
                inner = pad
            out.append(inner + "w.write_array_length(%s.size(), %s);" % (items, flex))
            out.append(inner + "for (const auto& e : %s) %s" % (items, self.encode_element(field, flex)))
            if field.is_optional():
                out.append(pad + "}")
            return
        if field.type.is_struct:
            if field.is_optional():
                out.append(pad + "w.write_struct_presence(%s.has_value());" % target)
                out.append(pad + "if (%s) %s->encode(w, version);" % (target, target))
            else:
                out.append(pad + "%s.encode(w, version);" % target)
            return
        if element in ("string", "bytes") and field.is_optional():
            nullable = self.null_expression(field)
            if nullable == "true":
                out.append(pad + "w.write_nullable_%s(%s, %s);" % (element, target, flex))
            else:
                out.append(pad + "if (%s) {" % nullable)
                out.append(pad + "    w.write_nullable_%s(%s, %s);" % (element, target, flex))
                out.append(pad + "} else {  // not nullable in this version: null goes out empty")
                out.append(pad + "    w.write_%s(%s ? %s(*%s) : %s(), %s);"
                           % (element, target, self.view_type(element), target, self.view_type(element), flex))
                out.append(pad + "}")
            return
        out.append(pad + self.write_call(element, target, flex) + ";")

    @staticmethod
    def view_type(element):
        return "std::string_view" if element == "string" else "std::span<const uint8_t>"

    def write_call(self, element, value, flex):
        if element in ("string", "bytes", "records"):
            return "w.write_%s(%s, %s)" % (element, value, flex)
        return "w.write_%s(%s)" % (element, value)

    def encode_element(self, field, flex):
        if field.type.is_struct:
            return "e.encode(w, version);"
        return self.write_call(field.type.element, "e", flex) + ";"

    # ----- size ---------------------------------------------------------------------

    def size_value(self, field, target, flex, acc, out, indent):
        pad = "    " * indent
        element = field.type.element
        if field.type.is_array:
            if field.is_optional():
                out.append(pad + "if (!%s) {" % target)
                out.append(pad + "    %s += array_length_size(0, %s);" % (acc, flex))
                out.append(pad + "} else {")
                items = "(*%s)" % target
                inner = pad + "    "
            else:
                items = target
                inner = pad
            out.append(inner + "%s += array_length_size(%s.size(), %s);" % (acc, items, flex))
            fixed = field.type.fixed_element_size()
            if fixed is not None:
                out.append(inner + "%s += %s.size() * %d;" % (acc, items, fixed))
            elif field.type.is_struct:
                out.append(inner + "for (const auto& e : %s) %s += e.encoded_size(version);" % (items, acc))
            else:
                out.append(inner + "for (const auto& e : %s) %s += string_size(e, %s);" % (items, acc, flex))
            if field.is_optional():
                out.append(pad + "}")
            return
        if field.type.is_struct:
            if field.is_optional():
                out.append(pad + "%s += 1 + (%s ? %s->encoded_size(version) : 0);" % (acc, target, target))
            else:
                out.append(pad + "%s += %s.encoded_size(version);" % (acc, target))
            return
        fixed = PRIMITIVE_TYPES[element][1]
        if fixed is not None:
            out.append(pad + "%s += %d;" % (acc, fixed))
            return
        if element == "records":
            out.append(pad + "%s += records_size(%s, %s);" % (acc, target, flex))
            return
        if field.is_optional():
            nullable = self.null_expression(field)
            if nullable == "true":
                out.append(pad + "%s += nullable_%s_size(%s, %s);" % (acc, element, target, flex))
            else:
                view = self.view_type(element)
                out.append(pad + "%s += (%s) ? nullable_%s_size(%s, %s) : %s_size(%s ? %s(*%s) : %s(), %s);"
                           % (acc, nullable, element, target, flex, element, target, view, target, view, flex))
            return
        out.append(pad + "%s += %s_size(%s, %s);" % (acc, element, target, flex))

    # ----- tagged-field section (encode and size share the presence tests) ---------

    def non_default(self, field):
        """C++ test that the tagged field differs from its default (only then is it sent)."""
        x = field.name
        element = field.type.element
        optional = field.is_optional()
        if optional and str(field.default) == "null":
            return "%s.has_value()" % x
        if field.type.is_array or element == "bytes":
            return "(!%s || !%s->empty())" % (x, x) if optional else "!%s.empty()" % x
        if field.type.is_struct:
            t = field.struct.name
            return "(!%s || !(*%s == %s{}))" % (x, x, t) if optional else "!(%s == %s{})" % (x, t)
        if element == "uuid":
            return "!%s.is_nil()" % x
        if element == "string":
            d = field.default or ""
            if optional:
                return "(!%s || *%s != %s)" % (x, x, cpp_string_literal(d))
            return "!%s.empty()" % x if d == "" else "%s != %s" % (x, cpp_string_literal(d))
        default = self.default_value(field)
        return "%s != %s" % (x, default if default else ("false" if element == "bool" else "0"))

    def tagged_presence(self, out):
        tagged = self.struct.tagged_fields()
        names = []
        for f in tagged:
            cond = version_condition(f.versions, self.context)
            test = self.non_default(f)
            if cond:
                test = "(%s) && %s" % (cond, test)
            name = "tag%d_present" % f.tag
            out.append("        const bool %s = %s;" % (name, test))
            names.append(name)
        return tagged, names

    def encode_body(self, out):
        out.append("    [[maybe_unused]] const bool flexible = %s;"
                   % bool_expression(self.message.flexible, self.context))
        self.guarded_fields(out, lambda field, o, ind: self.encode_value(
            field, field.name, self.flex_of(field, False), o, ind))
        if self.flexible_versions.empty():
            return
        if not self.struct.tagged_fields():
            out.append("    if (flexible) w.write_unsigned_varint(0);  // no tagged fields")
            return
        out.append("    if (flexible) {")
        tagged, names = self.tagged_presence(out)
        out.append("        w.write_unsigned_varint(%s);" % " + ".join("uint32_t{%s}" % n for n in names))
        for f, name in zip(tagged, names):
            out.append("        if (%s) {" % name)
            out.append("            std::size_t value_size = 0;")
            self.size_value(f, f.name, "true", "value_size", out, 3)
            out.append("            w.write_tagged_field_header(%d, value_size);" % f.tag)
            self.encode_value(f, f.name, "true", out, 3)
            out.append("        }")
        out.append("    }")

    def size_body(self, out):
        out.append("    [[maybe_unused]] const bool flexible = %s;"
                   % bool_expression(self.message.flexible, self.context))
        out.append("    std::size_t size_bytes = 0;")
        self.guarded_fields(out, lambda field, o, ind: self.size_value(
            field, field.name, self.flex_of(field, False), "size_bytes", o, ind))
        if not self.flexible_versions.empty():
            if not self.struct.tagged_fields():
                out.append("    if (flexible) size_bytes += 1;  // empty tagged-field section")
            else:
                out.append("    if (flexible) {")
                tagged, names = self.tagged_presence(out)
                out.append("        size_bytes += unsigned_varint_size(%s);"
                           % " + ".join("uint32_t{%s}" % n for n in names))
                for f, name in zip(tagged, names):
                    out.append("        if (%s) {" % name)
                    out.append("            std::size_t value_size = 0;")
                    self.size_value(f, f.name, "true", "value_size", out, 3)
                    out.append("            size_bytes += tagged_field_header_size(%d, value_size) + value_size;" % f.tag)
                    out.append("        }")
                out.append("    }")
        out.append("    return size_bytes;")


def struct_min_size(message, struct, version):
    """Fewest bytes `struct` can take on the wire at `version` (tagged fields absent)."""
    flexible = message.flexible.lo <= version <= message.flexible.hi
    total = 1 if flexible else 0
    for f in struct.regular_fields():
        if not f.versions.lo <= version <= f.versions.hi:
            continue
        compact = flexible
        if f.flexible_override is not None:
            compact = f.flexible_override.lo <= version <= f.flexible_override.hi
        fixed = None if f.type.is_array else PRIMITIVE_TYPES.get(f.type.element, (None, None))[1]
        if fixed is not None:
            total += fixed
        elif f.type.is_struct and not f.type.is_array:
            nullable = f.nullable.lo <= version <= f.nullable.hi
            total += 1 if nullable else struct_min_size(message, f.struct, version)
        elif f.type.element == "string" and not f.type.is_array:
            total += 1 if compact else 2
        else:
            total += 1 if compact else 4  # bytes, records, arrays
    return total
