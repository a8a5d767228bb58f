"""Logs-tab streams: which container each run of lines came from.

A log-line match is attributed to its component (model, transformer, image builder)
through ``facts.log_streams``. A run is found with two regex searches (first line of
the run, first line not carrying the same "[pod] [container] " prefix), so a
100k-line log costs a few calls per container switch, not one per line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from diagnoser.model import Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import LineCounter, original_offset
from diagnoser.recognise import LOGS_LINE


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """Append (first line, container) for each run of lines from one container."""
    text = doc.original
    begin = original_offset(doc, segment.start)
    stop = original_offset(doc, segment.end + 1)
    counter = LineCounter(text, doc.first_line)
    pos = begin
    while pos < stop:
        match = LOGS_LINE.search(text, pos, stop)
        if match is None:
            break
        container = _container_of(match)
        line = counter.line_of(match.start())
        if container and (not facts.log_streams or facts.log_streams[-1][1] != container):
            facts.log_streams.append((line, container))
        literal = _literal_prefix(match)
        if literal:
            end = _not_prefixed(literal).search(text, match.end(), stop)
            pos = stop if end is None else max(end.start(), match.end())
        else:  # timestamp only: no stream to record, go to the next line
            nxt = text.find("\n", match.end(), stop)
            pos = stop if nxt == -1 else nxt + 1


def _container_of(match: re.Match[str]) -> str | None:
    """The container of a prefixed line: the second name if two, else the only one."""
    second = match.group("b") or match.group("d")
    if second:
        return second.strip()
    first = match.group("a") or match.group("c")
    return first.strip() if first else None


def _literal_prefix(match: re.Match[str]) -> str:
    """The "[pod] [container] " text before the timestamp, exactly as it appears."""
    for group in ("b", "d", "a", "c"):
        if match.group(group):
            end = match.end(group)
            text = match.string
            while end < match.end() and text[end] in "] ":
                end += 1
            return text[match.start() : end]
    return ""


@lru_cache(maxsize=256)
def _not_prefixed(literal: str) -> re.Pattern[str]:
    return re.compile(r"^(?!" + re.escape(literal) + ")", re.MULTILINE)
