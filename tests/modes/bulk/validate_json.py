#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validates a check_conn --format json report against doc/json-schema.json.

The checker below implements the part of JSON Schema the schema uses: type (one or a
list), required, properties, additionalProperties (false or a schema), items, enum,
minimum, pattern, and $ref to #/$defs/NAME. usage: validate_json.py SCHEMA REPORT [DEF]:
with DEF (e.g. check), the report is validated against #/$defs/DEF instead of the root."""
import json
import re
import sys

TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}


def type_ok(value, name):
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def check(value, schema, root, path, errors):
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        if not any(type_ok(value, n) for n in names):
            errors.append("%s: %r is not %s" % (path, value, "/".join(names)))
            return
    if "enum" in schema and value not in schema["enum"]:
        errors.append("%s: %r not in %r" % (path, value, schema["enum"]))
    if "minimum" in schema and isinstance(value, (int, float)) and value < schema["minimum"]:
        errors.append("%s: %r below %r" % (path, value, schema["minimum"]))
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        errors.append("%s: %r does not match %s" % (path, value, schema["pattern"]))
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append("%s: missing %s" % (path, key))
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                check(item, props[key], root, path + "." + key, errors)
            elif extra is False:
                errors.append("%s: unexpected key %s" % (path, key))
            elif isinstance(extra, dict):
                check(item, extra, root, path + "." + key, errors)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], root, "%s[%d]" % (path, i), errors)


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    with open(sys.argv[2]) as f:
        report = json.load(f)  # a real parser: malformed JSON fails here
    errors = []
    top = schema["$defs"][sys.argv[3]] if len(sys.argv) > 3 else schema
    check(report, top, schema, "$", errors)
    for e in errors[:20]:
        print("schema: " + e)
    sys.exit(1 if errors else 0)


main()
