"""Small helpers shared by the parsers: line counting and column splitting.

Kept free of any format knowledge so each parser module stays short. Every regex
here is linear: single-character classes with bounded or unambiguous repeats.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from diagnoser.model import Segment
    from diagnoser.normalise import Document

# A header cell: runs of non-space characters joined by single spaces ("LAST SEEN").
_HEADER_CELL = re.compile(r"\S(?:\S| (?=\S))*")
_TWO_SPACES = re.compile(r"[ \t]{2,}")
_INT = re.compile(r"[+-]?\d{1,18}")


class LineCounter:
    """Offset -> 1-based line number for a text without a precomputed index.

    Offsets must be asked in non-decreasing order (it counts newlines since the last
    question), so a whole scan costs one pass over the text.
    """

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._text = text
        self._pos = 0
        self._line = first_line
        self._first = first_line

    def line_of(self, offset: int) -> int:
        if offset < self._pos:
            self._pos, self._line = 0, self._first
        self._line += self._text.count("\n", self._pos, offset)
        self._pos = offset
        return self._line


def to_int(value: object) -> int | None:
    """An int from a cell or scalar ("137", 137, "-" -> None), never raising."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INT.fullmatch(text):
            return int(text)
    return None


def header_columns(header: str) -> list[tuple[str, int]]:
    """(NAME, start offset) of each cell of a table header separated by 2+ spaces."""
    cells: list[tuple[str, int]] = []
    for match in _HEADER_CELL.finditer(header):
        cells.append((match.group(0).upper(), match.start()))
    return cells


def split_by_positions(row: str, starts: list[int]) -> list[str]:
    """Cut ``row`` at the header's column starts; the last column takes the rest.

    A cut that would fall inside a word (a row shifted by a long cell or an edited space)
    moves to the nearer edge of that word, never before the previous cut: "SuccessfulCreat"
    + "e replicaset/..." is read as "SuccessfulCreate" + "replicaset/...". A cut in blanks
    stays, so an empty cell stays empty.
    """
    cuts = []
    previous = 0
    for start in starts:
        cut = _word_edge(row, start, previous)
        cuts.append(cut)
        previous = cut
    cuts.append(len(row))
    return [row[cuts[i] : max(cuts[i], cuts[i + 1])].strip() for i in range(len(starts))]


def _word_edge(row: str, cut: int, floor: int) -> int:
    if cut <= floor or cut >= len(row) or row[cut - 1] in " \t" or row[cut] in " \t":
        return max(cut, floor)
    begin = cut
    while begin > floor and row[begin - 1] not in " \t":
        begin -= 1
    end = cut
    while end < len(row) and row[end] not in " \t":
        end += 1
    after = end
    while after < len(row) and row[after] in " \t":
        after += 1
    if begin > floor and cut - begin <= after - cut:
        return begin
    return after


def _aligned(row: str, starts: list[int]) -> bool:
    for start in starts[1:]:
        if start >= len(row) or row[start - 1] not in " \t" or row[start] in " \t":
            return False
    return True


def split_row(row: str, starts: list[int], free: int | None = None) -> list[str]:
    """Split a whitespace-aligned table row into ``len(starts)`` cells, leniently.

    ``free``: the index of a free-text column, when other columns follow it.

    Tabwriter output is aligned, so the header positions are tried first; a row
    whose text does not sit on those boundaries (copy/paste damage) is split on runs
    of 2+ spaces instead, and only if that gives the wrong count are positions used
    anyway (an empty cell collapses runs of spaces).
    """
    if not starts:
        return []
    if _aligned(row, starts):
        return split_by_positions(row, starts)
    if free is not None and free < len(starts) - 1:
        # A free-text column (MESSAGE) that outgrew its header pushes the columns after it
        # (kubectl -o wide: FIRST SEEN, COUNT, NAME; one word each) out of place: those are
        # read from the row's end, the rest from its start.
        after = len(starts) - 1 - free
        parts = row.rstrip().rsplit(None, after)
        if len(parts) == after + 1:
            return split_row(parts[0], starts[: free + 1]) + parts[1:]
    pieces = _TWO_SPACES.split(row.strip(), maxsplit=len(starts) - 1)
    if len(pieces) == len(starts):
        return [piece.strip() for piece in pieces]
    return split_by_positions(row, starts)


def table_rows(doc: Document, segment: Segment) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, cells by column name) of each non-blank row of a column-aligned kubectl table.

    The column names and positions come from the segment's first line, the header.
    """
    columns = header_columns(doc.line(segment.start))
    names = [name for name, _ in columns]
    starts = [pos for _, pos in columns]
    for line in range(segment.start + 1, segment.end + 1):
        raw = doc.line(line)
        if raw.strip():
            yield line, dict(zip(names, split_row(raw, starts), strict=False))


def clean(value: str | None) -> str | None:
    """Stripped text, or None for empty / placeholder cells; a reason a UI cut short with an
    ellipsis ("OOMKill…") is completed when only one known reason starts that way."""
    if value is None:
        return None
    text = value.strip()
    if not text or text in ("-", "<none>", "<unknown>"):
        return None
    return complete_cut(text)


# The reasons a pod's STATUS cell (kubectl get pods) can show: a container waiting, a
# container ended, the pod's own end.
WAITING_REASONS = (
    "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError",
    "CreateContainerError", "RunContainerError", "ContainerCreating", "PodInitializing", "ErrImageNeverPull",
)  # fmt: skip
TERMINATED_REASONS = (
    "OOMKilled", "Error", "Completed", "ContainerCannotRun", "DeadlineExceeded", "StartError",
    "ContainerStatusUnknown",
)  # fmt: skip
POD_END_REASONS = (
    "Evicted",
    "NodeLost",
    "UnexpectedAdmissionError",
    "OutOfcpu",
    "OutOfmemory",
    "NodeAffinity",
)
# Every reason and state Kubernetes, Knative and KServe print in the cells Merlin and kubectl show.
KNOWN_REASONS = (
    *WAITING_REASONS, *TERMINATED_REASONS, *POD_END_REASONS, "BackoffLimitExceeded",
    "RevisionMissing", "RevisionFailed", "ContainerHealthCheckFailed", "ProgressDeadlineExceeded",
    "Terminated", "Waiting", "Running", "Unschedulable", "ModelLoadFailed",
)  # fmt: skip
_CUT_MARKS = ("…", "...")


def complete_cut(text: str) -> str:
    """``text`` whole when it is a known reason cut at an ellipsis, else as it is."""
    mark = next((m for m in _CUT_MARKS if text.endswith(m)), None)
    if mark is None:
        return text
    prefix = text[: -len(mark)].rstrip()
    if len(prefix) < 3:
        return text
    matches = [reason for reason in KNOWN_REASONS if reason.startswith(prefix)]
    return matches[0] if len(matches) == 1 else text


def original_offset(doc: Document, line: int) -> int:
    """Offset of paste line ``line`` in ``doc.original``."""
    return doc.original_offset_of(line)


def original_text(doc: Document, start: int, end: int) -> str:
    """The paste's own text (ANSI/CRLF fixed) of lines start..end, without the last newline."""
    text = doc.original
    return text[original_offset(doc, start) : original_offset(doc, end + 1)].rstrip("\n")
