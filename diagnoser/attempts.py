"""Several attempts in one paste: the reporter fixed something and tried again.

A long paste often tells a story: "first try the pod said InvalidImageName: ... fixed to
lowercase repo, now: ...". The first failure is over; the one after the reporter's last
change is the one to fix. The reporter marks the change in their own words, on a line of
its own between the outputs: a verb of change (fixed, set, bumped, redeployed, re-logged,
asked for ...) or an attempt number ("attempt 2:", "second try"). This module finds the
last such line; the engine then sets aside a finding whose evidence lies wholly before it,
when the output after it shows a cause of its own.

One regex pass finds the candidate words (C speed); each candidate's line is checked once.
Only pastes up to ``MAX_STORY_CHARS`` are read this way.

A reply tells the same story another way: the earlier message is quoted below it ("> " before
every line, or everything under Outlook's "-----Original Message-----"), or above it. What
the quoted message shows is the earlier attempt; the reply's own lines are now
(``quoted_lines``).
"""

from __future__ import annotations

import re

from diagnoser.normalise import RECORD_START, Document

MAX_LINE_CHARS = 400  # a reporter's note; a longer line is output
# A story of attempts is put together by hand, a few outputs and notes between them; a paste
# bigger than this is one long log, and the words of change in it are the software's.
MAX_STORY_CHARS = 256 * 1024  # the longest session in the corpus is about 100 KB
MIN_WORDS = 3

# A change the reporter made, or a new attempt they name.
_CHANGE = re.compile(
    r"\b(?:[Ff]ixed|[Cc]hanged|[Bb]umped|[Rr]aised|[Ii]ncreased|[Ll]owered|[Dd]ecreased|[Ss]witched"
    r"|[Rr]e-?deployed|[Rr]etried|[Tt]ried again|[Rr]e-?logged|[Rr]e-?built|[Rr]e-?pushed|[Pp]inned"
    r"|[Uu]pgraded|[Dd]owngraded|[Aa]sked for|[Ww]aited for|[Ss]et [\w.\"'=-]{1,60} (?:to|=)"
    r"|[Ss]et [\w.]{1,60}=|[Ll]ogged (?:a new |the model as )?v\d{1,4}"
    r"|(?:[Ss]econd|[Tt]hird|[Nn]ext|[Nn]ew|2nd|3rd) (?:try|attempt|revision|version)"
    r"|[Aa]ttempt \d{1,3}|[Tt]ry \d{1,3})\b"
)
# What may lead a note: a comment mark, the REPL's prompt, a caret pointing up, a quote.
_NOTE_LEAD = re.compile(r"[ \t]{0,8}(?:>>>[ \t]{1,4}|\.\.\.[ \t]{1,4})?(?:[#^>*-][ \t]{0,4}){0,3}")


# A line of an earlier message quoted in a mail: "> " (nested "> >", ">>"), not the Python
# prompt's ">>> ". In a chat, "> " quotes output as often as an earlier message, so quote
# marks count only under a mail's header of the message replied to.
_QUOTED_LINE = re.compile(r"^[ \t]{0,8}>(?!>>[ \t])", re.MULTILINE)
_WROTE_HEADER = re.compile(r"^[ \t>]{0,12}On [^\n]{4,200} wrote:[ \t]*$", re.MULTILINE)
# Outlook's header of the message replied to: every line below it belongs to that message.
_ORIGINAL_HEADER = re.compile(r"^[ \t]{0,8}-{2,10} ?Original Message ?-{2,10}[ \t]*$", re.MULTILINE)


def quoted_lines(doc: Document) -> frozenset[int]:
    """Lines of an earlier message a mail reply quotes (empty when the paste is no reply)."""
    text = doc.original
    if len(text) > MAX_STORY_CHARS:
        return frozenset()
    lines: set[int] = set()
    if _WROTE_HEADER.search(text) is not None:
        lines.update(doc.original_line_of(match.start()) for match in _QUOTED_LINE.finditer(text))
    header = _ORIGINAL_HEADER.search(text)
    if header is not None:
        lines.update(range(doc.original_line_of(header.start()), doc.last_line + 1))
    return frozenset(lines)


def last_attempt_start(doc: Document) -> int | None:
    """Line of the reporter's last note of a change before another attempt (None: one attempt)."""
    text = doc.text
    if len(text) > MAX_STORY_CHARS:
        return None
    found = None
    checked: set[int] = set()
    for match in _CHANGE.finditer(text):
        line = doc.line_of(match.start())
        if line in checked:
            continue
        checked.add(line)
        if _is_note(doc.line(line)):
            found = line
    return found


def _is_note(text: str) -> bool:
    """True for a short line in a person's words: no log prefix, no table columns, no JSON."""
    body = text[_NOTE_LEAD.match(text).end() :].strip()  # type: ignore[union-attr]
    if not body or len(body) > MAX_LINE_CHARS or "  " in body or '":' in body or "\t" in body:
        return False
    if RECORD_START.match(body) or not body[0].isalpha():
        return False
    return len(body.split()) >= MIN_WORDS
