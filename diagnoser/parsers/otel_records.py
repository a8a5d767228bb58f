"""The OpenTelemetry Collector's debug exporter dumps: which container printed each record.

``normalise`` makes each record's ``Body: Str(...)`` its text (``otel_debug``); this reads
the container the record's attributes name, or its resource's (``k8s.container.name``, else
the kubelet log file path), and records it in ``facts.log_streams`` for the record's lines,
as the Logs tab's ``[pod][container]`` prefix is read: a transformer's traceback seen
through a collector is then the transformer's. The lines between records (the collector's
own log lines, a resource's attributes) belong to no container.
"""

from __future__ import annotations

from bisect import bisect_left

from diagnoser.model import Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers._util import original_offset


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    """One stream per record of the dump in ``segment``, ended after its last field."""
    begin = original_offset(doc, segment.start)
    stop = original_offset(doc, segment.end + 1)
    records = doc.otel_records
    first = bisect_left(records, begin, key=lambda record: record.start)  # each segment reads its own
    for index in range(first, len(records)):  # islice would step over the earlier ones again
        record = records[index]
        if record.start >= stop:
            break
        source = f"{record.pod or ''}/{record.container}" if record.container else ""
        facts.add_stream(doc.original_line_of(record.start), record.container, source)
        facts.add_stream(doc.original_line_of(record.end) + 1, None, "")
