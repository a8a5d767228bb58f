"""The word index and the absent parts that let a big paste skip literal scans: they never
change what is found."""

from __future__ import annotations

from pathlib import Path

from diagnoser.catalog import load_catalog
from diagnoser.match import _head_and_tail_holding, _LiteralLines, _words_of
from diagnoser.normalise import normalise

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_a_big_paste_finds_the_same_lines_for_every_literal_with_and_without_its_word_index() -> None:
    catalog = load_catalog()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.glob("*/*.txt"))[::3]]
    doc = normalise("\n".join(texts))
    indexed = _LiteralLines(doc.text, doc.line_of, catalog.literal_parts)
    assert indexed.subsume
    found = skipped = 0
    for literal in catalog.literals:
        lines = _head_and_tail_holding(doc.text, literal, doc.line_of) if literal in doc.text else []
        assert indexed.holding(literal) == lines, literal
        found += bool(lines)
        skipped += not lines and any(word not in indexed.words for word in _words_of(literal))
    assert 0 < found < len(catalog.literals)  # the sample holds some literals and lacks others
    assert skipped  # some absences were answered by the word index, with no scan of the text


def test_a_word_of_a_literal_inside_a_longer_word_of_the_text_is_present() -> None:
    # "Killed" is inside "OOMKilled", "memory" inside "outofmemory": the index keeps whole
    # letter runs, and a literal's word is looked for inside them, not compared with them.
    text = "state: OOMKilled by the kernel (outofmemory)\n" * 4_000
    doc = normalise(text)
    lines = _LiteralLines(doc.text, doc.line_of)
    assert lines.subsume
    assert lines.holding("Killed by") == [*range(1, 1001), *range(3001, 4001)]
    assert lines.holding("ofmemory)") != []
    assert lines.holding("Killed by a signal") == []
    assert "signal" not in lines.words


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


def test_a_word_inside_a_letter_run_longer_than_the_index_keeps_whole_is_still_present() -> None:
    # A run of 300 letters is indexed as overlapping pieces: a word anywhere in it is found,
    # at its start, across a piece's edge and at its end; a megabyte of one letter is one piece.
    run = "".join(chr(ord("a") + (i * 7) % 26) for i in range(300))
    text = f"{run} pushed\n" * 500
    doc = normalise(text)
    lines = _LiteralLines(doc.text, doc.line_of)
    assert lines.subsume
    for start in (0, 60, 127, 200, 300 - 40):
        word = run[start : start + 40]
        assert lines.holding(word) == [*range(1, 501)], start
    assert lines.holding(run[:30] + "Q") == []
    assert len(_LiteralLines("x" * 1_000_000, lambda offset: 1).words) < 200
