"""Parse facts out of each recognised segment and merge them into one ``Facts``.

One small module per input format; this dispatcher is the only place that knows
which parser reads which kind. Parsers must never take the whole diagnosis down:
any unexpected exception becomes a note and the other segments are still read.
"""

from __future__ import annotations

from collections.abc import Callable

from diagnoser.model import (
    KIND_BUILDER_LOG,
    KIND_CSV_LOG,
    KIND_DESCRIBE,
    KIND_EVENTS,
    KIND_GET_TABLE,
    KIND_HISTORY,
    KIND_JSON_LOG,
    KIND_KSERVE_STATUS,
    KIND_LOGS,
    KIND_OBJECT_JSON,
    KIND_OBJECT_YAML,
    KIND_OTEL_LOG,
    Facts,
    Segment,
)
from diagnoser.normalise import Document
from diagnoser.parsers import (
    advice_tables,
    builder_log,
    commands,
    csv_rows,
    describe,
    documentation,
    error_lines,
    events,
    field_paths,
    get_tables,
    history,
    kserve_status,
    kube_object,
    log_records,
    logs,
    otel_records,
    query_results,
)

Parser = Callable[[Document, Segment, Facts], None]

# Kinds without an entry (plain container log) need
# no structured parsing: the catalog's regexes scan their lines directly.
PARSERS: dict[str, Parser] = {
    KIND_HISTORY: history.parse,
    KIND_DESCRIBE: describe.parse,
    KIND_EVENTS: events.parse,
    KIND_OBJECT_YAML: kube_object.parse_yaml,
    KIND_OBJECT_JSON: kube_object.parse_json,
    KIND_KSERVE_STATUS: kserve_status.parse,
    KIND_LOGS: logs.parse,
    KIND_JSON_LOG: log_records.parse,
    KIND_CSV_LOG: csv_rows.parse,
    KIND_OTEL_LOG: otel_records.parse,
    KIND_GET_TABLE: get_tables.parse,
    KIND_BUILDER_LOG: builder_log.parse,
}


def parse(doc: Document, segments: list[Segment]) -> Facts:
    """All facts of the paste; ``facts.segments`` keeps the segments in order."""
    facts = Facts(segments=list(segments))
    for segment in segments:
        parser = PARSERS.get(segment.kind)
        if parser is None:
            continue
        try:
            parser(doc, segment, facts)
            if segment.kind == KIND_LOGS:
                builder_log.parse_logs(doc, segment, facts)
        except Exception as exc:  # a parser bug must not lose the other findings
            where = (
                f"lines {segment.start}–{segment.end}"
                if segment.end > segment.start
                else f"line {segment.start}"
            )
            facts.notes.append(
                f"Could not fully read the {segment.kind} input at {where} "
                f"({type(exc).__name__}); facts from it may be incomplete."
            )
    commands.read(doc, facts)
    advice_tables.read(doc, facts)
    documentation.read(doc, facts)
    query_results.read(doc, facts)
    field_paths.read(doc, facts)
    facts.index()
    error_lines.read(doc, facts)
    return facts


__all__ = ["PARSERS", "parse"]
