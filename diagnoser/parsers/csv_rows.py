"""The cells of a CSV log export's rows (grammar: ``diagnoser.csv_export``).

``normalise`` already made each row its message cell, so the catalog's message signals
read the records as log lines. What the other cells say is read here: the container that
printed each record (``facts.log_streams``, as the Logs tab's prefix is read: its container
cell, else the file or stream its source cell names, else the source field of the record
its message cell holds, as CloudWatch Logs Insights exports Container Insights records), and, when
the export is an event log (a ``reason`` field beside the message), each row as a
Kubernetes event, so that a FailedScheduling row followed by Scheduled and Started rows is
judged stale exactly as in ``kubectl get events``.
"""

from __future__ import annotations

from diagnoser import csv_export
from diagnoser.log_sources import container_in_path
from diagnoser.model import Event, Facts, Segment
from diagnoser.normalise import Document
from diagnoser.parsers.log_records import record_container


def parse(doc: Document, segment: Segment, facts: Facts) -> None:
    for export in doc.csv_exports:
        if doc.original_line_of(export.header_start) != segment.start:
            continue
        columns = export.columns
        for row in export.rows:
            line = doc.original_line_of(row.start)
            container = _container(row.cells, columns)
            facts.add_stream(line, container, f"csv/{container}" if container else "")
            if columns.reason is not None and row.cells[columns.reason].strip():
                facts.events.append(
                    Event(
                        reason=row.cells[columns.reason].strip(),
                        message=" ".join(csv_export.message(row, columns).split()),
                        type=_cell(row.cells, columns.type),
                        object=_cell(row.cells, columns.object),
                        line=line,
                        end_line=doc.original_line_of(row.end - 1),
                    )
                )


def _container(cells: list[str], columns: csv_export.Columns) -> str | None:
    """The container that printed the row: its container cell, else the one its source
    cell's log file or stream is named after, else its message record's source field."""
    if columns.container is not None:
        return cells[columns.container].strip() or None
    if columns.source is not None:
        found = container_in_path(cells[columns.source])
        if found is not None:
            return found
    if columns.message is not None and cells[columns.message].startswith("{"):
        return record_container(cells[columns.message][: 64 * 1024])
    return None


def _cell(cells: list[str], index: int | None) -> str | None:
    return (cells[index].strip() or None) if index is not None else None
