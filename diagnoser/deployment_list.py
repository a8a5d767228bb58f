"""Merlin's list of an endpoint's deployments, pasted whole: which failures are over.

The History tab lists every deployment of a version endpoint, newest first: "Deployment
Time" and "Deployment Status" (``Deployed`` for the one serving now, with a ``Current``
badge, ``Failed``, ``Not Deployed``, ``Pending``), a failed row expanded to its "Error
message". The API's ``/deployments`` answers the same as records (``"id"``, ``"status"``,
``"error"``). A failed deployment listed below (older than) the one serving now was
fixed by that later deployment: its error message is history. A failed deployment above
the serving one is the newest attempt, and it failed: Merlin kept the older revision
serving, and that failure is the one to fix; an older failed row below it, expanded too,
is an earlier attempt the newest one replaced.

One pass over the lines; only pastes that hold the page's header or the records' keys, up
to ``MAX_LIST_CHARS``, are read.
"""

from __future__ import annotations

import re

from diagnoser.normalise import Document

MAX_LIST_CHARS = 512 * 1024  # a page or an API answer, not a log

_PAGE_HEADER = re.compile(r"[ \t]{0,8}Deployment Time[ \t]{1,40}Deployment Status[ \t]{0,8}$")
# A row: the relative time ("4 minutes ago", "a day ago"), the Current badge, the status.
_PAGE_ROW = re.compile(
    r"[ \t]{0,8}(?:a|an|a few|\d{1,4}) (?:seconds?|minutes?|hours?|days?|months?|years?) ago"
    r"(?P<current>[ \t]{1,8}Current)?[ \t]{1,40}(?P<status>Deployed|Not Deployed|Failed|Pending)[ \t]{0,8}$"
)
_RECORD_ID = re.compile(r'[ \t]{0,8}"id":[ \t]{0,4}(\d{1,12}),?[ \t]{0,4}$')
_RECORD_STATUS = re.compile(r'[ \t]{0,8}"status":[ \t]{0,4}"([a-z_]{1,20})",?[ \t]{0,4}$')
_RECORD_ERROR = re.compile(r'[ \t]{0,8}"error":[ \t]{0,4}"(.{0,1})')
_SERVING = ("running", "serving")


def superseded_spans(doc: Document) -> list[tuple[int, int]]:
    """Line ranges (first, last) of failed deployments that a later deployment replaced."""
    text = doc.text
    if len(text) > MAX_LIST_CHARS:
        return []
    spans: list[tuple[int, int]] = []
    if "Deployment Status" in text:
        spans.extend(_page_spans(doc))
    if '"status"' in text and '"error"' in text:
        spans.extend(_record_spans(doc))
    return spans


def serving_now(doc: Document) -> list[int]:
    """Lines of the History pages' newest rows that are Deployed: the endpoint serves that
    deployment now, so a failure the reporter quotes above the page (the last attempt's
    error, the reason for the redeploy) is over."""
    if len(doc.text) > MAX_LIST_CHARS or "Deployment Status" not in doc.text:
        return []
    newest: list[int] = []
    page_rows = 0
    for line, status in _page_rows(doc):
        if line < 0:  # a page header: the next row is that page's newest
            page_rows = 0
            continue
        page_rows += 1
        if page_rows == 1 and status == "Deployed":
            newest.append(line)
    return newest


def _page_rows(doc: Document) -> list[tuple[int, str]]:
    """(line, status) of every row of the History pages, in paste order, with (-header line,
    "") where a page starts. One pass over the lines."""
    rows: list[tuple[int, str]] = []
    in_page = False
    for line in range(doc.first_line, doc.last_line + 1):
        text = doc.line(line)
        if _PAGE_HEADER.match(text):
            in_page = True
            rows.append((-line, ""))
            continue
        found = _PAGE_ROW.match(text) if in_page else None
        if found is not None:
            rows.append((line, found.group("status")))
    return rows


def _page_spans(doc: Document) -> list[tuple[int, int]]:
    """Failed rows below a Deployed row, or below a newer Failed row whose error message is
    shown, of the History page, each to the next row."""
    rows = [(line, status) for line, status in _page_rows(doc) if line > 0]
    spans = []
    replaced = False  # a newer row above serves, or failed with its own error message shown
    for index, (line, status) in enumerate(rows):
        end = rows[index + 1][0] - 1 if index + 1 < len(rows) else doc.last_line
        if status == "Failed" and replaced:
            spans.append((line, end))
        elif status == "Deployed" or (status == "Failed" and _shows_error(doc, line, end)):
            replaced = True
    return spans


def _shows_error(doc: Document, first: int, last: int) -> bool:
    """Whether a Failed row was expanded to its error message: then it is the newest attempt's
    failure, and the failed rows below it are older attempts (an unexpanded newest row says
    nothing, so the older messages still speak)."""
    for line in range(first + 1, min(last, first + 3) + 1):
        if doc.line(line).strip() == "Error message":
            return True
    return False


def _record_spans(doc: Document) -> list[tuple[int, int]]:
    """Failed records with a smaller id than a serving record without an error."""
    records: list[tuple[int, int, int | None, str | None, bool]] = []  # first, last, id, status, error
    start = None
    ident: int | None = None
    status: str | None = None
    error = False
    for line in range(doc.first_line, doc.last_line + 1):
        text = doc.line(line)
        stripped = text.strip()
        if stripped == "{" and len(text) - len(text.lstrip()) <= 2:
            start, ident, status, error = line, None, None, False
            continue
        if start is None:
            continue
        if stripped in ("}", "},") and len(text) - len(text.lstrip()) <= 2:
            records.append((start, line, ident, status, error))
            start = None
            continue
        if (found := _RECORD_ID.match(text)) is not None:
            ident = int(found.group(1))
        elif (found := _RECORD_STATUS.match(text)) is not None:
            status = found.group(1)
        elif (found := _RECORD_ERROR.match(text)) is not None:
            error = found.group(1) not in ('"', "")
    serving = [ident for _, _, ident, status, error in records if status in _SERVING and not error and ident]
    if not serving:
        return []
    newest = max(serving)
    return [
        (first, last)
        for first, last, ident, status, error in records
        if ident is not None and ident < newest and (error or status == "failed")
    ]
