"""The describe-layout fast path of ``parse_row`` reads every row exactly as the cell-by-cell
reader does: same Event, or both None, on rows built from real and awkward cells."""

from __future__ import annotations

import random

from diagnoser.parsers.event_rows import _DESCRIBE_ROW, parse_cells, parse_row

_TYPES = ["Normal", "Warning", "Norm", "warning", "Normalx"]
_REASONS = ["BackOff", "Failed", "FailedScheduling", "Reason12x", "lower", "Two Words", "Ünïcode", "-"]
_AGES = ["2m", "3h10m", "2m (x5 over 10m)", "<unknown>", "12s", "(x3 over 4m)"]
_SOURCES = ["kubelet", "default-scheduler", "kubelet, node-1", "-", "spec.containers{model}"]
_MESSAGES = ['Back-off restarting failed container "model"', "", "x", "  trailing  ", "a\tb  c"]
_GAPS = ["  ", "   ", "\t", " \t", "\t ", " ", "        "]


def _rows(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        cells = [rng.choice(_TYPES), rng.choice(_REASONS), rng.choice(_AGES), rng.choice(_SOURCES)]
        cells = cells[: rng.choice((1, 2, 3, 4, 4, 4, 4))] + [rng.choice(_MESSAGES)] * (rng.random() < 0.8)
        row = rng.choice(["", "  ", "\t", "    "])
        for cell in cells:
            row += cell + rng.choice(_GAPS)
        rows.append(row.rstrip(" ") if rng.random() < 0.5 else row)
    return rows


def test_the_describe_fast_path_reads_each_row_as_the_cell_reader_does():
    rows = _rows(7, 20_000)
    fast = sum(1 for row in rows if _DESCRIBE_ROW.match(row))
    assert fast > 2_000, "the generator must exercise the fast path"
    for row in rows:
        assert parse_row(row, 3, "pod/x") == parse_cells(row, 3, "pod/x"), repr(row)


def test_a_row_with_a_long_message_keeps_all_of_it():
    row = "  Warning  Failed  2m (x5 over 10m)  kubelet  " + "word " * 2000
    event = parse_row(row, 1)
    assert event is not None and event.count == 5 and event.message == ("word " * 2000).strip()
    assert event == parse_cells(row, 1)
