"""Best-of-N process CPU time of one call: shared by the hostile-shape and redaction benchmarks
and the growth test. CPU time (not wall time) and the best of a few runs, so load from other
jobs on a shared machine disturbs the figure less."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_cpu_seconds(call: Callable[[str], object], text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        call(text)
        best = min(best, time.process_time() - started)
    return best
