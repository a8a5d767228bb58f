"""The OpenTelemetry Collector's debug exporter, ``verbosity: detailed``: log records as text.

A platform team that ships pod logs through a collector often checks them with the debug
exporter (called ``logging`` before collector v0.86), and its output is what gets pasted:
``kubectl logs`` of the collector's pod. Each batch prints one block per resource and one
per record, each field on its own line at column 0::

    ResourceLog #0                         (after the collector's "<time>\\tinfo\\t" prefix)
    Resource attributes:
         -> k8s.container.name: Str(transformer)
    ScopeLogs #0
    LogRecord #0
    ObservedTimestamp: ...
    Body: Str(OSError: libgomp.so.1: cannot open shared object file)
    Attributes:
         -> log.file.path: Str(/var/log/pods/<ns>_<pod>_<uid>/<container>/0.log)
    Trace ID:
    Flags: 0

The grammar is defined once here: ``normalise`` makes each ``Body: Str(...)`` the text
itself (a body over several lines loses only its wrapper), ``recognise`` makes each dump one
segment, and ``parsers.otel_records`` gives each record's line to the container its
attributes name (the record's own, else its resource's). Every pattern is anchored at a line
start and bounded, and each is run once over the text, so reading a dump is linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from diagnoser.log_sources import container_in_path

MARK = "LogRecord #"
_BODY_MARK = "\nBody: "
_BODY = re.compile(r"^Body: Str\(", re.MULTILINE)

# A block header: "ResourceLog #n" (after the collector's own log prefix, which ends at a tab),
# "ScopeLogs #n", "LogRecord #n".
_HEADER = re.compile(
    r"^(?:[^\n]{0,200}\t)?(?P<kind>ResourceLog|ScopeLogs|LogRecord) #\d{1,9}[ \t]*$", re.MULTILINE
)
# An attribute: "     -> key: Type(value)".
_ATTRIBUTE = re.compile(
    r"^[ \t]{1,16}-> (?P<key>[\w./-]{1,200}): (?:Str\()?(?P<value>[^\n]{0,4000}?)\)?[ \t]*$", re.MULTILINE
)
# The field lines that follow a record's body: where a body over several lines ends.
_AFTER_BODY = re.compile(r"(?:Attributes:|Trace ID:|Span ID:|Flags:|EventName:|LogRecord #|ResourceLog #)")
# The last field of a record (``EventName`` follows it in newer collectors).
_LAST_FIELD = re.compile(r"^(?:Flags: \d{1,10}|EventName: [^\n]{0,400})[ \t]*$", re.MULTILINE)
# Any line of a record: its fields, its attributes (a body's own lines are not among them).
_FIELD_LINE = re.compile(
    r"^(?:(?:ObservedTimestamp|Timestamp|SeverityText|SeverityNumber|Body|Attributes|Trace ID|Span ID"
    r"|Flags|EventName):|[ \t]{1,16}-> )[^\n]{0,4000}$",
    re.MULTILINE,
)
MAX_BODY_LINES = 200
_CONTAINER_KEYS = ("k8s.container.name", "container.name", "container_name")
_POD_KEYS = ("k8s.pod.name", "pod_name")


def holds_dump(text: str) -> bool:
    return MARK in text and _BODY_MARK in text


def unwrap(text: str) -> str:
    """``text`` with each record's ``Body: Str(`` and its closing ``)`` taken off: the body is
    then a log line like any other, on the same lines (line numbers are kept). A body over
    several lines ends at the record's next field line; one with none within
    ``MAX_BODY_LINES`` keeps its closing parenthesis."""
    if not holds_dump(text):
        return text
    parts: list[str] = []
    pos = 0
    for body in _BODY.finditer(text):
        parts.append(text[pos : body.start()])
        first_end = _line_end(text, body.end())
        close = first_end  # the end of the body's last line
        line_start, lines = first_end + 1, 0
        while line_start < len(text) and lines < MAX_BODY_LINES:
            if _AFTER_BODY.match(text, line_start):
                break
            close = _line_end(text, line_start)
            line_start, lines = close + 1, lines + 1
        else:
            close = first_end  # no field line after it: only its first line is the body
        body_text = text[body.end() : close].rstrip(" \t")
        parts.append(body_text[:-1] if body_text.endswith(")") else body_text)
        pos = close
    parts.append(text[pos:])
    return "".join(parts)


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


@dataclass(frozen=True)
class Record:
    """One record of a dump: its lines (offsets of its ``LogRecord #n`` line and of the end
    of its last field) and where it came from."""

    start: int
    end: int
    container: str | None
    pod: str | None


def records(text: str) -> list[Record]:
    """The records of the dumps in ``text``, in order, each with the container its own
    attributes name, else its resource's (one pass over the block headers)."""
    if not holds_dump(text):
        return []
    found: list[Record] = []
    headers = list(_HEADER.finditer(text))
    # A dump copied from the middle of a resource: the attributes above its first header.
    resource = _attributes(text, 0, headers[0].start()) if headers else {}
    for number, header in enumerate(headers):
        following = headers[number + 1].start() if number + 1 < len(headers) else len(text)
        kind = header.group("kind")
        if kind == "ResourceLog":
            resource = _attributes(text, header.end(), following)
        elif kind == "LogRecord":
            own = _attributes(text, header.end(), following)
            container = _first(own, _CONTAINER_KEYS) or _first(resource, _CONTAINER_KEYS)
            path = own.get("log.file.path") or resource.get("log.file.path")
            if container is None and path:
                container = container_in_path(path)
            last = _LAST_FIELD.search(text, header.end(), following)
            if last is None:  # cut before its last field: it ends with the last field it shows
                last = _last(_FIELD_LINE.finditer(text, header.end(), following))
            end = last.end() if last is not None else _line_end(text, header.end())
            pod = _first(own, _POD_KEYS) or _first(resource, _POD_KEYS)
            found.append(Record(header.start(), end, container, pod))
    return found


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    found = None
    for found in matches:  # noqa: B007 (the last one is wanted)
        pass
    return found


def _attributes(text: str, start: int, end: int) -> dict[str, str]:
    return {match.group("key"): match.group("value") for match in _ATTRIBUTE.finditer(text, start, end)}


def _first(attributes: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = attributes.get(key)
        if value:
            return value
    return None
