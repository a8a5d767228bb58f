"""Tables of advice pasted from a runbook or a wiki: "Symptom | Likely cause | What to do".

Their cells quote the errors word for word ("kserve-container Terminated 137 OOMKilled"),
but a table that pairs each message with its cause and its fix is documentation, not
output. Its header says so: one column names what a user sees (symptom, error, message)
and another what to do about it (cause, fix, solution, workaround). The header and the
rows below it, to the first blank line or the first line without the header's cell
separator (a tab, a Markdown pipe or a gap of spaces), are recorded as configuration:
text that is data, never matched as free lines.

A column of notes people wrote is the same kind of text: ``kubectl rollout history``'s
CHANGE-CAUSE holds each revision's ``kubernetes.io/change-cause`` annotation, a sentence
like "r3 pods were OOMKilled under 4Gi" about a revision since replaced, not a status.

Found by a few header words, each searched for as a literal (C speed); each table is read once.
"""

from __future__ import annotations

import re

from diagnoser.model import Facts
from diagnoser.normalise import Document

# The words an advice column's header starts with, as a header spells them; each is looked
# for on at most ``MAX_HEADERS`` lines where it stands as a word of its own, so a log full of
# "prefix", "because" or "Caused by" does not use them up and hide a table below it.
_ADVICE_WORDS = (
    "Cause", "CAUSE", "cause", "Fix", "FIX", "fix", "Solution", "SOLUTION", "Resolution", "Workaround",
    "Remedy", "Action", "ACTION", "What to do", "What To Do", "WHAT TO DO", "How to fix", "Next step",
    "solution", "resolution", "RESOLUTION", "workaround", "WORKAROUND", "remedy", "REMEDY", "what to do",
    "CHANGE-CAUSE",
)  # fmt: skip
# A header whose column holds people's notes (kubectl rollout history): data whatever else it has.
_NOTE_CELL = re.compile(r"CHANGE-CAUSE")
# The literal first, its word boundaries checked behind and after it: the regex engine then
# finds the literal with its own fast scan, as ``str.find`` would.
_ADVICE_WORD_PATTERNS = tuple(
    re.compile(f"{re.escape(word)}(?<![A-Za-z0-9]{re.escape(word)})(?:e?s)?(?![A-Za-z])")
    for word in _ADVICE_WORDS
)
_ADVICE_CELL = re.compile(
    r"(?i)(?:likely |root |probable |possible )?(?:causes?|fix(?:es)?|solutions?|resolutions?|"
    r"what to do|workarounds?|remed(?:y|ies)|actions?|how to fix|next steps?)\b"
)
_SYMPTOM_CELL = re.compile(
    r"(?i)(?:symptoms?|errors?|(?:error )?messages?|what you see|you see|observed|signal|event|status|"
    r"problem|issue)\b"
)
_MARKDOWN_RULE = re.compile(r"[ \t]{0,8}\|?[ \t]{0,8}:?-{3,}")
_SPACE_GAP = re.compile(r"[ \t]{2,}|\t")
MAX_HEADERS = 50
MAX_ROWS = 500
MAX_HEADER_CHARS = 300


def read(doc: Document, facts: Facts) -> None:
    """Record the line span of every advice table (header and rows) as configuration."""
    text = doc.text
    headers: set[int] = set()
    for pattern in _ADVICE_WORD_PATTERNS:
        found = pattern.search(text)
        for _ in range(MAX_HEADERS):
            if found is None:
                break
            headers.add(doc.line_of(found.start()))
            line_end = text.find("\n", found.end())
            found = None if line_end == -1 else pattern.search(text, line_end)  # each line once
    spans = []
    covered_to = 0
    for line in sorted(headers):
        if line <= covered_to:
            continue
        separator = _separator(doc.line(line))
        if separator is None:
            continue
        end = _last_row(doc, line, separator)
        if end > line:
            spans.append((line, end))
            covered_to = end
    facts.configuration.extend(spans)


def _separator(header: str) -> str | None:
    """The cell separator of an advice table's header, or None when the line is not one."""
    body = header.strip()
    if not body or len(body) > MAX_HEADER_CHARS:
        return None
    if "\t" in body:
        separator, cells = "\t", body.split("\t")
    elif body.startswith("|"):
        separator, cells = "|", body.strip("|").split("|")
    else:
        separator, cells = "  ", _SPACE_GAP.split(body)
    cells = [cell.strip() for cell in cells if cell.strip()]
    if len(cells) < 2 or any(len(cell) > 60 for cell in cells):
        return None  # a header's cells are a few words each
    if any(_NOTE_CELL.fullmatch(cell) for cell in cells):
        return separator
    advice = [i for i, cell in enumerate(cells) if _ADVICE_CELL.match(cell)]
    symptom = [i for i, cell in enumerate(cells) if _SYMPTOM_CELL.match(cell)]
    if not advice or not symptom or min(symptom) >= max(advice):
        return None  # what is seen comes first, what to do about it after
    return separator


def _last_row(doc: Document, header: int, separator: str) -> int:
    """The last row of the table under ``header``: rows carry the header's separator."""
    end = header
    for line in range(header + 1, min(doc.last_line, header + MAX_ROWS) + 1):
        row = doc.line(line)
        if not row.strip():
            break
        if separator == "|":
            holds = row.lstrip().startswith("|") or _MARKDOWN_RULE.match(row) is not None
        elif separator == "\t":
            holds = "\t" in row
        else:
            holds = _SPACE_GAP.search(row.strip()) is not None
        if not holds:
            break
        end = line
    return end
