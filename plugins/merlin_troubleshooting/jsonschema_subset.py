"""A small JSON Schema (2020-12) validator for the keywords the site's published schemas use.

The build checks the ``catalog.json`` it writes against ``schemas/catalog.schema.json``,
and the tests check real analyzer reports against ``schemas/report.schema.json``, so the
published contract cannot drift from the output. The schemas use a deliberate subset of
JSON Schema; a keyword outside it is an error (``SchemaError``) rather than silently
ignored, so a schema edit can never weaken the check without anyone noticing. Any full
JSON Schema validator accepts the same schemas and gives the same answers.

Iterative (an explicit stack), so a deeply nested instance cannot overflow anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs"}
ASSERTIONS = {
    "type", "properties", "required", "additionalProperties", "items", "enum", "const",
    "pattern", "minimum", "minLength", "minItems", "anyOf", "$ref",
}  # fmt: skip
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class SchemaError(ValueError):
    """The schema itself uses something this validator does not implement."""


@dataclass(frozen=True)
class Violation:
    path: str  # JSON pointer-ish location in the instance, e.g. /errors/3/url
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


def _resolve(root: dict, ref: str) -> dict:
    if not ref.startswith("#/$defs/"):
        raise SchemaError(f"only local $ref '#/$defs/<name>' is supported, got {ref!r}")
    name = ref.removeprefix("#/$defs/")
    try:
        return root["$defs"][name]
    except KeyError:
        raise SchemaError(f"$ref {ref!r} points at no definition") from None


def check_schema(schema: dict) -> None:
    """Raise ``SchemaError`` if any (sub)schema uses a keyword outside the supported subset."""
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, bool):
            continue
        if not isinstance(node, dict):
            raise SchemaError(f"a schema must be an object or a boolean, got {node!r}")
        unknown = sorted(set(node) - ANNOTATIONS - ASSERTIONS)
        if unknown:
            raise SchemaError(f"unsupported keyword(s): {', '.join(unknown)}")
        stack.extend(node.get("properties", {}).values())
        stack.extend(node.get("$defs", {}).values())
        stack.extend(node.get("anyOf", []))
        for key in ("items", "additionalProperties"):
            if key in node:
                stack.append(node[key])


def violations(instance: Any, schema: dict) -> list[Violation]:
    """Every place where ``instance`` does not match ``schema`` (empty list = valid)."""
    check_schema(schema)
    found: list[Violation] = []
    stack: list[tuple[Any, Any, str]] = [(instance, schema, "")]
    while stack:
        value, node, path = stack.pop()
        if node is True:
            continue
        if node is False:
            found.append(Violation(path, "no value is allowed here"))
            continue
        if "$ref" in node:
            stack.append((value, _resolve(schema, node["$ref"]), path))
        if "anyOf" in node and all(_sub_violations(value, option, schema) for option in node["anyOf"]):
            found.append(Violation(path, "matches none of the allowed shapes (anyOf)"))
        if "type" in node:
            allowed = node["type"] if isinstance(node["type"], list) else [node["type"]]
            if not any(_TYPES[name](value) for name in allowed):
                found.append(Violation(path, f"expected {' or '.join(allowed)}, got {type(value).__name__}"))
                continue
        if "enum" in node and value not in node["enum"]:
            found.append(Violation(path, f"{value!r} is not one of {node['enum']}"))
        if "const" in node and value != node["const"]:
            found.append(Violation(path, f"expected {node['const']!r}, got {value!r}"))
        if isinstance(value, str):
            if "pattern" in node and not re.search(node["pattern"], value):
                found.append(Violation(path, f"{value!r} does not match {node['pattern']!r}"))
            if len(value) < node.get("minLength", 0):
                found.append(Violation(path, f"shorter than {node['minLength']} characters"))
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and "minimum" in node and value < node["minimum"]:
            found.append(Violation(path, f"{value} is less than {node['minimum']}"))
        if isinstance(value, list):
            if len(value) < node.get("minItems", 0):
                found.append(Violation(path, f"fewer than {node['minItems']} items"))
            if "items" in node:
                stack.extend((item, node["items"], f"{path}/{n}") for n, item in enumerate(value))
        if isinstance(value, dict):
            missing = [name for name in node.get("required", []) if name not in value]
            found.extend(Violation(path, f"missing required field {name!r}") for name in missing)
            properties = node.get("properties", {})
            extra = node.get("additionalProperties", True)
            for name, item in value.items():
                if name in properties:
                    stack.append((item, properties[name], f"{path}/{name}"))
                else:
                    stack.append((item, extra, f"{path}/{name}"))
    return found


def _sub_violations(value: Any, node: Any, root: dict) -> list[Violation]:
    """Violations of one ``anyOf`` option, resolving ``$ref`` against the root schema."""
    if isinstance(node, dict) and "$ref" in node:
        node = _resolve(root, node["$ref"])
    if isinstance(node, bool):
        return [] if node else [Violation("", "no value is allowed here")]
    return violations(value, {**node, "$defs": root.get("$defs", {})})
