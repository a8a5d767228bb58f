"""Image-builder output (kaniko): did this build end by pushing its image?

A build log can hold errors that did not fail the build: a ``pip install A || pip install B``
fallback, a retried download, a README printed by ``RUN cat``. When the run ends with
kaniko's ``Pushed <image>@sha256:<digest>``, the build succeeded, so the lines before that
push are not the failure (``Facts.before_successful_push``).

The same holds in the Logs tab, where the builder's lines carry a ``[pod][container]``
prefix beside other components' lines: there only the run of lines from the container
that printed the push counts as its build.
"""

from __future__ import annotations

import re

from diagnoser.model import Facts, Segment
from diagnoser.normalise import Document, starts_of_lines_holding_from_end

_PUSHED = re.compile(r"(?:INFO\[\d{1,9}\] |\S{0,40} )?Pushed [^\s@]{3,400}@sha256:[0-9a-f]{12,64}\b")


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """Record (first line, push line) when the segment's build pushed its image."""
    begin = doc.offset_of(segment.start)
    end = doc.offset_of(segment.end + 1) if segment.end < doc.last_line else len(doc.text)
    window = doc.text[begin:end]
    for start in starts_of_lines_holding_from_end(window, "Pushed "):
        if _PUSHED.match(window, start):
            facts.pushed_builds.append((segment.start, doc.line_of(begin + start)))
            return


def parse_logs(doc: Document, segment: Segment, facts: Facts) -> None:
    """In a Logs-tab segment (read after the Logs-tab parser: ``facts.log_streams`` is known),
    record (start of the pushing container's run of lines, push line)."""
    begin = doc.offset_of(segment.start)
    end = doc.offset_of(segment.end + 1) if segment.end < doc.last_line else len(doc.text)
    window = doc.text[begin:end]
    for start in starts_of_lines_holding_from_end(window, "Pushed "):
        if not _PUSHED.match(window, start):
            continue
        pushed = doc.line_of(begin + start)
        first = segment.start
        for stream_start, _ in facts.log_streams:
            if segment.start <= stream_start <= pushed:
                first = stream_start  # the last run that began before the push
        facts.pushed_builds.append((first, pushed))
        return
