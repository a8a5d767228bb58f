"""The analyzer in a real browser: first result vs. bare Pyodide, a 1 MB re-analysis, the build.

    make bench-site   (or: python benchmarks/bench_site.py [--runs 5] [--site DIR] [--chromium PATH])

It builds the site (timing ``mkdocs build``), serves it on 127.0.0.1 and drives headless
Chromium, a fresh browser context (empty cache) for every page load, alternating:

* floor: bare Pyodide booted on the same page (``analyze-logs/``, no fragment, so the
  analyzer itself stays idle): an init script starts a module worker that boots Pyodide
  exactly as the analyzer's worker does (same runtime files, same lockFileURL and
  packageBaseUrl) as soon as the widget's markup is parsed, which is when the analyzer
  starts; time from navigation start to ready. The page's own load (theme, search
  worker) is in both columns, so the ratio measures what the analyzer adds.
* analyzer: ``analyze-logs/#paste=<History message>`` (benchmarks/history-5kb.txt); time
  from navigation start to the first result shown (``__merlinAnalyzer.resultAt``).
  Then a 1 MB log with the failure at the end is pasted and analyzed: Analyze click to
  the result shown.

Targets: analyzer median <= 1.2x floor median; 1 MB re-analysis < 0.5 s; build < 10 s.
A "phases" run (the same steps in a worker on a bare page, ``/bench-floor.html``, served
beside the site, never in docs/) shows where the time beyond the floor goes.
Timings on a 2-core machine are noisy: compare the columns of one run, not across runs.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from bench_engine import generate  # the same 1 MB noise + failures as the engine benchmark
from localsite import CHROMIUM_ARGS, ChromiumNotFound, SiteBuildError, build_site, find_chromium, serving

REPO = Path(__file__).resolve().parents[1]
HISTORY = Path(__file__).with_name("history-5kb.txt")
TIMEOUT_MS = 120_000
MB = 1024 * 1024

FLOOR_HTML = """<!doctype html>
<meta charset="utf-8"><title>Bare Pyodide boot (benchmark floor)</title>
<p id="out">booting…</p>
<script type="module">
  // The analyzer page's own runtime folder and lock URL (read from its widget at startup).
  const pyodideURL = new URL("__PYODIDE__", location.href).href;
  const lockURL = new URL("__LOCK__", location.href).href;
  const phases = new URLSearchParams(location.search).has("phases");
  const text = phases ? await (await fetch("bench-history.txt")).text() : "";
  window.__bench = { done: false };
  const worker = new Worker("bench-floor-worker.mjs", { type: "module" });
  worker.onmessage = (event) => {
    Object.assign(window.__bench, event.data, { done: true, readyAt: performance.now() });
    document.getElementById("out").textContent = JSON.stringify(window.__bench);
  };
  worker.onerror = (event) => Object.assign(window.__bench, { done: true, error: event.message });
  worker.postMessage({ pyodideURL, lockURL, phases, text });
</script>
"""

# Runs in the analyzer page before its own scripts: boots bare Pyodide from the widget's own
# runtime and lock URLs the moment the widget's markup is parsed.
FLOOR_ON_PAGE = """
window.__bench = { done: false };
new MutationObserver((records, observer) => {
  const root = document.querySelector(".merlin-analyzer");
  if (!root || window.__benchStarted) return;
  window.__benchStarted = true;
  observer.disconnect();
  const worker = new Worker("/bench-floor-worker.mjs", { type: "module" });
  worker.onmessage = (event) =>
    Object.assign(window.__bench, event.data, { done: true, readyAt: performance.now() });
  worker.onerror = (event) => Object.assign(window.__bench, { done: true, error: event.message });
  worker.postMessage({
    pyodideURL: new URL(root.dataset.pyodide, location.href).href,
    lockURL: new URL(root.dataset.lock, location.href).href,
    phases: false,
    text: "",
  });
}).observe(document, { childList: true, subtree: true });
"""

# Mirrors plugins/merlin_troubleshooting/assets/analyzer-worker.mjs step by step (but
# sequentially: the analyzer fetches the wheel while Pyodide starts); with
# "phases" it goes on through the analyzer's own steps and times each of them.
FLOOR_WORKER = """
const t0 = performance.now();
const marks = {};
const mark = (name) => { marks[name] = Math.round(performance.now() - t0); };
self.onmessage = async ({ data }) => {
  try {
    const { loadPyodide } = await import(data.pyodideURL + "pyodide.mjs");
    mark("import_pyodide_mjs");
    const lockFolder = data.lockURL.split(/[?#]/)[0].replace(/[^/]*$/, "");
    const pyodide = await loadPyodide({
      indexURL: data.pyodideURL, lockFileURL: data.lockURL, packageBaseUrl: lockFolder,
      stdout: () => {}, stderr: () => {},
    });
    mark("loadPyodide");
    if (data.phases) {
      // As the analyzer: the wheel named in the lock, fetched, sha256-checked and unpacked.
      const lock = await (await fetch(data.lockURL)).json();
      const entry = lock.packages["merlin-diagnoser"];
      const bytes = await (await fetch(new URL(entry.file_name, data.lockURL))).arrayBuffer();
      await crypto.subtle.digest("SHA-256", bytes);
      pyodide.unpackArchive(bytes, "wheel");
      mark("install_wheel");
      pyodide.runPython("import diagnoser as _d");
      mark("import_diagnoser");
      pyodide.runPython("from diagnoser.catalog import load_catalog as _l; _l()");
      mark("load_catalog");
      pyodide.globals.set("_text", data.text);
      pyodide.runPython("_d.diagnose(_text).to_json(indent=None)");
      mark("first_diagnose_5kb");
      pyodide.runPython("_d.diagnose(_text).to_json(indent=None)");
      mark("second_diagnose_5kb");
    }
    self.postMessage({ marks });
  } catch (error) {
    self.postMessage({ marks, error: String(error) });
  }
};
"""


def timed_build(site: Path) -> float:
    started = time.perf_counter()
    try:
        build_site(site)
    except SiteBuildError as problem:
        sys.exit(str(problem))
    return time.perf_counter() - started


def widget_url(site: Path, name: str) -> str:
    """A URL from the analyze-logs widget's data-* attributes, made relative to the site root."""
    page = (site / "analyze-logs" / "index.html").read_text(encoding="utf-8")
    value = re.search(rf'class="merlin-analyzer"[^>]*data-{name}="([^"]*)"', page).group(1)
    return html.unescape(value).removeprefix("../")


def run_floor(browser, base: str, phases: bool = False) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        if phases:
            page.goto(base + "bench-floor.html?phases")
        else:
            page.add_init_script(FLOOR_ON_PAGE)
            page.goto(base + "analyze-logs/")
        page.wait_for_function("window.__bench && window.__bench.done", timeout=TIMEOUT_MS)
        result = page.evaluate("window.__bench")
        if result.get("error"):
            raise RuntimeError(f"floor page failed: {result['error']}")
        return result
    finally:
        context.close()


def run_analyzer(browser, base: str, history: str, big: str) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        fragment = base64.urlsafe_b64encode(history.encode()).decode().rstrip("=")
        page.goto(base + "analyze-logs/#paste=" + fragment)
        page.wait_for_function(
            "(a => ['failed', 'unsupported'].includes(a.state) || a.resultAt)(window.__merlinAnalyzer)",
            timeout=TIMEOUT_MS,
        )
        first = page.evaluate(
            """() => {
                 const a = window.__merlinAnalyzer;
                 const nav = performance.getEntriesByType('navigation')[0];
                 return { state: a.state, error: a.error, bootStartedAt: a.bootStartedAt, readyAt: a.readyAt,
                          resultAt: a.resultAt, domContentLoaded: nav.domContentLoadedEventEnd,
                          findings: (a.lastResult.findings || []).map((f) => f.id) };
               }"""
        )
        if first["error"] or not first["resultAt"]:
            raise RuntimeError(f"analyzer failed: {first}")
        # The 1 MB paste: put it in the box in one go (as a paste does; Playwright's fill()
        # takes minutes for 1 MB of lines), then time Analyze click -> result shown.
        page.locator("textarea").evaluate(
            "(box, text) => { box.value = text; box.dispatchEvent(new Event('input', { bubbles: true })); }",
            big,
        )
        clicked = page.evaluate(
            """() => {
                 window.__benchPrevious = window.__merlinAnalyzer.resultAt;
                 const started = performance.now();
                 document.querySelector('.merlin-analyzer__submit').click();
                 return started;
               }"""
        )
        page.wait_for_function(
            "window.__merlinAnalyzer.resultAt !== window.__benchPrevious", timeout=TIMEOUT_MS
        )
        second = page.evaluate(
            """() => ({ resultAt: window.__merlinAnalyzer.resultAt,
                        status: document.querySelector('.merlin-analyzer__status').textContent,
                        findings: window.__merlinAnalyzer.lastResult.findings.map((f) => f.id) })"""
        )
        first["big_ms"] = second["resultAt"] - clicked
        first["big_worker_ms"] = float(second["status"].split(" in ")[1].split(" ms")[0])
        first["big_findings"] = second["findings"]
        return first
    finally:
        context.close()


def describe(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):8.0f} ms   min {min(values):8.0f} ms   max {max(values):8.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads of each kind (default 5)")
    parser.add_argument("--site", type=Path, help="serve this built site instead of building one")
    parser.add_argument("--build-runs", type=int, default=3, help="timed mkdocs builds (default 3)")
    parser.add_argument("--chromium", help="Chromium binary (default: Debian's)")
    args = parser.parse_args()
    try:
        chromium = find_chromium(args.chromium)
    except ChromiumNotFound as problem:
        sys.exit(str(problem))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        build_times = []
        if args.build_runs:
            for index in range(args.build_runs):
                build_times.append(timed_build(Path(tmp) / f"site-{index}"))
        site = args.site or Path(tmp) / "site-0"
        if not (site / "analyze-logs" / "index.html").is_file():
            timed_build(site)

        history = HISTORY.read_text(encoding="utf-8")
        big = generate(MB).decode()
        floor_html = FLOOR_HTML.replace("__PYODIDE__", widget_url(site, "pyodide"))
        floor_html = floor_html.replace("__LOCK__", widget_url(site, "lock"))
        extra = {
            "/bench-floor.html": ("text/html; charset=utf-8", floor_html.encode()),
            "/bench-floor-worker.mjs": ("text/javascript", FLOOR_WORKER.encode()),
            "/bench-history.txt": ("text/plain; charset=utf-8", history.encode()),
        }
        floors, analyzers = [], []
        with serving(site, extra) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            run_floor(browser, base)  # warm the OS file cache and the server once, unmeasured
            for index in range(args.runs):
                order = ("floor", "analyzer") if index % 2 == 0 else ("analyzer", "floor")
                for kind in order:
                    if kind == "floor":
                        floors.append(run_floor(browser, base))
                    else:
                        analyzers.append(run_analyzer(browser, base, history, big))
                print(
                    f"run {index + 1}/{args.runs}: floor {floors[-1]['readyAt']:.0f} ms, "
                    f"analyzer first result {analyzers[-1]['resultAt']:.0f} ms, "
                    f"1 MB {analyzers[-1]['big_ms']:.0f} ms",
                    file=sys.stderr,
                )
            phases = [run_floor(browser, base, phases=True) for _ in range(max(2, args.runs // 2))]
            browser.close()

    floor_ms = [f["readyAt"] for f in floors]
    first_ms = [a["resultAt"] for a in analyzers]
    ratio = statistics.median(first_ms) / statistics.median(floor_ms)
    big_ms = [a["big_ms"] for a in analyzers]
    print()
    print(f"Analyzer in headless Chromium, {args.runs} fresh-context runs each ({chromium})")
    print(f"  {'bare Pyodide boot, same page (floor)':<38} {describe(floor_ms)}")
    print(f"  {'analyzer: navigation -> first result':<38} {describe(first_ms)}")
    print(f"  {'  of which: DOMContentLoaded':<38} {describe([a['domContentLoaded'] for a in analyzers])}")
    print(f"  {'  of which: worker started':<38} {describe([a['bootStartedAt'] for a in analyzers])}")
    print(f"  {'  of which: analyzer ready':<38} {describe([a['readyAt'] for a in analyzers])}")
    print(f"  {'ratio analyzer / floor (medians)':<38} {ratio:8.2f} x   (target <= 1.2 x)")
    print(f"  {'1 MB paste, Analyze -> result shown':<38} {describe(big_ms)}   (target < 500 ms)")
    print(f"  {'  of which: in the worker':<38} {describe([a['big_worker_ms'] for a in analyzers])}")
    if build_times:
        print(f"  {'mkdocs build --strict (wall, s)':<38} median {statistics.median(build_times):8.2f} s    "
              f"min {min(build_times):8.2f} s    (target < 10 s)")  # fmt: skip
    print(f"  first findings: {analyzers[-1]['findings']}; 1 MB findings: {analyzers[-1]['big_findings']}")
    print()
    print("Worker phases (ms since the worker started; same steps as analyzer-worker.mjs, medians):")
    names = list(phases[0]["marks"])
    previous = 0.0
    for name in names:
        value = statistics.median(p["marks"][name] for p in phases)
        print(f"  {name:<28} at {value:7.0f} ms   (+{value - previous:6.0f} ms)")
        previous = value
    print(
        json.dumps(
            {"floor_ms": floor_ms, "first_result_ms": first_ms, "big_ms": big_ms, "build_s": build_times}
        )
    )


if __name__ == "__main__":
    main()
