"""Event rows on their own: ``kubectl get events`` tables and rows copied without a header.

Every layout (describe's, ``get events`` with or without ``-o wide``, the old tab-separated
one) is read by the one row grammar in ``event_rows``; this module only feeds it the
segment's lines.
"""

from __future__ import annotations

from diagnoser.model import Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers.event_rows import RowReader


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """One Event per row: reason, message, type, object, count, age."""
    reader = RowReader(facts, joiner=doc.joiner)
    for n in range(segment.start, segment.end + 1):
        reader.feed(n, doc.line(n))
