"""Log records printed as YAML documents: ``gcloud logging read`` in its default format.

gcloud prints each LogEntry as a YAML document of its own: ``---``, then the keys sorted
(``insertId``, ``labels``, ``logName``, ``receiveTimestamp``, ``resource`` with
``labels.container_name``, ``severity``, ``textPayload``, ``timestamp``). The text is the
top-level ``textPayload`` scalar, which the YAML emitter quotes (``'...'``, a quote
doubled; ``"..."`` with escapes), folds past 80 columns onto indented continuation lines,
or writes as a literal block (``|-``, a multi-line entry). The grammar is defined once
here: ``normalise`` makes the scalar's first line the text itself (its continuation lines
blank, so every line keeps its number, as JSON records keep theirs), ``recognise`` makes
each run of such documents one segment of records, and ``parsers.log_records`` gives each
document's lines the container its resource names, as the Logs tab's prefix does. Every
pass is one regex search per document or per line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import islice

# The top-level text of a LogEntry document, and the lines that continue its scalar (indented).
_PAYLOAD = re.compile(r"^textPayload:[ \t]?([^\n]{0,200000})$", re.MULTILINE)
_CONTINUED = re.compile(r"[ \t]{1,40}\S[^\n]{0,200000}|[ \t]*")
_BLOCK_HEADER = re.compile(r"[|>][+-]?\d?[ \t]*")
_DOCUMENT_START = re.compile(r"^---[ \t]*$", re.MULTILINE)
# The record's source: the resource label gcloud prints (``container_name``), and its pod.
_CONTAINER = re.compile(
    r"^[ \t]{1,40}container_name:[ \t]{1,4}['\"]?(?P<c>[A-Za-z0-9][A-Za-z0-9._-]{0,252})['\"]?[ \t]*$",
    re.MULTILINE,
)
_POD = re.compile(
    r"^[ \t]{1,40}pod_name:[ \t]{1,4}['\"]?(?P<p>[A-Za-z0-9][A-Za-z0-9._-]{0,252})", re.MULTILINE
)
MAX_DOCUMENTS = 100_000


def unwrap(text: str, joiner: str) -> str:
    """``text`` with each ``textPayload`` scalar replaced by its text, on its first line (the
    lines of a multi-line text joined by ``joiner``); its other lines are left blank."""
    if "textPayload:" not in text or "---" not in text:
        return text
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    index_of = {start: index for index, start in enumerate(starts)}
    for found in _PAYLOAD.finditer(text):
        index = index_of.get(found.start())
        if index is None:
            continue
        end = index + 1
        while end < len(lines) and lines[end].strip() and _CONTINUED.fullmatch(lines[end]):
            end += 1
        body = [found.group(1), *lines[index + 1 : end]]
        lines[index] = _decoded(body, joiner)
        for other in range(index + 1, end):
            lines[other] = ""
    return "\n".join(lines)


def _decoded(body: list[str], joiner: str) -> str:
    """The text of a YAML scalar whose first line is ``body[0]`` (after the key) and whose
    continuation lines follow it."""
    head = body[0].strip()
    rest = [line.strip() for line in body[1:]]
    if _BLOCK_HEADER.fullmatch(head):  # a literal (or folded) block: one line per line
        return joiner.join(line for line in rest)
    folded = " ".join([head, *rest]).strip()
    if folded.startswith("'") and folded.endswith("'") and len(folded) > 1:
        return folded[1:-1].replace("''", "'")
    if folded.startswith('"') and folded.endswith('"') and len(folded) > 1:
        try:
            value = json.loads(folded.replace("\\ ", " "))
        except ValueError:
            return folded[1:-1]
        return value.replace("\n", joiner) if isinstance(value, str) else folded
    return folded


def runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each run of consecutive LogEntry documents (a ``---`` document
    with a top-level ``textPayload``) in ``text``."""
    if "textPayload:" not in text:
        return
    run: tuple[int, int] | None = None
    for begin, end in _bounds(text, 0, len(text)):
        if _PAYLOAD.search(text, begin, end) is None:
            if run is not None:
                yield run
            run = None
            continue
        run = (run[0] if run is not None else begin, end)
    if run is not None:
        yield run


def _bounds(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """(start, end) of each ``---`` document in ``text[start:stop]``; the last ends at the
    first blank line after it (what follows is not gcloud's), or at ``stop``."""
    starts = [found.start() for found in islice(_DOCUMENT_START.finditer(text, start, stop), MAX_DOCUMENTS)]
    if not starts:
        return []
    blank = text.find("\n\n", starts[-1], stop)
    return list(zip(starts, [*starts[1:], stop if blank == -1 else blank + 1], strict=True))


def documents(text: str, start: int, stop: int) -> Iterator[tuple[int, str | None, str | None]]:
    """(offset, container, pod) of each ``---`` document in ``text[start:stop]``: where it
    starts and the container and pod its resource labels name (None when none)."""
    for begin, end in _bounds(text, start, stop):
        container = _CONTAINER.search(text, begin, end)
        pod = _POD.search(text, begin, end) if container else None
        yield begin, container.group("c") if container else None, pod.group("p") if pod else None
