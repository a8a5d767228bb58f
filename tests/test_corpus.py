"""The engine against the corpus of pastes in ``tests/corpus/`` (``make corpus`` prints the score).

Every case must give its expected answer, except the cases listed, with the reason, in
``tests/corpus/known-misses.txt``: a known miss that starts passing must leave the list (so
the list only shrinks), and no case may ever get a confident wrong answer (a wrong top
finding with high confidence).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import corpus  # noqa: E402

CASES = corpus.load_cases()
KNOWN_MISSES_FILE = corpus.CORPUS / "known-misses.txt"


def known_misses() -> dict[str, str]:
    misses = {}
    for line in KNOWN_MISSES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            file, _, reason = line.partition("  ")
            misses[file.strip()] = reason.strip()
    return misses


KNOWN = known_misses()


def test_corpus_meets_its_size_and_shape_requirements() -> None:
    ids = {i for case in CASES for i in case.expect}
    assert len(CASES) >= 150
    assert sum(case.fragment for case in CASES) >= 30
    assert sum(1 for case in CASES if not case.expect or case.absent) >= 20
    assert sum(1 for case in CASES if len(case.expect) >= 2) >= 15
    for error_id in ids:
        shapes = {case.shape for case in CASES if case.expect[:1] == [error_id]}
        assert len(shapes) >= 5, f"{error_id}: first in only {sorted(shapes)}"


def test_every_listed_file_exists_and_every_file_is_listed() -> None:
    listed = {case.file for case in CASES}
    on_disk = {str(p.relative_to(corpus.CORPUS)) for p in corpus.CORPUS.glob("*/*.txt")}
    assert listed == on_disk
    assert set(KNOWN) <= listed, f"known misses not in the corpus: {sorted(set(KNOWN) - listed)}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_corpus_case(case: corpus.Case) -> None:
    outcome = corpus.judge_case(case)
    assert not outcome.confident_wrong, f"confident wrong answer: {outcome.why}"
    if case.file in KNOWN:
        assert not outcome.passed, f"{case.file} passes now: remove it from known-misses.txt"
    else:
        assert outcome.passed, outcome.why
