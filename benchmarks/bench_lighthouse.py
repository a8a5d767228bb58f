#!/usr/bin/env python3
"""Lighthouse figures for the static build: all four categories, phone and desktop.

``make lighthouse`` runs this. It builds the site once (``mkdocs build --strict``), serves
it on 127.0.0.1 (gzip-compressed, as a production server would; ``--no-gzip`` for plain
files) and runs the pinned Lighthouse (scripts/lighthouse.mjs, one Chromium) with
its default settings: simulated slow 4G and a 4x slower CPU on the phone run. It prints
the scores and the main timings per page; it asserts nothing (performance depends on the
machine). The gate for accessibility, best practices and SEO is
tests/browser/test_accessibility.py.

``--runs N`` measures every page N times against one build and prints each run's
performance score and total blocking time side by side, with the load average around each
run: on a shared 2-core machine one run says little. What is inside a long task (which
function forced a style recalculation, the search index arriving) is
benchmarks/bench_main_thread.py's job.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from localsite import build_site, find_chromium, serving  # noqa: E402

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".wasm"}


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it, as a production web server
    (nginx ``gzip on``) sends them: the figures then reflect what a reader downloads."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
    }

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = _compressed(str(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@functools.lru_cache(maxsize=512)
def _compressed(path: str) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


def serving_gzip(site: Path):
    return serving(site, handler=GzipHandler)


PAGES = [
    "",
    "deploying-a-model/troubleshooting-deployment-errors/",
    "deploying-a-model/known-errors/api-validation/",
    "deploying-a-model/known-errors/image-build/",
    "deploying-a-model/known-errors/deployment/",
    "deploying-a-model/known-errors/platform/",
    "analyze-logs/",
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}


def run(
    base: str, pages: list[str], details: bool = False, form_factors: list[str] | None = None
) -> list[dict]:
    request: dict[str, object] = {
        "chrome": find_chromium(),
        "urls": [base + p for p in pages],
        "categories": list(CATEGORIES),
        "details": details,
    }
    if form_factors:
        request["formFactors"] = form_factors
    result = subprocess.run(
        ["node", str(REPO / "scripts" / "lighthouse.mjs"), json.dumps(request)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed:\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", action="append", help="site path to measure (repeatable; default: all)")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON lines")
    parser.add_argument("--details", action="store_true", help="also print where the main-thread time went")
    parser.add_argument("--device", action="append", choices=["mobile", "desktop"], help="default: both")
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed (python -m http.server)")
    parser.add_argument(
        "--runs", type=int, default=1, help="measure every page this many times (one build, one table)"
    )
    args = parser.parse_args(argv)
    pages = args.page or PAGES
    rounds: list[list[dict]] = []
    loads: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as folder:
        site = Path(folder)
        build_site(site)
        with serving(site) if args.no_gzip else serving_gzip(site) as base:
            for _ in range(max(1, args.runs)):
                before = os.getloadavg()[0]
                rounds.append(run(base, pages, details=args.details, form_factors=args.device))
                loads.append((before, os.getloadavg()[0]))
    runs = rounds[-1]
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if args.json:
        for item in (item for one in rounds for item in one):
            print(json.dumps(item))
        return 0
    if len(rounds) > 1:
        _print_rounds(rounds, loads)
        print("\nLast run in full:")
    columns = " | ".join(SHORT[c] for c in CATEGORIES)
    print(f"| page | device | {columns} | FCP | LCP | TBT | CLS | lost points |")
    print("|---|---|" + "---|" * len(CATEGORIES) + "---|---|---|---|---|")
    for item in runs:
        page = "/" + item["url"].split("/", 3)[3]
        scores = " | ".join(str(item["scores"].get(c)) for c in CATEGORIES)
        m = item["metrics"]
        lost = "; ".join(a for c in CATEGORIES for a in item["lost"].get(c, []) if c != "performance")
        print(
            f"| {page} | {item['formFactor']} | {scores} | {m.get('first-contentful-paint')} | "
            f"{m.get('largest-contentful-paint')} | {m.get('total-blocking-time')} | "
            f"{m.get('cumulative-layout-shift')} | {lost or '-'} |"
        )
    if args.details:
        _print_details(runs)
    return 0


def _print_rounds(rounds: list[list[dict]], loads: list[tuple[float, float]]) -> None:
    """One row per page and device: the performance score and total blocking time of every run."""
    print(
        "load average (1 min) at the start and end of each run: "
        + "; ".join(f"{a:.1f}-{b:.1f}" for a, b in loads)
    )
    print("| page | device | performance, each run | TBT (ms), each run | LCP (s), each run |")
    print("|---|---|---|---|---|")
    rows: dict[tuple[str, str], list[dict]] = {}
    for one in rounds:
        for item in one:
            rows.setdefault((item["url"], item["formFactor"]), []).append(item)
    for (url, device), items in rows.items():
        page = "/" + url.split("/", 3)[3]
        scores = ", ".join(str(i["scores"].get("performance")) for i in items)
        tbt = ", ".join(_number(i["metrics"].get("total-blocking-time")) for i in items)
        lcp = ", ".join(_number(i["metrics"].get("largest-contentful-paint")) for i in items)
        print(f"| {page} | {device} | {scores} | {tbt} | {lcp} |")


def _number(display: str | None) -> str:
    """Lighthouse's display value ("1,230\u00a0ms", "1.2\u00a0s") without its unit."""
    return (display or "?").replace("\u00a0", " ").split(" ")[0].replace(",", "")


def _print_details(runs: list[dict]) -> None:
    """Where each page's main-thread time went: the facts to act on, not a score."""
    for item in runs:
        d = item.get("details") or {}
        print(f"\n## {item['url']} ({item['formFactor']}) DOM {d.get('domSize')} bytes {d.get('bytes')}")
        print("main thread: " + ", ".join(f"{m['group']} {m['ms']}" for m in d.get("mainthread", [])))
        for b in d.get("bootup", []):
            print(f"  script {b['url']}: total {b['total']} scripting {b['scripting']} parse {b['parse']}")
        for t in d.get("longTasks", []):
            print(f"  long task at {t['start']} ms: {t['ms']} ms ({t['url']})")
        for r in d.get("renderBlocking", []):
            print(f"  render-blocking {r['url']} (~{r['wastedMs']} ms)")
        print(f"  LCP element: {d.get('lcpElement')}")


if __name__ == "__main__":
    sys.exit(main())
