#!/usr/bin/env python3
"""What a page's main thread does while it loads: the work inside each long task, by kind.

Lighthouse says how long the long tasks are and which script they are attributed to; it
does not say what is inside them (a forced style recalculation started by Material's
palette set-up looks like "bundle.js" there). This loads each page in Debian's Chromium
with a phone viewport, records a Chrome trace (timeline events plus their JavaScript
stacks) and prints, per page, every task of 10 ms or more with its time split into script
evaluation, style recalculation, layout, parsing and the rest, and the JavaScript
functions (by name, with the script) that forced a style or layout inside it.

Run it on a static build (``make lighthouse``'s server: gzip, no live reload); durations
are as measured on this machine, not CPU-throttled: Lighthouse's phone run multiplies them
by 4, so a 15 ms task here is a 60 ms long task there. Like every benchmark it asserts
nothing: compare runs side by side, and note the load average it prints.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_lighthouse import PAGES, serving_gzip  # noqa: E402
from localsite import CHROMIUM_ARGS, build_site, find_chromium  # noqa: E402

CATEGORIES = ",".join(
    [
        "devtools.timeline",
        "disabled-by-default-devtools.timeline",
        "disabled-by-default-devtools.timeline.stack",
        "v8.execute",
    ]
)
KINDS = {
    "EvaluateScript": "script",
    "v8.compile": "script",
    "FunctionCall": "script",
    "TimerFire": "script",
    "EventDispatch": "script",
    "FireAnimationFrame": "script",
    "UpdateLayoutTree": "style",
    "RecalculateStyles": "style",
    "Layout": "layout",
    "ParseHTML": "parse",
    "ParseAuthorStyleSheet": "parse",
    "Paint": "paint",
    "PrePaint": "paint",
    "Layerize": "paint",
}
FORCING = ("UpdateLayoutTree", "Layout")
MIN_TASK_MS = 10.0


@dataclass
class Task:
    """One top-level main-thread task: its span and the time of each kind of work in it."""

    start_ms: float
    ms: float
    kinds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    scripts: set[str] = field(default_factory=set)
    forced_by: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    trigger: str = ""  # what started it: the first script event and its type ("EventDispatch load")


def _short(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?")[0] or url


def main_thread(events: list[dict], url: str) -> tuple[int, int]:
    """(pid, tid) of the thread that parsed ``url``'s HTML: the page's renderer main thread
    (the trace also holds other renderers, such as the browser's own new-tab page)."""
    for e in events:
        data = e.get("args", {}).get("beginData") or {}
        if e.get("name") == "ParseHTML" and str(data.get("url", "")).startswith(url):
            return e["pid"], e["tid"]
    raise SystemExit(f"no HTML parsing of {url} in the trace")


def navigation_start(events: list[dict], pid: int, url: str) -> float:
    """Trace time (microseconds) of the page's navigationStart, the zero of every figure."""
    starts = [
        e["ts"]
        for e in events
        if e.get("name") == "navigationStart"
        and e.get("pid") == pid
        and str((e.get("args", {}).get("data") or {}).get("documentLoaderURL", "")).startswith(url)
    ]
    if starts:
        return max(starts)
    parses = [e["ts"] for e in events if e.get("name") == "ParseHTML" and e.get("pid") == pid]
    return min(parses)


def tasks_of(events: list[dict], url: str) -> list[Task]:
    """Top-level tasks (RunTask) of the main thread with their nested work summed by kind.

    Events are complete ("X") events sorted by start; a nested event is attributed to the
    task that contains it; nested events of one kind inside another of the same kind are
    not counted twice (only the outermost of a kind is summed).
    """
    pid, tid = main_thread(events, url)
    origin_us = navigation_start(events, pid, url)
    own = sorted(
        (
            e
            for e in events
            if e.get("pid") == pid and e.get("tid") == tid and e.get("ph") == "X" and "dur" in e
        ),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    tasks: list[Task] = []
    current: Task | None = None
    end_us = 0.0
    open_kind_until: dict[str, float] = {}
    for e in own:
        if e["name"] == "RunTask":
            if current is not None and e["ts"] < end_us:
                continue  # a nested RunTask (microtask checkpoint and the like)
            current = Task(start_ms=(e["ts"] - origin_us) / 1000, ms=e["dur"] / 1000)
            end_us = e["ts"] + e["dur"]
            open_kind_until = {}
            tasks.append(current)
            continue
        if current is None or e["ts"] >= end_us:
            continue
        kind = KINDS.get(e["name"])
        if kind is None:
            continue
        data = e.get("args", {}).get("data") or e.get("args", {}).get("beginData") or {}
        if kind == "script" and not current.trigger:
            current.trigger = " ".join(str(x) for x in (e["name"], data.get("type", "")) if x)
        if kind == "script" and data.get("url"):
            current.scripts.add(_short(data["url"]))
        if e["name"] in FORCING:
            stack = data.get("stackTrace") or []
            if stack:
                top = stack[0]
                function = top.get("functionName") or "(anonymous)"
                line, column = top.get("lineNumber"), top.get("columnNumber")
                where = f"{function} {_short(top.get('url', ''))}:{line}:{column}"
                current.forced_by[f"{e['name']} by {where}"] += e["dur"] / 1000
        if open_kind_until.get(kind, 0) > e["ts"]:
            continue
        open_kind_until[kind] = e["ts"] + e["dur"]
        current.kinds[kind] += e["dur"] / 1000
    return tasks


def trace_page(browser, url: str, viewport: dict[str, int], scheme: str) -> tuple[list[Task], dict]:
    context = browser.new_context(viewport=viewport, color_scheme=scheme, service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    chunks: list[dict] = []
    done: list[bool] = []
    cdp.on("Tracing.dataCollected", lambda params: chunks.extend(params["value"]))
    cdp.on("Tracing.tracingComplete", lambda _params: done.append(True))
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1500)  # the DOMContentLoaded/load set-up and the first idle work
    timing = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
        " nodes: document.getElementsByTagName('*').length}; })()"
    )
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    context.close()
    return tasks_of(chunks, url), timing


def blocking_at_4x(tasks: list[Task]) -> float:
    """Lighthouse's total blocking time, roughly: its phone run counts each task 4x as long."""
    return sum(max(0.0, 4 * t.ms - 50) for t in tasks)


def report(path: str, tasks: list[Task], timing: dict) -> None:
    long = [t for t in tasks if t.ms >= MIN_TASK_MS]
    total = sum(t.ms for t in tasks)
    print(
        f"\n## /{path} elements {timing['nodes']} DOMContentLoaded {timing['dcl']:.0f} ms"
        f" load {timing['load']:.0f} ms; main-thread tasks {total:.0f} ms;"
        f" blocking time at 4x CPU ~{blocking_at_4x(tasks):.0f} ms"
    )
    for t in long:
        kinds = ", ".join(f"{k} {v:.1f}" for k, v in sorted(t.kinds.items(), key=lambda kv: -kv[1]))
        scripts = ", ".join(sorted(t.scripts)) or "-"
        print(f"  task at {t.start_ms:.0f} ms: {t.ms:.1f} ms ({kinds}) [{scripts}] {t.trigger}")
        for where, ms in sorted(t.forced_by.items(), key=lambda kv: -kv[1])[:6]:
            print(f"      forced {where}: {ms:.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--page", action="append", help="site path (repeatable; default: the Lighthouse pages)"
    )
    parser.add_argument("--scheme", default="light", choices=["light", "dark"])
    parser.add_argument("--desktop", action="store_true", help="1350x940 instead of a 412x823 phone")
    parser.add_argument("--runs", type=int, default=1, help="load each page this many times")
    parser.add_argument("--json", help="also write the tasks to this file")
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build one)")
    args = parser.parse_args(argv)
    viewport = {"width": 1350, "height": 940} if args.desktop else {"width": 412, "height": 823}
    from playwright.sync_api import sync_playwright

    dump = []
    summary: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="trace-site-") as folder:
        site = args.site or Path(folder)
        if args.site is None:
            build_site(site)
        with serving_gzip(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            for path in args.page or PAGES:
                for _ in range(args.runs):
                    tasks, timing = trace_page(browser, base + path, viewport, args.scheme)
                    report(path, tasks, timing)
                    summary[path].append((sum(t.ms for t in tasks), blocking_at_4x(tasks)))
                    dump.append(
                        {
                            "page": path,
                            "timing": timing,
                            "tasks": [vars(t) | {"scripts": sorted(t.scripts)} for t in tasks if t.ms >= 1],
                        }
                    )
            browser.close()
    print("\n| page | main-thread tasks, ms (median) | blocking at 4x, ms (median) | runs |")
    print("|---|---|---|---|")
    for path, values in summary.items():
        total = statistics.median(v[0] for v in values)
        blocking = statistics.median(v[1] for v in values)
        print(f"| /{path} | {total:.0f} | {blocking:.0f} | {len(values)} |")
    print(f"\nload average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if args.json:
        Path(args.json).write_text(json.dumps(dump, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
