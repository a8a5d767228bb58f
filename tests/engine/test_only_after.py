"""``only_after`` in the catalog: a message hit that counts only when one of the few lines
before it says what it means (``engine._not_explained_by_the_line_before``).

pip's "Could not find a version that satisfies the requirement merlin-pyfunc-server..." with
older releases listed is a pin that is not released, unless pip first printed that it
ignored releases for their Requires-Python: then the model's Python is what Merlin's server
does not support.
"""

from __future__ import annotations

import pytest

from diagnoser import diagnose
from diagnoser.catalog import CatalogError
from diagnoser.catalog.schema import validate

IGNORED = (
    "ERROR: Ignored the following versions that require a different python version: "
    "0.50.0 Requires-Python <3.12,>=3.9\n"
)
NOT_FOUND = (
    "ERROR: Could not find a version that satisfies the requirement merlin-pyfunc-server==0.50.0 "
    "(from versions: 0.2.0, 0.3.1)\n"
    "ERROR: No matching distribution found for merlin-pyfunc-server==0.50.0\n"
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_the_ignored_releases_line_before_makes_the_miss_about_python() -> None:
    assert ids(IGNORED + NOT_FOUND)[:2] == ["python-version-unsupported", "dependency-resolution-failed"]


def test_without_the_ignored_releases_line_the_pin_is_just_not_released() -> None:
    found = ids(NOT_FOUND)
    assert found[0] == "dependency-resolution-failed"
    assert "python-version-unsupported" not in found


def test_an_ignored_line_far_above_does_not_count() -> None:
    filler = "".join(f"Collecting package-{n}\n" for n in range(20))
    assert "python-version-unsupported" not in ids(IGNORED + filler + NOT_FOUND)


def test_only_after_must_be_a_regex_string() -> None:
    entry = {
        "id": "x-test", "title": "t", "stage": "deployment", "frequency": "rare", "role": "cause",
        "summary": "s", "meaning": "m", "steps": ["s"],
        "signals": [{"message": "abc def", "only_after": 3}],
    }  # fmt: skip
    with pytest.raises(CatalogError, match="only_after must be a regex string"):
        validate([entry])
