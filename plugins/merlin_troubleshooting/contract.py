"""The *Linking from the Merlin UI* page's description of ``catalog.json``, generated at build time.

The page once described ``catalog.json`` as a list while the file is an object; UI code
written from it would have broken. So the page no longer describes the file by hand:

- ``<!-- merlin:catalog-json-example -->`` becomes the real file of this build, with its
  ``errors`` list cut to one real entry (the count is said under it);
- ``<!-- merlin:catalog-json-fields -->`` becomes two tables (top-level fields, fields of
  each error) read from the published JSON Schema's ``description``s;

and the build checks the file against that schema (``assets.check_catalog_index``).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

EXAMPLE_MARKER = re.compile(r"<!--\s*merlin:catalog-json-example\s*-->")
FIELDS_MARKER = re.compile(r"<!--\s*merlin:catalog-json-fields\s*-->")
EXAMPLES_MARKER = re.compile(r"<!--\s*merlin:examples\s*-->")
PREFERRED_EXAMPLE = "oomkilled"  # the entry shown, when the catalog has it


def example_json(index: dict[str, Any]) -> str:
    """``index`` as the page shows it: every top-level field, one real entry of ``errors``."""
    errors = index["errors"]
    shown = [e for e in errors if e["id"] == PREFERRED_EXAMPLE] or errors[:1]
    text = json.dumps({**index, "errors": shown}, indent=2, ensure_ascii=False, sort_keys=True)
    return (
        f"```json\n{text}\n```\n\n"
        f"This is the file of this build with its `errors` list cut to one of its {len(errors)} entries.\n"
    )


def _type_of(node: dict[str, Any]) -> str:
    if "enum" in node:
        return " or ".join(f"`{value}`" for value in node["enum"])
    if "$ref" in node:
        return "object"
    kind = node.get("type", "any")
    if kind == "array" and "items" in node:
        inner = "objects" if "$ref" in node["items"] else f"{node['items'].get('type', 'any')}s"
        return f"list of {inner}"
    return " or ".join(kind) if isinstance(kind, list) else kind


def _table(node: dict[str, Any]) -> list[str]:
    required = set(node.get("required", []))
    rows = ["| Field | Type | Meaning |", "|---|---|---|"]
    for name, field in node.get("properties", {}).items():
        optional = "" if name in required else " (optional)"
        description = field.get("description", "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{name}`{optional} | {_type_of(field)} | {description} |")
    return rows


def field_tables(schema: dict[str, Any], schema_link: str) -> str:
    """The fields of ``catalog.json`` and of each entry, from the schema (``schema_link``: its URL)."""
    entry = schema["$defs"]["error"]
    return "\n".join(
        [
            "The file is a JSON **object**:",
            "",
            *_table(schema),
            "",
            "Each object of `errors`:",
            "",
            *_table(entry),
            "",
            f"The same, as a JSON Schema (2020-12): [`catalog.schema.json`]({schema_link}).",
            "",
        ]
    )


def expand_contract_markers(
    markdown: str, index: dict[str, Any], schema: dict[str, Any], schema_link: str
) -> str:
    markdown = EXAMPLE_MARKER.sub(lambda _m: example_json(index), markdown)
    return FIELDS_MARKER.sub(lambda _m: field_tables(schema, schema_link), markdown)


def examples_list(examples: list[tuple[str, str]], root: str) -> str:
    """A list of links to the example pastes (``(title, file)``), relative to the site ``root``.

    Raw HTML links: the files are written into the site after the pages, so MkDocs cannot
    check them; tests/test_site_build.py does.
    """
    items = [
        f'- <a href="{root}examples/{html.escape(file)}">{html.escape(title)}</a> (`{file}`)'
        for title, file in examples
    ]
    return "\n".join(items) + "\n"


def expand_examples_marker(markdown: str, examples: list[tuple[str, str]], root: str) -> str:
    return EXAMPLES_MARKER.sub(lambda _m: examples_list(examples, root), markdown)
