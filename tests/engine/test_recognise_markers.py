"""The block markers' declared first characters: the lookahead that lets blank lines and most
log lines skip the marker alternation must never hide a marker that a real paste holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diagnoser import recognise

ROOT = Path(__file__).resolve().parents[2]
PASTES = sorted((ROOT / "diagnoser/catalog/fixtures").glob("*/*.txt")) + sorted(
    (ROOT / "tests/corpus").glob("*/*.txt")
)


@pytest.mark.parametrize(("name", "first", "body"), recognise._MARKER_SOURCES, ids=lambda v: str(v)[:20])
def test_every_marker_match_in_the_pastes_starts_with_a_declared_character(
    name: str, first: str, body: str
) -> None:
    pattern = re.compile(f"^(?:{body})", re.MULTILINE)
    seen = 0
    for path in PASTES:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            seen += 1
            assert match.group()[0] in first, f"{name} matched {match.group()[:40]!r} in {path.name}"
    assert seen, f"no paste holds a {name} marker: the check proves nothing for it"


def test_blank_lines_and_plain_log_lines_start_no_marker() -> None:
    text = "\n" * 1000 + "2024-05-01T10:00:00Z INFO serving model\n" * 10
    assert list(recognise._MARKERS.finditer(text)) == []


def _walk_up(doc, line: int, pattern) -> int:
    top = line
    while top > doc.first_line and line - top < recognise._MAX_BLOCK_TOP:
        if not pattern.match(doc.line(top - 1)):
            break
        top -= 1
    return top


def test_block_tops_reuse_gives_the_same_top_as_walking_up_from_every_marker() -> None:
    import random

    from diagnoser.normalise import normalise

    rng = random.Random(7)
    pieces = ["  c1:", "    Image:  r/m:1", "    State:  Waiting", "      Reason:  CrashLoopBackOff", "x", ""]
    for _ in range(40):
        doc = normalise("\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 300))))
        tops = recognise._BlockTops(doc, recognise._CONTAINER_BLOCK_LINE)
        lines = sorted(rng.sample(range(1, doc.line_count + 1), min(doc.line_count, 30)))
        for line in lines + lines[::-1]:
            assert tops.top(line) == _walk_up(doc, line, recognise._CONTAINER_BLOCK_LINE)


JQ_CONTAINER_STATUSES = """\
[
  {
    "containerID": "containerd://4b1f0c9e7a2d",
    "image": "registry.example/merlin/eta-2:1.0.3",
    "lastState": {
      "terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": "2026-11-27T03:12:44Z"}
    },
    "name": "kserve-container",
    "ready": true,
    "restartCount": 1,
    "state": {"running": {"startedAt": "2026-11-27T03:12:46Z"}}
  }
]
"""


def test_a_json_status_key_is_read_from_the_bracket_that_opens_its_item() -> None:
    from diagnoser import diagnose
    from diagnoser.normalise import normalise

    doc = normalise(JQ_CONTAINER_STATUSES)
    assert recognise.json_fragment_top(doc, 5) == 1  # "lastState" sits in the array of line 1
    # Read whole, the item keeps "ready": true: its OOMKilled last state is history.
    assert [finding.id for finding in diagnose(JQ_CONTAINER_STATUSES).findings] == []
    cut = JQ_CONTAINER_STATUSES.split("\n", 4)[4]  # the copy starts at "lastState"
    assert recognise.json_fragment_top(normalise(cut), 1) == 1
