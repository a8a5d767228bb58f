"""Error messages in free text: API errors, kubectl errors, exceptions, Go error chains.

Much of what users paste is a client's view of a refusal: the Merlin SDK's exception with
the API's ``HTTP response body: {...}`` (JSON-escaped), ``Error from server (Forbidden):
...`` from kubectl, a Merlin API answer ``{"error": "..."}``, the last line of a Python
traceback, or a Go error chain (``error creating inference service (x): ...``). Such a
line *is* the error, so it is recorded as an ``error`` place: a message signal found in
it has full confidence, as in a History message's first line. JSON bodies are decoded so
the message is matched as the API wrote it. Lines inside structured blocks are left to
their parsers; a huge log is read at its first and last ``MAX_LINES`` error lines.
"""

from __future__ import annotations

import re
from itertools import islice

from diagnoser import safe_json
from diagnoser.model import STRUCTURED_KINDS, Facts
from diagnoser.normalise import Document, starts_of_lines_holding
from diagnoser.views import MAX_BLANKS_IN_CONTINUED_MESSAGE, continued_exception, decode_escapes

MAX_LINES = 500
# Words one of which every error line holds: candidate lines are found with ``str.find``
# (C speed), and only those lines are tried with the pattern below.
_KEYWORDS = ("rror", "Exception: ", "Failure: ", "esponse body: ", '{"', "timeout ")
MAX_CANDIDATES = 20_000
_ERROR_LINE = re.compile(
    r"[ \t]{0,8}(?:"
    r"(?P<kubectl>Error from server(?: \([A-Za-z]{1,40}\))?: |error: |Error: )"
    r"|(?P<body>[^\n]{0,200}?HTTP response body: |[^\n]{0,200}?[Rr]esponse body: )"
    r"|(?P<json>\{[ \t]{0,4}\"(?:error|message|code)\"[ \t]{0,4}:)"
    # A traceback's last line is at column 0; an indented one is a child process's output
    # quoted by its parent (pip's "[14 lines of output]"), not this program's error.
    r"|(?<![^\n])(?P<exception>(?:[A-Za-z_][\w]{0,60}\.){0,6}[A-Z]\w{0,60}(?:Error|Exception|Failure)"
    r"(?:\(\d{3}\))?: )"
    r"|(?P<chain>(?:error|timeout) (?:creating|deploying|building|updating|validating|retrieving|getting"
    r"|deleting|undeploying|reading|parsing) [^\n]{1,200}?: )"
    r")[^\n]{0,100000}",
)
_MESSAGE_KEYS = ("message", "error", "msg", "detail", "reason")


def read(doc: Document, facts: Facts) -> None:
    """Add the error lines of the paste's free text to ``facts.error_lines``."""
    text = doc.text
    matches = [m for m in (_ERROR_LINE.match(text, start) for start in _candidate_starts(text)) if m]
    if len(matches) > 2 * MAX_LINES:
        matches = matches[:MAX_LINES] + matches[-MAX_LINES:]
    known = {line for line, _ in facts.error_lines}
    for match in matches:
        line = doc.line_of(match.start())
        if line in known or facts.kind_at(line) in STRUCTURED_KINDS:
            continue
        raw = match.group(0)
        text = (doc.joined_line(line) if line in doc.wrapped_lines else raw).strip()
        if match.group("body") is not None:
            lead = len(raw) - len(raw.lstrip())
            text = _with_body(text, match.end("body") - match.start() - lead)
        elif match.group("json") is not None:
            text = _json_message(text) or text
        elif match.group("exception") is not None and text.endswith(":"):
            # "ImportError: " alone, its message below it: the error is the two read as one.
            window = doc.lines(line, line + 1 + MAX_BLANKS_IN_CONTINUED_MESSAGE)
            text = continued_exception(window, 0) or text
        facts.error_lines.append((line, decode_escapes(text) if "\\" in text else text))
        known.add(line)


def _candidate_starts(text: str) -> list[int]:
    """Offsets of the lines holding one of ``_KEYWORDS`` (each line once, in order), at most
    ``MAX_CANDIDATES`` of them per keyword."""
    starts: set[int] = set()
    for keyword in _KEYWORDS:
        starts.update(islice(starts_of_lines_holding(text, keyword), MAX_CANDIDATES))
    return sorted(starts)


def _with_body(text: str, body_at: int) -> str:
    """The line with its JSON body replaced by the body's decoded message."""
    message = _json_message(text[body_at:].strip())
    return text if message is None else f"{text[:body_at]}{message}"


def _json_message(body: str) -> str | None:
    try:
        data = safe_json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    parts = [str(data[key]) for key in _MESSAGE_KEYS if isinstance(data.get(key), str)]
    return ": ".join(parts) if parts else None
