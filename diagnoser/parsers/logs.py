"""Logs-tab streams: which container each run of lines came from.

A log-line match is attributed to its component (model, transformer, image builder)
through ``facts.log_streams``, read from the document's Logs-tab stretches (found once,
see ``logprefix.stretches``), so a 100k-line log costs a few steps per container switch.
"""

from __future__ import annotations

from bisect import bisect_left

from diagnoser.model import Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import original_offset


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """Append (first line, container) for each run of lines from one container."""
    begin = original_offset(doc, segment.start)
    stop = original_offset(doc, segment.end + 1)
    found = doc.log_stretches
    first = bisect_left(found, begin, key=lambda stretch: stretch[0])
    # Lines that name no container take it from the "Common labels:" line above them (logcli,
    # Grafana's txt download), when one names it.
    common = doc.common_label_containers
    above = bisect_left(common, begin, key=lambda labels: labels[0])
    shared = common[above - 1][1] if above else None
    for index in range(first, len(found)):  # islice would step over the earlier ones again
        start, _, container, prefix = found[index]
        if start >= stop:
            break
        container = container or shared
        # A stretch of timestamps only is a source of its own (""), not the one before it;
        # a run without a container (timestamps only) ends the previous container's stream,
        # so its lines are not blamed on that container.
        facts.add_stream(doc.original_line_of(start), container, prefix)
