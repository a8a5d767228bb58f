"""Score the engine on the corpus of pastes in ``tests/corpus/``: ``make corpus``.

Each ``tests/corpus/manifest-*.yaml`` lists pastes with the ids the report must give, in
order (first = root cause), the ids it must not give, the paste's shape and whether it is
a fragment. A case passes when the top finding is the expected first id, every expected id
is reported in the expected order, and no ``absent`` id is reported; ``expect: []`` passes
only with no finding at all. A miss whose top finding has high confidence is a *confident
wrong answer*, the worst kind, and is counted on its own.

    .venv/bin/python scripts/corpus.py            # score, per-shape table, confusion list
    .venv/bin/python scripts/corpus.py --json     # the same as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
sys.path.insert(0, str(ROOT))

from diagnoser import diagnose  # noqa: E402


@dataclass
class Case:
    file: str
    shape: str
    expect: list[str]
    fragment: bool = False
    absent: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Outcome:
    case: Case
    found: list[str]
    top_confidence: str | None
    passed: bool
    why: str = ""

    @property
    def confident_wrong(self) -> bool:
        return (
            not self.passed
            and self.top_confidence == "high"
            and (not self.case.expect or self.found[:1] != self.case.expect[:1])
        )


def load_cases(corpus: Path = CORPUS) -> list[Case]:
    cases: list[Case] = []
    for manifest in sorted(corpus.glob("manifest-*.yaml")):
        for item in yaml.safe_load(manifest.read_text(encoding="utf-8")) or []:
            cases.append(
                Case(
                    file=item["file"],
                    shape=item["shape"],
                    expect=list(item.get("expect") or []),
                    fragment=bool(item.get("fragment", False)),
                    absent=list(item.get("absent") or []),
                    note=item.get("note", ""),
                )
            )
    return cases


def judge_case(case: Case, corpus: Path = CORPUS) -> Outcome:
    report = diagnose((corpus / case.file).read_bytes())
    found = [f.id for f in report.findings]
    top = report.findings[0].confidence if report.findings else None
    why = ""
    if not case.expect:
        if found:
            why = f"expected no finding, got {found}"
    elif not found or found[0] != case.expect[0]:
        why = f"expected {case.expect[0]} first, got {found or 'nothing'}"
    else:
        positions = [found.index(i) if i in found else -1 for i in case.expect]
        if -1 in positions:
            why = f"missing {[i for i, p in zip(case.expect, positions, strict=True) if p == -1]}"
        elif positions != sorted(positions):
            why = f"wrong order: {found}"
    wrong = [i for i in case.absent if i in found]
    if wrong and not why:
        why = f"reported absent id(s) {wrong}"
    return Outcome(case=case, found=found, top_confidence=top, passed=not why, why=why)


def run(corpus: Path = CORPUS) -> list[Outcome]:
    return [judge_case(case, corpus) for case in load_cases(corpus)]


def print_report(outcomes: list[Outcome]) -> None:
    passed = sum(o.passed for o in outcomes)
    wrong = sum(o.confident_wrong for o in outcomes)
    total = len(outcomes)
    print(
        f"corpus: {passed}/{total} right ({100 * passed / max(total, 1):.1f}%),"
        f" {wrong} confident wrong answer(s)"
    )
    by_shape: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_shape[outcome.case.shape].append(outcome)
    fragments = [o for o in outcomes if o.case.fragment]
    print(f"fragments: {sum(o.passed for o in fragments)}/{len(fragments)}")
    print(f"\n{'shape':<20} {'right':>6} {'total':>6}")
    for shape in sorted(by_shape):
        items = by_shape[shape]
        print(f"{shape:<20} {sum(o.passed for o in items):>6} {len(items):>6}")
    misses = [o for o in outcomes if not o.passed]
    if misses:
        print("\nconfusion list (file: what was wrong):")
        for o in misses:
            flag = "  [confident wrong]" if o.confident_wrong else ""
            print(f"  {o.case.file}: {o.why}{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    outcomes = run()
    if args.json:
        print(json.dumps([{**asdict(o), "confident_wrong": o.confident_wrong} for o in outcomes], indent=1))
    else:
        print_report(outcomes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
