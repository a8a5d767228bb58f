"""The JSON Schemas the site publishes hold for the real output, and the examples give their answer.

``docs/schemas/report.schema.json`` is checked against real reports of the engine (every
catalog fixture and every shipped example, through the browser worker's own entry point);
``catalog.schema.json`` against the built ``catalog.json`` in tests/test_site_build.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from merlin_troubleshooting.assets import load_examples
from merlin_troubleshooting.jsonschema_subset import SchemaError, check_schema, violations

from diagnoser.browser import analyze

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "docs" / "schemas"
FIXTURES = REPO / "diagnoser" / "catalog" / "fixtures"
EXAMPLES = REPO / "diagnoser" / "examples"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def test_published_schemas_use_only_the_checked_keywords() -> None:
    for name in ("catalog.schema.json", "report.schema.json"):
        check_schema(schema(name))
    with pytest.raises(SchemaError, match="unsupported keyword"):
        check_schema({"type": "object", "patternProperties": {}})


def test_every_real_report_matches_the_report_schema() -> None:
    report_schema = schema("report.schema.json")
    pastes = sorted(FIXTURES.glob("*/*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    assert len(pastes) > 20
    problems = {}
    for paste in pastes:
        report = json.loads(analyze(paste.read_text(encoding="utf-8"), "{}"))
        found = violations(report, report_schema)
        if found:
            problems[str(paste.relative_to(REPO))] = [str(v) for v in found[:3]]
    assert problems == {}
    empty = json.loads(analyze("", "{}"))
    assert violations(empty, report_schema) == []


def test_the_report_schema_rejects_a_report_of_the_wrong_shape() -> None:
    report = json.loads(analyze((EXAMPLES / "history-image-not-found.txt").read_text(), "{}"))
    report["findings"][0]["evidence"][0]["line"] = 0
    del report["findings"][0]["url"]
    messages = sorted(str(v) for v in violations(report, schema("report.schema.json")))
    assert messages == [
        "/findings/0/evidence/0/line: 0 is less than 1",
        "/findings/0: missing required field 'url'",
    ]


def test_each_example_paste_is_analyzed_as_its_index_says() -> None:
    examples = load_examples(EXAMPLES)
    assert len(examples) >= 5
    for example in examples:
        report = json.loads(analyze((EXAMPLES / example.file).read_text(encoding="utf-8"), "{}"))
        assert report["findings"], example.file
        assert report["findings"][0]["id"] == example.finding, example.file
