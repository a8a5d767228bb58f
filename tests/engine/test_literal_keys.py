"""The key words that let a big paste skip literal scans: they never change what is found."""

from __future__ import annotations

from pathlib import Path

from diagnoser.catalog import load_catalog
from diagnoser.match import _LiteralLines
from diagnoser.normalise import normalise

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_every_key_is_a_word_its_literal_holds_and_is_shared() -> None:
    keys = load_catalog().literal_keys
    assert keys, "the catalog's literals share words"
    for literal, key in keys.items():
        assert key in literal
    shared = {key: sum(1 for k in keys.values() if k == key) for key in set(keys.values())}
    assert min(shared.values()) >= 2  # a key held by one literal would be a second scan


def test_a_big_paste_finds_the_same_lines_for_every_literal_with_and_without_keys() -> None:
    catalog = load_catalog()
    literals = sorted(
        {lit for error in catalog.errors for signal in error.signals for lit in signal.literals}
    )
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.glob("*/*.txt"))[::3]]
    # Leave out the pastes holding the sample's rarest key, so that the sample lacks one key
    # whatever the corpus holds (a new batch shifts which pastes every third one picks).
    keys = set(catalog.literal_keys.values())
    rarest = min(sorted(keys), key=lambda key: sum(key in text for text in texts))
    doc = normalise("\n".join(text for text in texts if rarest not in text))
    keyed = _LiteralLines(doc.text, doc.line_of, catalog.literal_keys)
    plain = _LiteralLines(doc.text, doc.line_of)
    assert keyed.subsume
    found = 0
    for literal in literals:
        lines = plain.holding(literal)
        assert keyed.holding(literal) == lines, literal
        found += bool(lines)
    assert 0 < found < len(literals)  # the sample holds some literals and lacks others
    assert any(not present for present in keyed.key_present.values())  # some scans were skipped


def test_a_literal_holding_one_found_absent_is_answered_absent_without_a_scan() -> None:
    text = "INFO serving request 200\n" * 8_000  # above the size where absences are remembered
    doc = normalise(text)
    parts = {"ValueError: bad input": ("Error: ",)}
    lines = _LiteralLines(doc.text, doc.line_of, parts=lambda literal: parts.get(literal, ()))
    assert lines.subsume
    assert lines.holding("Error: ") == []
    assert lines.absent == {"Error: "}
    assert lines.holding("ValueError: bad input") == []  # holds "Error: ": known absent
    assert lines.absent == {"Error: "}  # answered from the first absence, not scanned and added
    # A present literal is still found, on the first and the last lines that hold it.
    assert lines.holding("serving request") == [*range(1, 1001), *range(7001, 8001)]


def test_a_catalog_literals_parts_are_the_shorter_literals_it_holds() -> None:
    catalog = load_catalog()
    for literal in catalog.literals:
        parts = catalog.literal_parts(literal)
        assert all(part in literal and len(part) < len(literal) for part in parts)
        assert set(parts) == {o for o in catalog.literals if len(o) < len(literal) and o in literal}
