"""Every known error is proven by its own fixtures, the way linters test their rules.

``diagnoser/catalog/fixtures/<id>/match-*.txt`` must produce a finding with that id;
``nomatch-*.txt`` (near misses) must not; ``_healthy/`` must produce no finding at all.
Header lines (``# expect...: ...``) at the top of a fixture add expectations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from diagnoser import diagnose
from diagnoser.catalog import CatalogError, load_catalog, read_yaml_entries

FIXTURES = Path(__file__).resolve().parents[1] / "diagnoser" / "catalog" / "fixtures"
HEALTHY = "_healthy"
_HEADER = re.compile(r"# (expect(?:-top|-fact|-explained-by)?): ?(.*)")


@dataclass
class Fixture:
    path: Path
    error_id: str
    positive: bool
    text: str
    expect: list[str] = field(default_factory=list)
    expect_top: str | None = None
    expect_facts: dict[str, str] = field(default_factory=dict)
    expect_explained_by: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.error_id}/{self.path.name}"


def read_fixture(path: Path) -> Fixture:
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    fixture = Fixture(path=path, error_id=path.parent.name, positive=path.name.startswith("match-"), text="")
    body_start = 0
    for body_start, line in enumerate(lines):  # noqa: B007 - body_start is used after the loop
        header = _HEADER.fullmatch(line.rstrip())
        if header is None:
            break
        key, value = header.group(1), header.group(2).strip()
        if key == "expect":
            fixture.expect.extend(v.strip() for v in value.split(",") if v.strip())
        elif key == "expect-top":
            fixture.expect_top = value
        elif key == "expect-fact":
            name, _, fact = value.partition("=")
            fixture.expect_facts[name.strip()] = fact.strip()
        else:
            symptom, _, cause = value.partition("=")
            fixture.expect_explained_by[symptom.strip()] = cause.strip()
    else:
        body_start = len(lines)
    fixture.text = "\n".join(lines[body_start:])
    return fixture


def all_fixtures() -> list[Fixture]:
    return [read_fixture(path) for path in sorted(FIXTURES.glob("*/*.txt"))]


FIXTURE_LIST = all_fixtures()


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=lambda f: f.name)
def test_fixture_gives_the_expected_findings(fixture: Fixture) -> None:
    report = diagnose(fixture.text)
    found = [f.id for f in report.findings]
    if fixture.error_id == HEALTHY:
        assert found == [], f"healthy input produced findings: {found}"
        return
    if fixture.positive:
        assert fixture.error_id in found, f"{fixture.error_id} not found; got {found}"
    else:
        assert fixture.error_id not in found, f"near miss matched {fixture.error_id}; got {found}"
    for extra in fixture.expect:
        assert extra in found, f"expected {extra} as well; got {found}"
    if fixture.expect_top:
        assert found and found[0] == fixture.expect_top, f"expected {fixture.expect_top} first; got {found}"
    by_id = {f.id: f for f in report.findings}
    for name, value in fixture.expect_facts.items():
        facts = by_id[fixture.error_id].facts
        assert str(facts.get(name)) == value, f"fact {name}: expected {value!r}, got {facts.get(name)!r}"
    for symptom, cause in fixture.expect_explained_by.items():
        assert symptom in by_id, f"expected symptom {symptom}; got {found}"
        assert by_id[symptom].explained_by == cause


@pytest.mark.parametrize("fixture", [f for f in FIXTURE_LIST if f.positive], ids=lambda f: f.name)
def test_positive_fixture_evidence_points_at_real_lines(fixture: Fixture) -> None:
    report = diagnose(fixture.text)
    lines = fixture.text.split("\n")
    finding = next(f for f in report.findings if f.id == fixture.error_id)
    assert finding.evidence, "a finding must show at least one evidence line"
    for evidence in finding.evidence:
        assert 1 <= evidence.line <= len(lines)
        assert evidence.text.strip() and evidence.text[:40] in lines[evidence.line - 1].replace("\r", "")


@pytest.mark.parametrize("error_id", load_catalog().ids)
def test_every_known_error_has_fixtures_in_three_shapes_a_fragment_and_two_near_misses(error_id: str) -> None:
    fixtures = [f for f in FIXTURE_LIST if f.error_id == error_id]
    positives = [f for f in fixtures if f.positive]
    negatives = [f for f in fixtures if not f.positive]
    kinds = {kind for f in positives for kind in diagnose(f.text).input.kinds}
    fragments = [f for f in positives if "fragment" in f.path.name]
    assert len(positives) >= 3, f"{error_id}: needs 3+ match-*.txt fixtures"
    assert len(kinds) >= 3, f"{error_id}: positives cover only the input kinds {sorted(kinds)}"
    assert fragments, (
        f"{error_id}: needs a match-fragment-*.txt fixture (a part of an output, as users copy it)"
    )
    assert len(negatives) >= 2, f"{error_id}: needs at least two nomatch-*.txt near misses"


def test_every_fixture_directory_names_a_known_error() -> None:
    ids = set(load_catalog().ids) | {HEALTHY}
    unknown = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name not in ids)
    assert not unknown, f"fixture folders without a catalog entry: {unknown}"


def test_published_ids_are_never_removed() -> None:
    """The Merlin UI links to ``#<id>``: an id, once published, must keep its entry and anchor."""
    listed = FIXTURES.parent / "published-ids.txt"
    lines = [line.strip() for line in listed.read_text(encoding="utf-8").splitlines()]
    published = {line for line in lines if line and not line.startswith("#")}
    ids = set(load_catalog().ids)
    assert not published - ids, f"published ids without a catalog entry: {sorted(published - ids)}"
    assert not ids - published, f"new ids to append to {listed.name}: {sorted(ids - published)}"


def test_a_key_given_twice_in_an_entry_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    (tmp_path / "twice.yaml").write_text(
        "id: twice\nsignals:\n  - message: 'x'\n    unless: [a]\n    unless: [b]\n", encoding="utf-8"
    )
    with pytest.raises(CatalogError, match="'unless' is given twice"):
        read_yaml_entries(tmp_path)
