"""Redaction speed: MB/s at 1, 10 and 50 MB, and the n-to-4n growth ratio per shape.

    .venv/bin/python benchmarks/bench_redact.py [--sizes 1 10 50]

Target: >= 20 MB/s on a 50 MB paste (the engine's own speed), linear growth (a ratio
near 4 when the input grows 4x). Times are process CPU seconds, best of a few runs.
Shapes: the engine benchmark's realistic Logs-tab / builder / JSON-lines paste, and pastes
dense in what redaction replaces (describe output, addresses and URLs, secrets).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import generate
from cpu_time import best_cpu_seconds

from diagnoser.redact import redact

MB = 1024 * 1024
FIXTURE = (
    Path(__file__).resolve().parents[1]
    / "diagnoser/catalog/fixtures/model-load-error/match-describe-mlflow-exception.txt"
)


def repeat_to(block: str, size: int) -> str:
    return (block * (size // max(1, len(block)) + 1))[:size]


def describe(size: int) -> str:
    """kubectl describe pod output, over and over (names, IPs, images, events)."""
    return repeat_to(FIXTURE.read_text(encoding="utf-8"), size)


def dense(size: int) -> str:
    """Every line holds something to replace: many distinct IPs, hosts, emails, URLs and tokens."""
    lines = []
    total = n = 0
    while total < size:
        line = (
            f"10.{n % 250}.{n // 250 % 250}.{n % 7} "
            f"GET https://api-{n % 97}.acme.internal/v1/x?id={n}&sig=ab{n}cd "
            f"user{n % 89}@acme.io Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI{n}.c2lnbmF0dXJl "
            f"gs://bucket-{n % 13}/models/{n}/model.joblib pod/model-{n % 31}-{n % 5}-r1-predictor-00001\n"
        )
        lines.append(line)
        total += len(line)
        n += 1
    return "".join(lines)[:size]


def realistic(size: int) -> str:
    return generate(size).decode("utf-8")


SHAPES: dict[str, Callable[[int], str]] = {"logs": realistic, "describe": describe, "dense": dense}


def cpu_seconds(text: str, runs: int) -> float:
    return best_cpu_seconds(redact, text, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 50], help="sizes in MB")
    args = parser.parse_args()
    print(f"{'shape':<10} {'size':>7} {'CPU s':>7} {'MB/s':>7}   n-to-4n ratio")
    for name, make in SHAPES.items():
        for size_mb in args.sizes:
            text = make(int(size_mb * MB))
            runs = 3 if size_mb <= 10 else 1
            seconds = cpu_seconds(text, runs)
            small = make(int(size_mb * MB / 4))
            ratio = seconds / max(cpu_seconds(small, runs), 1e-9)
            print(f"{name:<10} {size_mb:>5g}MB {seconds:>7.2f} {size_mb / seconds:>7.1f}   {ratio:.2f}")


if __name__ == "__main__":
    main()
