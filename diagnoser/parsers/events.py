"""``kubectl get events`` table (default and ``-o wide`` columns).

Columns are located from the header, because MESSAGE is the last column only in the
default output: ``-o wide`` appends FIRST SEEN, COUNT and NAME after it.
"""

from __future__ import annotations

import re

from diagnoser.model import Event, Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import clean, header_columns, split_row, to_int

_COUNT = re.compile(r"\(x(\d{1,9}) over [^)\n]{1,40}\)")


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """One Event per row: reason, message, type, object, count."""
    header = doc.line(segment.start)
    columns = header_columns(header)
    names = [name for name, _ in columns]
    starts = [pos for _, pos in columns]
    if "REASON" not in names or "MESSAGE" not in names:
        return
    for n in range(segment.start + 1, segment.end + 1):
        raw = doc.line(n)
        if not raw.strip():
            continue
        cells = dict(zip(names, split_row(raw, starts), strict=False))
        reason = cells.get("REASON", "")
        if not reason:
            continue
        last_seen = cells.get("LAST SEEN", "")
        count_match = _COUNT.search(last_seen) or _COUNT.search(raw)
        count = to_int(cells.get("COUNT")) if "COUNT" in cells else None
        if count is None and count_match:
            count = int(count_match.group(1))
        facts.events.append(
            Event(
                reason=reason,
                message=cells.get("MESSAGE", ""),
                type=clean(cells.get("TYPE")),
                count=count,
                object=clean(cells.get("OBJECT")),
                line=n,
            )
        )
