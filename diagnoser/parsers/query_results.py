"""Result tables of a database query pasted with its command: data, not output.

A batch prediction's or an incident tracker's rows read back with ``bq query``, ``psql``,
``mysql``, ``sqlite3``, ``duckdb``, ``trino`` or ``snowsql`` can quote every error there
is ("predicted_cause: OOMKilled", "summary: 0/12 nodes are available"): they are records
in a table, not statuses of the user's deployment. The table below such a command (lines
with the ``|`` / ``+---+`` cells these clients print, a ``(6 rows)`` footer) is recorded as
configuration: text that is data, never matched as free lines. Found with ``str.find`` on
each client's name (C speed); each table is read once.
"""

from __future__ import annotations

import re

from diagnoser.model import Facts
from diagnoser.normalise import Document, starts_of_lines_holding
from diagnoser.parsers.commands import PROMPT_SRC

_CLIENTS = ("bq", "psql", "mysql", "sqlite3", "duckdb", "trino", "snowsql", "clickhouse-client")
_QUERY = re.compile(
    PROMPT_SRC
    + r"?(?:[\w./-]{0,200} )?(?:bq[ \t]+query|psql|mysql|sqlite3|duckdb|trino|snowsql|clickhouse-client)\b"
)
# A result line: a cell wall, a rule of dashes and pluses, a row count.
_RESULT_LINE = re.compile(r"[ \t]{0,8}(?:[|+]|[^\n]{0,4000}?[ \t]\|[ \t]|-{3,}\+|\(\d{1,9} rows?\))")
MAX_COMMANDS = 200
MAX_ROWS = 100_000


def read(doc: Document, facts: Facts) -> None:
    """Record the line span of each result table under a query command as configuration."""
    text = doc.text
    commands: set[int] = set()
    for client in _CLIENTS:
        for tried, start in enumerate(starts_of_lines_holding(text, client)):
            if tried >= MAX_COMMANDS:
                break
            if _QUERY.match(text, start) is not None:
                commands.add(doc.line_of(start))
    covered_to = 0
    for line in sorted(commands):
        if line <= covered_to:
            continue  # a row of the table above that names a client: each row is read once
        end = line
        while end < min(doc.last_line, line + MAX_ROWS) and _RESULT_LINE.match(doc.line(end + 1)):
            end += 1
        if end > line:
            facts.configuration.append((line + 1, end))
            covered_to = end
