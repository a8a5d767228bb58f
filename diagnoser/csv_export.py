"""Log exports saved as CSV: a header row naming the fields, then one row per record.

Log explorers export what the user was looking at as CSV: Cloud Logging and BigQuery
(``timestamp,severity,resource.labels.container_name,textPayload``), Kibana / OpenSearch
(``"@timestamp","kubernetes.container.name","message"``), Grafana's Loki panel
(``"Time","Line"``), Datadog (``Date,Host,Service,Message``), Splunk (``_time,_raw``). A
cell is quoted when it holds a comma, a quote (doubled: ``""``) or a newline, so one
record may span several lines (a traceback in one cell).

The grammar is defined once here and read by three steps: ``normalise`` replaces each row
by its message cell (the text the catalog's message signals read, one paste line per
line), ``recognise`` makes the rows one segment, and ``parsers.csv_rows`` reads the
other cells: which container printed the record, and the rows of an exported event log
(``reason``, ``involvedObject.name``) as events. Rows are read by the stdlib's C ``csv``
reader; a header is found by one whole-text search whose first-character test fails at
once on almost every line, so a paste with no export costs next to nothing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

# A header starts with the export's time field, as every exporter above writes it first
# (Azure Log Analytics adds the zone: "TimeGenerated [UTC]"), then the separator: a comma, or
# the semicolon a spreadsheet writes where the comma is the decimal mark (Excel's German,
# French, Dutch... locales re-save a CSV so). Searched after a newline (a literal first
# character: the search skips to each newline at C speed, 20x faster than "^" in MULTILINE
# mode); the first line is tried with ``match``.
HEADER = re.compile(
    r'\n(?=["@_tTdDr])"?(?:@timestamp|timestamp|Timestamp|receiveTimestamp|_time|time|Time'
    r'|TimeGenerated|Date|date|lastTimestamp|eventTime)(?: \[[A-Za-z ]{1,20}\])?"?(?P<sep>[,;])[^\n]{1,2000}'
)
# A row's first cell is its time: an ISO or epoch timestamp, "Dec 2, 2026 @ 19:05:33.610".
_TIME_CELL = re.compile(r"[^\n]{0,20}\d[^\n]{0,40}")
_FIELD_NAME = re.compile(r"[A-Za-z_@][\w.@ -]{0,80}(?: \[[A-Za-z ]{1,20}\])?")
# The record's text under the names exporters give it: Cloud Logging and BigQuery
# (textPayload), Elastic (message), Loki (line), Splunk (_raw), OTel (body), CloudWatch Logs
# Insights (@message), Azure Log Analytics (LogMessage; LogEntry in the older ContainerLog),
# the OpenShift console (raw), OpenSearch exports of Cloud Logging records (json_payload).
_MESSAGE = (
    "textPayload", "jsonPayload.message", "message", "@message", "msg", "log", "line", "_raw", "body",
    "LogMessage", "LogEntry", "raw", "json_payload", "jsonPayload",
)  # fmt: skip
# "kubernetes_container_name" (OpenShift), "kube_container_name" (Datadog's tag) end so too.
_CONTAINER = ("container_name", "container.name", "container", "containername")
# The file or stream the record was read from, which names its container (``log_sources``).
_SOURCE = ("source", "@logStream", "logStream", "log.file.path", "file", "filename", "path")
# What someone searched for (Splunk's audit ``search``, a URL's query string): a header with
# one is an export even without a message field, and its rows quote search terms, never output.
_QUERY = ("search", "query", "queryString", "query_string", "url.query")
_REASON = ("reason",)
_OBJECT = ("involvedobject.name", "object", "involved_object.name", "objectname")
_TYPE = ("type", "eventtype")
MAX_CELL_CHARS = 128 * 1024
MAX_ROWS = 1_000_000


@dataclass(frozen=True, slots=True)
class Columns:
    """Which cell of a row holds what (an index, or None when the export has no such field)."""

    count: int
    message: int | None  # None: an export of searches (a query field, no message field)
    delimiter: str = ","
    container: int | None = None
    source: int | None = None
    reason: int | None = None
    object: int | None = None
    type: int | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One record: its first and last line offsets in the text and its cells."""

    start: int  # offset of the row's first character
    end: int  # offset just past the row's last line (its newline included)
    cells: list[str]


@dataclass(frozen=True, slots=True)
class Export:
    header_start: int
    columns: Columns
    rows: list[Row]

    @property
    def end(self) -> int:
        return self.rows[-1].end if self.rows else self.header_start


def exports(text: str) -> Iterator[Export]:
    """Every CSV export in ``text`` with at least one row, in order."""
    pos = 0
    while (start := _next_header(text, pos)) is not None:
        header_end = text.find("\n", start)
        columns = _columns(text[start:header_end], _delimiter(text, start)) if header_end != -1 else None
        rows = _rows(text, header_end + 1, columns) if columns is not None else []
        if not rows:
            pos = start + 1
            continue
        export = Export(start, columns, rows)
        yield export
        pos = export.end


def _next_header(text: str, pos: int) -> int | None:
    """Offset of the first header line starting at or after ``pos`` (a line start)."""
    if pos == 0 and HEADER.match("\n" + text[:2100]):
        return 0
    found = HEADER.search(text, max(pos - 1, 0))
    return None if found is None else found.start() + 1


def _delimiter(text: str, start: int) -> str:
    """The separator the header at ``start`` uses (the character after its time field)."""
    found = HEADER.match("\n" + text[start : start + 2100])
    return found.group("sep") if found else ","


def message(row: Row, columns: Columns) -> str:
    """The row's message cell ("" for an export of searches)."""
    return row.cells[columns.message] if columns.message is not None else ""


def message_lines(row: Row, columns: Columns, line_count: int) -> list[str]:
    """The row's message cell as ``line_count`` lines (the row's own count): the cell's
    lines first, blank lines after (cells before it that hold newlines)."""
    lines = message(row, columns).replace("\r", "").split("\n")[:line_count]
    return lines + [""] * (line_count - len(lines))


def _columns(header: str, delimiter: str = ",") -> Columns | None:
    try:
        names = next(csv.reader([header], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    if len(names) < 2 or not all(_FIELD_NAME.fullmatch(name.strip()) for name in names):
        return None
    # "TimeGenerated [UTC]" is TimeGenerated; names compare without case.
    lowered = [name.strip().split(" [", 1)[0].lower() for name in names]

    def first(candidates: tuple[str, ...], ends: bool = False) -> int | None:
        for candidate in candidates:
            wanted = candidate.lower()
            for index, name in enumerate(lowered):
                if name == wanted or (ends and name.endswith(("." + wanted, "_" + wanted))):
                    return index
        return None

    message = first(_MESSAGE, ends=True)
    if message is None and first(_QUERY, ends=True) is None:
        return None
    return Columns(
        count=len(names),
        message=message,
        delimiter=delimiter,
        container=first(_CONTAINER, ends=True),
        source=first(_SOURCE, ends=True),
        reason=first(_REASON, ends=True),
        object=first(_OBJECT, ends=True),
        type=first(_TYPE, ends=True),
    )


def _rows(text: str, start: int, columns: Columns) -> list[Row]:
    """The rows from offset ``start`` on, up to the first line that is not a row of this
    export (another field count, an unclosed quote, a cell over ``MAX_CELL_CHARS``)."""
    offsets: list[int] = []  # the start offset of each line handed to the reader

    def lines() -> Iterator[str]:
        pos = start
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end + 1
            offsets.append(pos)
            yield text[pos:end]
            pos = end

    reader = csv.reader(lines(), delimiter=columns.delimiter, strict=True)
    rows: list[Row] = []
    consumed = 0
    previous = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        while len(rows) < MAX_ROWS:
            try:
                cells = next(reader)
            except (csv.Error, StopIteration):
                break
            if len(cells) != columns.count or not _TIME_CELL.fullmatch(cells[0]):
                break
            row_start = offsets[consumed]
            consumed = reader.line_num  # the reader has read exactly the row's lines
            end = text.find("\n", offsets[consumed - 1])
            rows.append(Row(row_start, len(text) if end == -1 else end + 1, cells))
    finally:
        csv.field_size_limit(previous)
    return rows
