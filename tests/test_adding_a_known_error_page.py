"""The catalog example on *Adding a known error* is valid against the real catalog schema.

The page teaches docs writers the format; if the schema changes and the example does not, the
page would teach a format the build rejects.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from diagnoser.catalog import load_catalog
from diagnoser.catalog.schema import validate

PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "adding-a-known-error.md"


def test_the_example_entry_on_the_page_validates_with_the_real_schema() -> None:
    block = re.search(r"```yaml\n(id: .*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert block, "the page's example entry (a ```yaml block starting with id:) is missing"
    entry = yaml.safe_load(block.group(1))
    known = [e for e in load_catalog().errors if e.id in entry.get("related", [])]
    assert known, "the example should relate to a real entry"
    catalog = validate([entry, *({"id": e.id, **_stub(e.id)} for e in known)])
    assert entry["id"] in catalog.ids


def _stub(error_id: str) -> dict:
    """A minimal valid entry for an id the example refers to."""
    return {
        "title": error_id,
        "stage": "image-build",
        "summary": "s",
        "meaning": "m",
        "signals": [{"message": f"literal {error_id}"}],
        "steps": ["s"],
    }
