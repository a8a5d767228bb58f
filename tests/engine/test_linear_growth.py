"""No paste shape makes the engine super-linear: time at 4n stays near 4x the time at n.

The bound is generous (10x, where linear is about 4x and quadratic 16x) and times are the
best of three CPU-time runs, so load on the machine does not make it fail; the speed
itself is measured by ``benchmarks/bench_hostile.py``, not here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from cpu_time import best_cpu_seconds
from hostile_shapes import SHAPES

from diagnoser import diagnose

SMALL_CHARS = 40_000
MAX_RATIO = 10.0


def cpu_time(text: str) -> float:
    return max(best_cpu_seconds(diagnose, text), 0.002)  # below the clock's resolution, ratios mean nothing


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_grows_linearly(name: str) -> None:
    shape = SHAPES[name]
    n = max(1, int(100 * SMALL_CHARS / max(len(shape(100)), 1)))
    small, large = cpu_time(shape(n)), cpu_time(shape(4 * n))
    assert large / small < MAX_RATIO, f"{name}: {small:.3f}s at n, {large:.3f}s at 4n"
