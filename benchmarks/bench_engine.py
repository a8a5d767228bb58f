"""Engine and CLI speed on realistic pastes: MB/s, growth, peak memory, History latency.

    make bench        (or: .venv/bin/python benchmarks/bench_engine.py [--sizes 1 10 50])

Targets (2-core machine): >= 20 MB/s, linear growth, peak memory < 4x the input size,
a typical 5 KB History message analysed in < 5 ms once imported. The generated logs
are mostly noise (a model server's Logs tab output, kaniko/pip output, JSON-lines
records) with a few real failures near the end, as users paste them.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diagnoser import diagnose
from diagnoser.catalog import load_catalog

MB = 1024 * 1024
POD = "churn-model-4-r2-predictor-00001-deployment-6f7c9d8b5-q8x2m"

# Noise comes in runs, as in real pastes: a stretch of one container's Logs tab output,
# then another container's, a block of build output, a block of exported JSON records.
NOISE_RUNS = [
    [
        "[{pod}][kserve-container] {ts} INFO:root:predict request id={rid} latency_ms={ms} status=200",
        '[{pod}][kserve-container] {ts} 10.8.{a}.{b} - - "POST /v1/models/churn-4:predict HTTP/1.1" 200 87',
    ],
    ['[{pod}][queue-proxy] {ts} {{"severity":"INFO","message":"probe ok","knative.dev/key":"ml/churn"}}'],
    ["[{pod}][transformer] {ts} feature lookup entity=customer_id rows={ms} took {a}ms"],
    [
        "{ts} INFO[0042] Taking snapshot of files... layer={rid}",
        "{ts} Collecting scikit-learn==1.4.{a} (from -r requirements.txt (line {b}))",
        "{ts} WARNING: pip is configured with locations that require TLS/SSL; retrying {a}",
    ],
    ['{{"severity":"INFO","textPayload":"GET /v1/models/churn-model-4 200 {ms}ms","insertId":"{rid}"}}'],
]
FAILURES = [
    "[{pod}][kserve-container] {ts} Traceback (most recent call last):",
    '[{pod}][kserve-container] {ts}   File "/opt/model/main.py", line 41, in load',
    "[{pod}][kserve-container] {ts} ModuleNotFoundError: No module named 'xgboost'",
    "{ts} ERROR: No matching distribution found for tensorflow==9.99.0",
    "{ts} error checking push permissions -- make sure you entered the correct tag name, and that you are "
    "authenticated correctly, and try again: checking push permission for "
    '"registry.acme.internal/ml/churn-model:4": UNAUTHORIZED: authentication required',
]


def generate(size: int, seed: int = 7) -> bytes:
    """A paste of about ``size`` bytes: noise, with the failures spread over its last tenth."""
    rng = random.Random(seed)
    lines: list[str] = []
    total = 0
    failure_at = int(size * 0.9)
    failures = iter(FAILURES)
    while total < size:
        templates = rng.choice(NOISE_RUNS)
        for _ in range(rng.randrange(20, 400)):
            second = len(lines) % 86400
            clock = f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
            ts = f"2026-11-02T{clock}.{rng.randrange(10**6):06d}Z"
            template = rng.choice(templates)
            if total > failure_at and rng.random() < 0.001:
                template = next(failures, template)
            line = template.format(
                pod=POD, ts=ts, rid=rng.randrange(10**9), ms=rng.randrange(900), a=rng.randrange(255),
                b=rng.randrange(255),
            )  # fmt: skip
            lines.append(line)
            total += len(line) + 1
    lines.extend(f.format(pod=POD, ts="2026-11-02T23:59:59Z") for f in FAILURES)
    return ("\n".join(lines) + "\n").encode()


def measure_engine(data: bytes) -> tuple[float, float, list[str]]:
    """Seconds for ``diagnose(data)`` and its peak traced memory in MB (best of 3 / 1)."""
    times = []
    for _ in range(3 if len(data) < 20 * MB else 2):
        gc.collect()
        start = time.perf_counter()
        report = diagnose(data)
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    diagnose(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / MB, [f.id for f in report.findings]


def measure_cli(path: Path) -> tuple[float, float]:
    """Wall seconds of ``merlin-diagnose --json FILE`` and the child's peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "diagnoser", "--json", str(path)], check=True, stdout=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before) / 1024


def history_message() -> str:
    fixture = Path(__file__).resolve().parents[1] / "benchmarks" / "history-5kb.txt"
    return fixture.read_text(encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50], help="paste sizes in MB")
    args = parser.parse_args()
    load_catalog()  # import-time work is not what we measure

    message = history_message()
    diagnose(message)
    runs = []
    for _ in range(300):
        start = time.perf_counter()
        diagnose(message)
        runs.append(time.perf_counter() - start)
    print(
        f"History message ({len(message.encode()) / 1024:.1f} KB): "
        f"median {statistics.median(runs) * 1000:.2f} ms, "
        f"p95 {sorted(runs)[int(len(runs) * 0.95)] * 1000:.2f} ms  (target < 5 ms)"
    )

    print(
        f"{'size':>6} {'engine s':>9} {'engine MB/s':>12} {'peak MB':>8} {'peak/input':>10} "
        f"{'CLI s':>7} {'CLI MB/s':>9} {'CLI RSS MB':>10}  findings"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size_mb in args.sizes:
            data = generate(size_mb * MB)
            seconds, peak, found = measure_engine(data)
            path = Path(tmp) / f"paste-{size_mb}mb.log"
            path.write_bytes(data)
            cli_seconds, rss = measure_cli(path)
            mb = len(data) / MB
            print(
                f"{mb:>5.0f}M {seconds:>9.3f} {mb / seconds:>12.1f} {peak:>8.1f} {peak / mb:>10.2f} "
                f"{cli_seconds:>7.2f} {mb / cli_seconds:>9.1f} {rss:>10.0f}  {','.join(found)}"
            )
            del data


if __name__ == "__main__":
    main()
