"""Lines that look like a failure, for pastes where no known error matched.

"Nothing matched" is a dead end for a user whose deployment plainly failed. When no catalog
entry fits, the report still points at the lines that look wrong (a Warning event, a
non-zero exit, the last line of a traceback, a condition False with a message, an ERROR or
FATAL line) with their line numbers, and at the general steps; it never turns them into a
known-error id. Only the end of a huge paste is scanned: the failure is at the end.
"""

from __future__ import annotations

import re

from diagnoser.model import Facts
from diagnoser.normalise import Document
from diagnoser.report import LooksWrong

MAX_ITEMS = 10
_TAIL_CHARS = 200_000
_ERROR_LINE = re.compile(
    r"^[^\n]{0,80}?(?:\b(?:ERROR|FATAL|CRITICAL|PANIC)\b|FATA\[|ERRO\[|\blevel=(?:error|fatal)\b"
    r'|"(?:level|severity)": ?"(?:error|ERROR|fatal|FATAL|CRITICAL)"|^E\d{4} \d\d:\d\d)[^\n]{0,400}',
    re.MULTILINE,
)
_EXCEPTION = re.compile(
    r"^[ \t]{0,8}(?:[A-Za-z_][\w.]{0,100}\.)?[A-Z]\w{0,60}(?:Error|Exception|Exit)(?::[^\n]{0,400})?$",
    re.MULTILINE,
)


def looks_wrong(doc: Document, facts: Facts) -> list[LooksWrong]:
    found: dict[tuple[str, str], tuple[int, int]] = {}  # (why, text) -> (first line, count)

    def add(line: int | None, why: str) -> None:
        if line is None:
            return
        text = doc.original_line(line).strip()
        if not text:
            return
        key = (why, text)
        first, count = found.get(key, (line, 0))
        found[key] = (min(first, line), count + 1)

    for event in facts.events:
        if event.type == "Warning" and not event.stale:
            add(event.line, f"Warning event {event.reason}")
    for container in facts.containers.values():
        for state in container.states:
            if state.history or state.state != "terminated" or state.succeeded:
                continue
            add(
                state.line,
                f"{'the container' if container.anonymous else container.name} exited"
                f" with code {state.exit_code}",
            )
        for state in container.states:
            if state.state == "waiting" and state.reason and not state.history:
                add(state.line, f"waiting: {state.reason}")
    for condition in facts.conditions:
        if (
            condition.status == "False"
            and not condition.stale
            and (condition.message or condition.type == "Ready")
        ):
            add(
                condition.line,
                f"condition {condition.type} is False"
                + (f" ({condition.reason})" if condition.reason else ""),
            )
    for line, _ in facts.error_lines:
        add(line, "error message")
    start = max(0, len(doc.text) - _TAIL_CHARS)
    for pattern, why in ((_EXCEPTION, "exception"), (_ERROR_LINE, "error line")):
        for match in pattern.finditer(doc.text, start):
            add(doc.line_of(match.start()), why)
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    items = [
        LooksWrong(line=first, text=text + (f"  (x{count})" if count > 1 else ""), why=why)
        for (why, text), (first, count) in ordered
    ]
    return items[-MAX_ITEMS:]
