"""Blocks pasted beside the output that describe errors instead of reporting one.

A reporter pastes what they were reading next to what failed: a command's ``--help`` (its
option help says "raise --memory if the container is OOMKilled"), a unified diff of the
change they made (a removed comment "# OOMKilled at load, exit 137"), a changelog's release
notes ("- fix: handle ImagePullBackOff ..."), pytest's report of the tests that passed (their
captured log lines are the fixtures a test feeds in). The words are the catalog's, but they
are file contents, documentation or test data. Each block has a grammar of its own that
tells where it ends; its lines are recorded as configuration: text that is data, never
matched as free lines.

* help output: the lines after a prompt whose command asks for help (``--help``, ``-h``,
  ``help <topic>``), up to the next prompt or the first line that is neither blank,
  indented nor a help section's heading (``Usage:``, ``Options:``, ``Flags:`` ...);
* a unified diff hunk: the ``@@ -a,b +c,d @@`` header and the lines its counts cover
  (context, ``-`` and ``+`` lines), ending early at a line no hunk holds;
* pytest's ``= PASSES =`` section, to the next ``= ... =`` banner;
* a changelog section: a Markdown heading that names a version (``## [0.45.0] - ...``,
  ``## 2.4.0 (2027-12-01)``) and the headings, bullets and indented lines under it;
* a logged request or response printed over several lines: a JSON key that holds what a
  model was sent or answered (``"inputs": [``, ``"instances": [``, ``"predictions": [``)
  opening a block, to the line that closes it at the key's indentation (a request logger's
  CloudEvent ``Data,``, a pretty-printed payload). The same key on one line is
  ``not_output``'s.

One pass over the lines; each block is read once and bounded.
"""

from __future__ import annotations

import re

from diagnoser.model import Facts
from diagnoser.normalise import Document, starts_of_lines_holding, starts_of_lines_matching
from diagnoser.prompts import PROMPT

MAX_BLOCK_LINES = 2_000
MAX_DOC_CHARS = 4 * 1024 * 1024  # a paste bigger than this is one long log, not a story

# A command asking for help: ``--help``, a ``help`` subcommand (``kubectl help``, ``helm help
# install``), or ``-h`` as the command's last word (``df -h``, ``du -h``, ``free -h`` and
# ``grep -h`` mean something else and print output).
_HELP_COMMAND = re.compile(r"(?:^|[ \t])(?:--help|help)(?=$|[ \t|;&>])|[ \t]-h[ \t]{0,4}$")
_NOT_HELP_H = re.compile(
    r"[ \t]{0,4}(?:sudo[ \t]{1,4})?(?:df|du|free|ls|grep|egrep|sort|zgrep|rg|nvidia-smi)\b"
)
# The headings of a CLI's help text (click, cobra, argparse, getopt styles).
_HELP_HEADING = re.compile(
    r"(?i)(?:usage|options|flags|global flags|commands|available commands|arguments|positional arguments"
    r"|optional arguments|examples?|aliases|exit codes|environment(?: variables)?|see also|description)"
    r":(?:[ \t]|$)"
)
_HUNK = re.compile(r"@@ -\d{1,9}(?:,(\d{1,9}))? \+\d{1,9}(?:,(\d{1,9}))? @@")
_PASSES = re.compile(r"={3,} PASSES ={3,}[ \t]*$")
_BANNER = re.compile(r"={3,} [^=\n]{1,120} ={3,}[ \t]*$")
# A Markdown heading naming a release: "## [0.45.0] - 2027-02-28", "## 2.4.0 (2027-12-01)",
# "## v1.3.0".
_RELEASE_HEADING = re.compile(
    r"#{1,4}[ \t]{1,4}\[?v?\d{1,4}\.\d{1,4}(?:\.\d{1,6})?(?:[-+][\w.]{1,40})?\]?(?:[ \t]|$)"
)
_NOTE_LINE = re.compile(r"(?:#{1,6}[ \t]|[-*+][ \t]|[ \t]{2,}\S)")
_PAYLOAD_OPEN = re.compile(
    r'([ \t]{0,40})"(?:instances|inputs|entities|predictions|outputs)"[ \t]{0,4}:[ \t]{0,4}[\[{][ \t]*$'
)


def read(doc: Document, facts: Facts) -> None:
    """Record the line span of every help text, diff hunk, pytest PASSES section and changelog
    section as configuration."""
    if len(doc.text) > MAX_DOC_CHARS:
        return
    spans: list[tuple[int, int]] = []
    covered = doc.first_line - 1
    for line in _candidate_lines(doc):
        if line <= covered:
            continue  # inside the block above: each line is read once
        end = _block_end(doc, line)
        if end is not None and end > line:
            spans.append((line + 1, end) if _is_help_prompt(doc.line(line)) else (line, end))
            covered = end
    facts.configuration.extend(spans)


# Where a block can start, and a word every such line holds: only the lines holding one are
# tried, so a paste of a million lines that start none costs a few scans, not a step each.
_BLOCK_START = re.compile(
    r"[ \t]{0,200}(?:@@ -\d|={3,} PASSES|#{1,4}[ \t]{1,4}\[?v?\d"
    r'|"(?:instances|inputs|entities|predictions|outputs)")'
)
_START_WORDS = (
    "@@ -",
    " PASSES ",
    "#",
    '"instances"',
    '"inputs"',
    '"entities"',
    '"predictions"',
    '"outputs"',
)


def _candidate_lines(doc: Document) -> list[int]:
    """The lines a block may start on, in order: a hunk header, a PASSES banner, a release
    heading or a payload's opening key; and, for help text, the lines naming help or ``-h``."""
    text = doc.text
    starts = starts_of_lines_matching(text, _START_WORDS, _BLOCK_START)
    for word in ("help", "-h"):
        starts.update(starts_of_lines_holding(text, word))
    return sorted({doc.line_of(start) for start in starts})


def _is_help_prompt(text: str) -> bool:
    prompt = PROMPT.match(text)
    if prompt is None:
        return False
    found = _HELP_COMMAND.search(text, prompt.end())
    if found is None:
        return False
    return "-h" not in found.group() or _NOT_HELP_H.match(text, prompt.end()) is None


def _block_end(doc: Document, line: int) -> int | None:
    """The last line of the block starting at ``line``, or None when none starts there."""
    text = doc.line(line)
    stripped = text.lstrip()
    if not stripped:
        return None
    if _is_help_prompt(text):
        return _help_end(doc, line)
    if stripped.startswith("@@"):
        hunk = _HUNK.match(stripped)
        return None if hunk is None else _hunk_end(doc, line, hunk)
    if stripped.startswith("=") and _PASSES.match(stripped):
        return _passes_end(doc, line)
    if stripped.startswith("#") and _RELEASE_HEADING.match(stripped):
        return _release_end(doc, line)
    if stripped.startswith('"'):
        payload = _PAYLOAD_OPEN.match(text)
        return None if payload is None else _payload_end(doc, line, len(payload.group(1)))
    return None


def _last(doc: Document, line: int) -> int:
    return min(doc.last_line, line + MAX_BLOCK_LINES)


def _help_end(doc: Document, prompt: int) -> int:
    """The help text below a help command: blank, indented or heading lines, to the next prompt."""
    end = prompt
    for line in range(prompt + 1, _last(doc, prompt) + 1):
        text = doc.line(line)
        if PROMPT.match(text):
            break
        if text.strip() and not text[:1].isspace() and not _HELP_HEADING.match(text):
            break
        end = line
    while end > prompt and not doc.line(end).strip():
        end -= 1  # trailing blank lines belong to no one
    return end


def _hunk_end(doc: Document, header: int, hunk: re.Match[str]) -> int:
    """The lines a hunk's counts cover (one line each when a count is left out)."""
    old = int(hunk.group(1)) if hunk.group(1) is not None else 1
    new = int(hunk.group(2)) if hunk.group(2) is not None else 1
    end = header
    for line in range(header + 1, _last(doc, header) + 1):
        if old <= 0 and new <= 0:
            break
        text = doc.line(line)
        mark = text[:1]
        if mark == "-":
            old -= 1
        elif mark == "+":
            new -= 1
        elif mark == " " or not text:
            old -= 1  # context (a blank context line loses its space when copied)
            new -= 1
        elif mark != "\\":  # "\ No newline at end of file"
            break
        end = line
    return end


def _passes_end(doc: Document, banner: int) -> int:
    end = banner
    for line in range(banner + 1, _last(doc, banner) + 1):
        if _BANNER.match(doc.line(line).lstrip()):
            break
        end = line
    return end


def _release_end(doc: Document, heading: int) -> int:
    """A release's notes: headings and bullets, blank lines between them, and indented lines
    that continue a bullet (right below it: after a blank line an indented block is output)."""
    end = heading
    blank = False
    for line in range(heading + 1, _last(doc, heading) + 1):
        text = doc.line(line)
        if not text.strip():
            blank = True
            continue
        note = _NOTE_LINE.match(text)
        if PROMPT.match(text) or note is None or (blank and note.group().startswith((" ", "\t"))):
            break
        blank = False
        end = line
    return end


def _payload_end(doc: Document, opening: int, indent: int) -> int | None:
    """The line closing a payload block opened at ``indent`` (None: it never closes, so the
    block may not be one: a cut paste is left to the other readers)."""
    for line in range(opening + 1, _last(doc, opening) + 1):
        text = doc.line(line)
        body = text.lstrip()
        if not body:
            continue
        if len(text) - len(body) <= indent:
            return line if body[:1] in "]}" else None
    return None
