"""The reporter's own words around what they pasted: "After the OOMKilled last week I bumped
the memory", "maybe it's the quota?", "Hi all, kubectl says:".

Issue threads and chat messages mix narration with output. The output is the evidence; a
sentence is a memory, a guess or a question, often about something that is over. So a
finding that only narration supports is dropped when the paste holds output the engine
read as structure (a describe, a table, a status) or output that supports another finding,
and kept at low confidence when the narration is all there is.

A line is narration when it reads as a sentence a person wrote: several words, no log
prefix or table columns, and a first person, a question or a greeting.
"""

from __future__ import annotations

import re

from diagnoser.normalise import RECORD_START

MIN_WORDS = 5
MAX_CHARS = 2_000  # a person's sentence; a longer line is output
# A first-person word standing alone ("I bumped", "my pod", "we're"), not "I1202" or "I/O".
_FIRST_PERSON = re.compile(
    r"(?:^|[\s(\"'])(?:I|I'm|I've|I'd|I'll|[Ww]e|[Ww]e're|[Ww]e've|[Mm]y|[Oo]ur|[Mm]e)(?=[\s,.!?:;)\"']|$)"
)
_GREETING = re.compile(r"(?:Hi|Hello|Hey|Thanks|Thank you|Any idea|Can (?:someone|anyone)|Has anyone)\b")
# Words of a conversation about the output, never printed by the software itself: a time
# in the past, a reference to an issue or the thread, a correction, an update, what an
# earlier revision did ("r2 was OOMKilled", "it was OOMKilled again this morning").
_DISCOURSE = re.compile(
    r"\b(?:[Tt]o be clear|[Ll]ast (?:week|night|time|month)|[Yy]esterday|[Ee]arlier today|[Uu]pdate:"
    r"|[Ll]ike in #\d{1,7}|[Aa]ny (?:idea|help|pointers)|[Tt]hank(?:s| you)|[Ss]ee above"
    r"|in (?:the|this) thread|(?:^|\s)[RrVv]\d{1,4} (?:was|were|had|kept|got)\b"
    r"|\b[Tt]his (?:morning|afternoon|evening)\b|\b(?:was|were|got) [A-Z][A-Za-z]{2,40} again\b)"
)


def is_narration(text: str) -> bool:
    """True when ``text`` (one line) reads as the reporter's own sentence."""
    body = text.strip()
    if not 20 <= len(body) <= MAX_CHARS or RECORD_START.match(body) or "  " in body or '":' in body:
        return False
    if len(body.split()) < MIN_WORDS:
        return False
    return bool(
        _FIRST_PERSON.search(body) or body.endswith("?") or _GREETING.match(body) or _DISCOURSE.search(body)
    )
