"""Logs-tab streams: which container each run of lines came from.

A log-line match is attributed to its component (model, transformer, image builder)
through ``facts.log_streams``. A run is found with two regex searches (first line of
the run, first line not carrying the same "[pod] [container] " prefix), so a
100k-line log costs a few calls per container switch, not one per line.
"""

from __future__ import annotations

from diagnoser.logprefix import stretches
from diagnoser.model import Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import original_offset


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """Append (first line, container) for each run of lines from one container."""
    begin = original_offset(doc, segment.start)
    stop = original_offset(doc, segment.end + 1)
    for start, _, container in stretches(doc.original, begin, stop):
        if container and (not facts.log_streams or facts.log_streams[-1][1] != container):
            facts.log_streams.append((doc.original_line_of(start), container))
