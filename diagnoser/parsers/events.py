"""``kubectl get events`` table (default and ``-o wide`` columns).

Columns are located from the header, because MESSAGE is the last column only in the
default output: ``-o wide`` appends FIRST SEEN, COUNT and NAME after it.
"""

from __future__ import annotations

import re

from diagnoser.model import Event, Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import clean, header_columns, table_rows, to_int

_COUNT = re.compile(r"\(x(\d{1,9}) over [^)\n]{1,40}\)")


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """One Event per row: reason, message, type, object, count."""
    if not {"REASON", "MESSAGE"} <= {name for name, _ in header_columns(doc.line(segment.start))}:
        return
    for n, cells in table_rows(doc, segment):
        reason = cells.get("REASON", "")
        if not reason:
            continue
        last_seen = cells.get("LAST SEEN", "")
        count_match = _COUNT.search(last_seen) or _COUNT.search(doc.line(n))
        count = to_int(cells.get("COUNT")) if "COUNT" in cells else None
        if count is None and count_match:
            count = int(count_match.group(1))
        facts.add_event(
            Event(
                reason=reason,
                message=cells.get("MESSAGE", ""),
                type=clean(cells.get("TYPE")),
                count=count,
                object=clean(cells.get("OBJECT")),
                line=n,
            )
        )
