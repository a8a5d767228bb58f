"""Engine speed on hostile paste shapes: CPU MB/s and growth from n to 4n, per shape.

    make bench-hostile     (or: .venv/bin/python benchmarks/bench_hostile.py [--mb 1])

Linear growth shows as a ratio near 4 (time at 4n / time at n). Targets: every shape
linear and at least 5 MB/s of CPU time. Times are process CPU time (``time.process_time``),
best of three, so other load on the machine disturbs them less.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu_time import best_cpu_seconds
from hostile_shapes import SHAPES

from diagnoser import diagnose
from diagnoser.catalog import load_catalog

MB = 1024 * 1024


def cpu_seconds(text: str) -> float:
    return best_cpu_seconds(diagnose, text)


def size_for(shape, target: int) -> int:
    """The ``n`` for which the shape's text is about ``target`` characters."""
    probe = len(shape(100))
    return max(1, int(100 * target / max(probe, 1)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the larger (4n) paste in MB")
    parser.add_argument("--shape", action="append", help="only this shape (repeatable); default all")
    args = parser.parse_args(argv)
    load_catalog()
    print(f"{'shape':<34} {'size 4n':>9} {'CPU n':>8} {'CPU 4n':>8} {'ratio':>6} {'MB/s':>7}")
    worst_rate, worst_ratio = float("inf"), 0.0
    for name, shape in SHAPES.items():
        if args.shape and name not in args.shape:
            continue
        n = size_for(shape, int(args.mb * MB / 4))
        small, large = shape(n), shape(4 * n)
        t_small, t_large = cpu_seconds(small), cpu_seconds(large)
        ratio = t_large / max(t_small, 1e-4)
        rate = len(large) / MB / max(t_large, 1e-4)
        worst_rate, worst_ratio = min(worst_rate, rate), max(worst_ratio, ratio)
        flag = "  <- slow" if rate < 5 else ("  <- super-linear" if ratio > 6 else "")
        print(
            f"{name:<34} {len(large) / MB:>7.2f}MB {t_small:>7.3f}s {t_large:>7.3f}s"
            f" {ratio:>6.1f} {rate:>7.1f}{flag}"
        )
    print(f"\nworst: {worst_rate:.1f} MB/s, largest n-to-4n ratio {worst_ratio:.1f} (linear is about 4)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
