"""The History tab "Error message": Go error chain + go-pretty tables + free text.

Merlin builds this message from a Go error chain (first line, joined by ": ") and up
to three blocks: a conditions table, a container status table and the last
termination message. Tables are go-pretty "light" boxes, but browsers may turn the
box characters into ASCII or drop them, so rows are split leniently: by the
separator character when there is one, else on runs of 2+ spaces, else at the
header's column offsets. The last column always takes the rest of the row.
"""

from __future__ import annotations

import re

from diagnoser.model import COMPONENT_IMAGE_BUILDER, Condition, ContainerState, Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import clean, header_columns, split_by_positions, to_int
from diagnoser.recognise import HISTORY_CONDITION_ROW_SRC, HISTORY_CONTAINER_ROW_SRC, HISTORY_HEADING

_SEPARATORS = "│|┃"
_BUILD_ERROR = re.compile(r"build(?:ing)? (?:pyfunc )?image|image build", re.IGNORECASE)
_BORDER = re.compile(r"[\s┌┬┐├┼┤└┴┘─━═╭╮╰╯┏┓┗┛┣┫┳┻╋\-+=|│┃:]*")
_TWO_SPACES = re.compile(r"[ \t]{2,}")
# "(name)" groups and quoted strings are kept whole when splitting the error chain.
_PROTECTED = re.compile(r"\([^()\n]{0,300}\)|\"[^\"\n]{0,300}\"")
_CONDITION_COLUMNS = ["TYPE", "STATUS", "REASON", "MESSAGE"]
_CONTAINER_COLUMNS = ["CONTAINER NAME", "STATUS", "EXIT CODE", "REASON"]
_CONTAINER_ROW = re.compile(HISTORY_CONTAINER_ROW_SRC)
_CONDITION_ROW = re.compile(HISTORY_CONDITION_ROW_SRC)


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """Fill error_chain/error_line, conditions, container states, termination message."""
    line = segment.start
    if segment.fragment and _CONTAINER_ROW.match(doc.line(line)):
        # Rows of the "Pod container status" table without their heading and header.
        for row_line, cells in _table(doc, line, segment.end, _CONTAINER_COLUMNS):
            _container_row(row_line, cells, facts)
        return
    if segment.fragment and _CONDITION_ROW.match(doc.line(line)):
        # Rows of the "Model service conditions" table without their heading and header.
        for row_line, cells in _table(doc, line, segment.end, _CONDITION_COLUMNS):
            _condition_row(row_line, cells, facts)
        return
    first = doc.joined_line(line)  # a first line a terminal cut at its width, whole again
    if not HISTORY_HEADING.match(first) and first.strip():
        facts.error_chain = split_error_chain(first.strip())
        facts.error_line = line
        facts.error_lines.append((line, first.strip()))
        if _BUILD_ERROR.search(first):
            facts.error_component = COMPONENT_IMAGE_BUILDER
    heading_lines = [n for n in range(segment.start, segment.end + 1) if _is_heading(doc, n)]
    for index, n in enumerate(heading_lines):
        stop = heading_lines[index + 1] - 1 if index + 1 < len(heading_lines) else segment.end
        title = HISTORY_HEADING.match(doc.line(n)).group(1)  # type: ignore[union-attr]
        if title == "Pod last termination message":
            _termination(doc, n + 1, stop, facts)
        elif title == "Pod container status":
            for row_line, cells in _table(doc, n + 1, stop, _CONTAINER_COLUMNS):
                _container_row(row_line, cells, facts)
        else:
            for row_line, cells in _table(doc, n + 1, stop, _CONDITION_COLUMNS):
                _condition_row(row_line, cells, facts)


def _is_heading(doc: Document, line: int) -> bool:
    text = doc.line(line)
    return text.endswith(":") and HISTORY_HEADING.match(text) is not None


def split_error_chain(text: str) -> list[str]:
    """Split a Go error chain on ": ", keeping "(name)" and quoted parts whole."""
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    parts: list[str] = []
    begin = 0
    pos = text.find(": ")
    index = 0
    while pos != -1:
        while index < len(protected) and protected[index][1] <= pos:
            index += 1
        inside = index < len(protected) and protected[index][0] <= pos < protected[index][1]
        if not inside:
            part = text[begin:pos].strip()
            if part:
                parts.append(part)
            begin = pos + 2
        pos = text.find(": ", pos + 2)
    tail = text[begin:].strip()
    if tail:
        parts.append(tail)
    return parts


def _table(
    doc: Document, start: int, stop: int, default_columns: list[str]
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a go-pretty table between start and stop, as cells by column name (the
    header's names when the table has one, else ``default_columns``)."""
    rows: list[tuple[int, dict[str, str]]] = []
    columns = default_columns
    starts: list[int] | None = None
    header_seen = False
    seen_content = False
    boxed = False
    for n in range(start, stop + 1):
        raw = doc.line(n)
        if not raw.strip():
            if seen_content:
                break
            continue
        if _BORDER.fullmatch(raw):
            if seen_content and raw.lstrip().startswith(("└", "╰", "┗")):
                break  # the table's bottom edge: what follows is another paste
            continue
        wall = _separator(raw)
        if wall is not None and not raw.strip().strip(wall + " "):
            continue  # a border whose box characters an encoding step turned into "?"
        if boxed and wall is None:
            break  # a boxed table's rows all have cell walls; this line is not one of them
        boxed = boxed or wall is not None
        seen_content = True
        names = None if header_seen else _header_names(raw, wall)
        if names is not None:
            header_seen = True
            columns, starts = _header(raw, names, wall)
            continue
        cells = _split(raw, len(columns), starts, wall)
        if cells and any(cells):
            rows.append((n, dict(zip(columns, cells, strict=False))))
    return rows


# Every column Merlin's History tables have had: deployments' conditions TYPE | STATUS |
# REASON | MESSAGE, the image builder's Job conditions TIMESTAMP | TYPE | REASON | MESSAGE,
# the pod's containers CONTAINER NAME | STATUS | EXIT CODE | REASON.
_HEADER_NAMES = frozenset({"TIMESTAMP", "TYPE", "STATUS", "REASON", "MESSAGE", "CONTAINER NAME", "EXIT CODE"})


def _separator(raw: str) -> str | None:
    """The cell wall of a table row: a box-drawing bar or ``|``, or the character an encoding
    step left in its place (``?``) when it starts the row and comes back at least twice."""
    known = next((s for s in _SEPARATORS if s in raw), None)
    if known is not None:
        return known
    body = raw.strip()
    if body and body[0] in _STAND_INS and body.count(body[0]) >= 3:
        return body[0]
    return None


# What box-drawing characters become on the way: "?" (a lossy encoding), "¦", "!".
_STAND_INS = "?¦!"


def _header_names(raw: str, sep: str | None) -> list[str] | None:
    """The column names when ``raw`` (cell walls ``sep``) is a header row (every cell a known
    column name)."""
    body = raw.strip().strip(_SEPARATORS + _STAND_INS + " ")
    cells = body.split(sep) if sep else _TWO_SPACES.split(body)
    names = [cell.strip().upper() for cell in cells]
    if len(names) >= 3 and all(name in _HEADER_NAMES for name in names):
        return names
    return None


def _header(raw: str, names: list[str], wall: str | None) -> tuple[list[str], list[int] | None]:
    if wall is not None:
        return names, None
    cells = header_columns(raw)
    if len(cells) == len(names):
        return names, [pos for _, pos in cells]
    return names, None


def _split(raw: str, count: int, starts: list[int] | None, sep: str | None) -> list[str]:
    """The row's cells: between its walls (``sep``, the row's ``_separator``), else on runs of
    two or more spaces, else at the header's column offsets."""
    if sep is not None:
        body = raw.strip().strip(sep).strip()
        # A trailing border char may sit after padding: strip once more.
        if body.endswith(sep):
            body = body[:-1]
        cells = [cell.strip() for cell in body.split(sep, count - 1)]
        cells[-1] = cells[-1].rstrip(_SEPARATORS + sep + " ")
    else:
        cells = [cell.strip() for cell in _TWO_SPACES.split(raw.strip(), maxsplit=count - 1)]
        if len(cells) != count and starts is not None:
            cells = split_by_positions(raw, starts)
    while len(cells) < count:
        cells.append("")
    return cells


def _condition_row(line: int, cells: dict[str, str], facts: Facts) -> None:
    ctype, status, reason, message = (cells.get(k, "") for k in ("TYPE", "STATUS", "REASON", "MESSAGE"))
    if not ctype:
        return
    if "STATUS" not in cells and "TIMESTAMP" in cells:
        status = "True"  # a Job lists a condition (Failed, FailureTarget) only while it holds
    facts.conditions.append(
        Condition(
            type=ctype, status=status or "Unknown", reason=clean(reason), message=clean(message), line=line
        )
    )


def _container_row(line: int, cells: dict[str, str], facts: Facts) -> None:
    name, status, exit_code, reason = (
        cells.get(k, "") for k in ("CONTAINER NAME", "STATUS", "EXIT CODE", "REASON")
    )
    if not name:
        return
    reason = re.split(r"[│|┃]", reason, maxsplit=1)[0]  # a row with more cells than the table's four
    state = (clean(status) or "").lower() or "waiting"
    container = facts.container(name, line)
    container.states.append(
        ContainerState(
            container=name,
            phase="current",
            state=state,
            reason=clean(reason),
            exit_code=to_int(exit_code),
            line=line,
        )
    )


def _termination(doc: Document, start: int, stop: int, facts: Facts) -> None:
    lines: list[tuple[int, str]] = []
    for n in range(start, stop + 1):
        lines.append((n, doc.line(n).rstrip()))
    while lines and not lines[0][1].strip():
        lines.pop(0)
    while lines and not lines[-1][1].strip():
        lines.pop()
    facts.termination_message.extend(lines)
