"""The analyzer in a real browser, every boot path side by side with bare Pyodide.

    make bench-site   (or: python benchmarks/bench_site.py [--runs 5] [--site DIR] [--no-cold-build])

It builds the site (timing ``mkdocs build``: once with an empty runtime cache, then warm),
serves it with production caching headers (``scripts/serve_static.py``) on 127.0.0.1 and
drives headless Chromium. Each run measures, in a rotating order so no kind always goes
first:

* floor: bare stock ``loadPyodide`` booted on the analyzer page (``analyze-logs/``, no
  fragment, so the analyzer stays idle): an init script starts a module worker that boots
  Pyodide from the widget's own runtime folder and lock as soon as the widget's markup is
  parsed, which is when the analyzer starts; time from navigation start to ready.
* snapshot / pyc / plain: ``analyze-logs/#paste=<History message>`` with the worker held
  to that boot path (``paths`` in its boot message, added by an init script); time from
  navigation start to the first result shown. A second before a 1 MB log with the failure
  at the end is analyzed (Analyze click to result shown), as a reader would paste it.

``--baseline DIR`` also serves another built site (say, the previous commit's) from a server
of its own and measures its boot paths in the same rotation, as ``snapshot@baseline`` etc.:
old and new code side by side, under the same load (``--baseline NAME=DIR``, repeatable:
``pyc@NAME``).

"First visit" is a fresh browser profile (empty caches, on disk like a reader's, so the
code cache works; ``--incognito`` for off-the-record contexts, which keep none); "repeat
visit" opens the page again in the same profile. Each path also reports its phases (the
worker's ``ready.phases`` and the page's own steps, medians in ms since navigation start):
where the time goes. Ratios divide medians by the first-visit floor. Targets:
snapshot <= 0.3x (first) and <= 0.2x (repeat), pyc <= 0.55x, 1 MB re-analysis < 0.5 s,
warm build < 10 s. Timings on a 2-core machine are noisy: compare the columns of one run.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import gzip
import html
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from bench_engine import generate  # the same 1 MB noise + failures as the engine benchmark
from localsite import CHROMIUM_ARGS, ChromiumNotFound, SiteBuildError, build_site, find_chromium
from serve_static import serving_process

HISTORY = Path(__file__).with_name("history-5kb.txt")
TIMEOUT_MS = 120_000
MB = 1024 * 1024
PATHS = ("snapshot", "pyc", "plain")

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
  });
}).observe(document, { childList: true, subtree: true });
"""

# The stock boot, as the analyzer's plain path would do it without any of its own steps.
FLOOR_WORKER = """
self.onmessage = async ({ data }) => {
  try {
    const { loadPyodide } = await import(data.pyodideURL + "pyodide.mjs");
    const lockFolder = data.lockURL.split(/[?#]/)[0].replace(/[^/]*$/, "");
    await loadPyodide({
      indexURL: data.pyodideURL, lockFileURL: data.lockURL, packageBaseUrl: lockFolder,
      stdout: () => {}, stderr: () => {},
    });
    self.postMessage({});
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
"""

# Holds the analyzer's worker to one boot path and records its messages as they arrive
# (a listener added in the constructor runs before the page's own onmessage).
FORCE_PATH = """
(() => {
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const data = event.data || {};
        if (data.type === "ready") window.__benchReady = { ...data, receivedAt: performance.now() };
        if (data.type === "result" && window.__benchResultAt === undefined) {
          window.__benchResultAt = performance.now();
          window.__benchResultMs = data.ms;
        }
      });
    }
  };
  const original = Native.prototype.postMessage;
  Native.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === "boot") message = { ...message, paths: __PATHS__ };
    return original.call(this, message, ...rest);
  };
})();
"""

DONE = """() => { const a = window.__merlinAnalyzer;
                 return a && (['failed', 'unsupported'].includes(a.state) || a.resultAt); }"""


def timed_build(site: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        build_site(site)
    except SiteBuildError as problem:
        sys.exit(str(problem))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return time.perf_counter() - started


def floor_visit(page, base: str) -> float:
    page.add_init_script(FLOOR_ON_PAGE)
    page.goto(base + "analyze-logs/")
    page.wait_for_function("() => window.__bench && window.__bench.done", timeout=TIMEOUT_MS)
    result = page.evaluate("window.__bench")
    if result.get("error"):
        raise RuntimeError(f"floor page failed: {result['error']}")
    return result["readyAt"]


def analyzer_visit(page, base: str, path: str, history: str) -> dict:
    page.add_init_script(FORCE_PATH.replace("__PATHS__", json.dumps([path])))
    fragment = base64.urlsafe_b64encode(history.encode()).decode().rstrip("=")
    page.goto(base + "analyze-logs/#paste=" + fragment)
    page.wait_for_function(DONE, timeout=TIMEOUT_MS)
    state = page.evaluate(
        """() => { const a = window.__merlinAnalyzer;
                   return { state: a.state, error: a.error, resultAt: a.resultAt, readyAt: a.readyAt,
                            bootAt: a.bootStartedAt, ready: window.__benchReady || null,
                            resultMessageAt: window.__benchResultAt, analysisMs: window.__benchResultMs,
                            origin: performance.timeOrigin,
                            findings: ((a.lastResult || {}).findings || []).map((f) => f.id) }; }"""
    )
    if state["error"] or not state["resultAt"]:
        raise RuntimeError(f"analyzer ({path}) failed: {state}")
    if not state["ready"] or state["ready"]["path"] != path:
        raise RuntimeError(f"the worker booted {state['ready']} instead of the {path} path")
    state["phases"] = phases_on_page(state)
    return state


def phases_on_page(state: dict) -> dict[str, float]:
    """The worker's phases and the page's own steps, in ms since navigation start."""
    ready = state["ready"]
    shift = ready["origin"] - state["origin"]  # worker clock -> page clock
    out = {"page: boot started": state["bootAt"]}
    out.update({name: shift + at for name, at in (ready.get("phases") or {}).items()})
    out["page: ready received"] = ready["receivedAt"]
    out["first analysis (in the worker)"] = state["analysisMs"]
    out["page: result received"] = state["resultMessageAt"]
    out["page: result shown"] = state["resultAt"]
    return out


def big_analysis(page, big: str) -> tuple[float, float]:
    """A 1 MB paste a second after the first result: Analyze click -> result shown, and ->
    its redacted share copy in place (the worker's second message), in ms."""
    page.wait_for_timeout(1000)
    page.locator("textarea").evaluate(
        "(box, text) => { box.value = text; box.dispatchEvent(new Event('input', { bubbles: true })); }", big
    )
    clicked = page.evaluate(
        """() => { window.__benchPrevious = window.__merlinAnalyzer.resultAt;
                   document.addEventListener("merlin-analyzer:share",
                     () => { window.__benchShareAt = performance.now(); }, { once: true });
                   const started = performance.now();
                   document.querySelector('.merlin-analyzer__submit').click();
                   return started; }"""
    )
    page.wait_for_function(
        "() => window.__merlinAnalyzer.resultAt !== window.__benchPrevious", timeout=TIMEOUT_MS
    )
    shown = page.evaluate("window.__merlinAnalyzer.resultAt") - clicked
    page.wait_for_function("() => window.__benchShareAt !== undefined", timeout=TIMEOUT_MS)
    return shown, page.evaluate("window.__benchShareAt") - clicked


class Profiles:
    """A fresh browser profile per measurement: on disk by default, as a reader's browser has.

    Chromium keeps no code cache for an off-the-record (incognito) context, which is what
    ``browser.new_context()`` makes: there a repeat visit compiles the wasm and the runtime's
    JavaScript again. ``--incognito`` measures that way anyway.
    """

    def __init__(self, playwright, chromium: str, incognito: bool, tmp: Path) -> None:
        self.playwright, self.chromium, self.incognito, self.tmp = playwright, chromium, incognito, tmp
        self.browser = (
            playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS) if incognito else None
        )
        self.count = 0

    def new_context(self):
        if self.browser is not None:
            return self.browser.new_context()
        self.count += 1
        return self.playwright.chromium.launch_persistent_context(
            str(self.tmp / f"profile-{self.count}"), executable_path=self.chromium, args=CHROMIUM_ARGS
        )

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()


BASELINE = "baseline"


def baselines(given: list[str]) -> dict[str, Path]:
    """``--baseline [NAME=]DIR`` values -> {"@NAME": DIR} (NAME defaults to ``baseline``)."""
    out = {}
    for item in given:
        name, _, folder = item.rpartition("=")
        out["@" + (name or BASELINE)] = Path(folder)
    return out


def measure(profiles: Profiles, bases: dict[str, str], kind: str, history: str, big: str) -> dict:
    """One first visit and one repeat visit of ``kind`` in a fresh profile (``path@baseline``:
    that path on the baseline site)."""
    path, _, site = kind.partition("@")
    base = bases["@" + site if site else ""]
    context = profiles.new_context()
    try:
        out: dict = {}
        for visit in ("first", "repeat"):
            page = context.new_page()
            if path == "floor":
                out[visit] = floor_visit(page, base)
            else:
                state = analyzer_visit(page, base, path, history)
                out[visit] = state["resultAt"]
                out[f"{visit}_ready"] = state["readyAt"]
                out[f"{visit}_phases"] = state["phases"]
                out["findings"] = state["findings"]
                if visit == "first":
                    out["big_ms"], out["big_share_ms"] = big_analysis(page, big)
            page.close()
        return out
    finally:
        context.close()


def downloads(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes each path fetches on a first visit: as stored, and with gzip from the server."""
    page = (site / "analyze-logs" / "index.html").read_text(encoding="utf-8")
    boot = json.loads(html.unescape(re.search(r'data-integrity="([^"]*)"', page).group(1)))
    assets = site / "assets" / "merlin-analyzer"

    def size(path: Path) -> tuple[int, int]:
        data = path.read_bytes()
        packed = data if path.suffix in (".zip", ".gz", ".whl") else gzip.compress(data, 6)
        return len(data), len(packed)

    runtime = assets / "pyodide"
    common = [runtime / "pyodide.mjs", runtime / "pyodide.asm.mjs", runtime / "pyodide.asm.wasm"]
    common += [assets / "pyodide-lock.json", assets / boot["wheel"]]
    files = {
        "plain": [*common, runtime / "python_stdlib.zip"],
        "pyc": [*common, assets / boot["stdlib_pyc"]],
        "snapshot": [*common, assets / boot["stdlib_pyc"], assets / boot["snapshot"]["file"]],
    }
    totals = {}
    for path, names in files.items():
        sizes = [size(name) for name in names]
        totals[path] = (sum(s[0] for s in sizes), sum(s[1] for s in sizes))
    return totals


def describe(values: list[float]) -> str:
    return f"median {statistics.median(values):7.0f} ms  min {min(values):7.0f}  max {max(values):7.0f}"


def print_phases(results: dict[str, list[dict]], paths: tuple[str, ...]) -> None:
    """Where the time goes: each phase's median, ms since navigation start (per path and visit)."""
    print("phases, median ms since navigation start ('first analysis' is a duration):")
    for path in paths:
        for visit in ("first", "repeat"):
            runs = [r[f"{visit}_phases"] for r in results[path] if r.get(f"{visit}_phases")]
            names: list[str] = []
            for run in runs:
                names += [name for name in run if name not in names]
            cells = []
            for name in names:
                values = [run[name] for run in runs if run.get(name) is not None]
                if values:
                    cells.append((statistics.median(values), name))
            ordered = sorted(cells[1:-4]) if len(cells) > 5 else cells[1:-4]
            shown = [cells[0], *ordered, *cells[-4:]] if len(cells) > 5 else cells
            print(f"  {path}, {visit} visit:")
            print("    " + "  ".join(f"{name} {at:.0f}" for at, name in shown))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds of every kind (default 5)")
    parser.add_argument("--site", type=Path, help="serve this built site instead of building one")
    parser.add_argument("--build-runs", type=int, default=3, help="timed warm mkdocs builds (default 3)")
    parser.add_argument("--no-cold-build", action="store_true", help="skip the build with an empty cache")
    parser.add_argument("--chromium", help="Chromium binary (default: Debian's)")
    parser.add_argument("--paths", default=",".join(PATHS), help="boot paths to measure beside the floor")
    parser.add_argument("--incognito", action="store_true", help="off-the-record contexts (no code cache)")
    parser.add_argument(
        "--baseline", action="append", default=[], metavar="[NAME=]DIR", help="another built site run beside"
    )
    args = parser.parse_args()
    try:
        chromium = find_chromium(args.chromium)
    except ChromiumNotFound as problem:
        sys.exit(str(problem))
    from playwright.sync_api import sync_playwright

    paths = tuple(path for path in PATHS if path in args.paths.split(","))
    others = baselines(args.baseline)
    paths += tuple(path + label for label in others for path in paths)
    kinds = ("floor", *paths)

    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        cold = None
        if not args.no_cold_build and not args.site:
            cold = timed_build(Path(tmp) / "site-cold", {"MERLIN_RUNTIME_CACHE": str(Path(tmp) / "cache")})
        warm = [timed_build(Path(tmp) / f"site-{i}") for i in range(args.build_runs if not args.site else 0)]
        site = args.site or Path(tmp) / "site-0"
        if not (site / "analyze-logs" / "index.html").is_file():
            timed_build(site)

        history = HISTORY.read_text(encoding="utf-8")
        big = generate(MB).decode()
        extra = {"/bench-floor-worker.mjs": ("text/javascript", FLOOR_WORKER.encode())}
        results: dict[str, list[dict]] = {kind: [] for kind in kinds}
        with contextlib.ExitStack() as stack:
            bases = {"": stack.enter_context(serving_process(site, extra))}
            for label, folder in others.items():
                bases[label] = stack.enter_context(serving_process(folder, extra))
            playwright = stack.enter_context(sync_playwright())
            profiles = Profiles(playwright, chromium, args.incognito, Path(tmp))
            for base in bases.values():  # warm the OS file cache once, unmeasured
                measure(profiles, {"": base}, "floor", history, big)
            for index in range(args.runs):
                order = kinds[index % len(kinds) :] + kinds[: index % len(kinds)]
                for kind in order:
                    results[kind].append(measure(profiles, bases, kind, history, big))
                last = {k: results[k][-1] for k in kinds}
                shown = ", ".join(f"{k} {r['first']:.0f}/{r['repeat']:.0f} ms" for k, r in last.items())
                print(f"run {index + 1}/{args.runs} (first/repeat): {shown}", file=sys.stderr)
            profiles.close()
        sizes = downloads(site)
        for label, folder in others.items():
            sizes.update({path + label: size for path, size in downloads(folder).items()})

    floor = statistics.median(r["first"] for r in results["floor"])
    floor_repeat = statistics.median(r["repeat"] for r in results["floor"])
    targets = {"snapshot": (0.3, 0.2), "pyc": (0.55, None)}
    print()
    profile = "off-the-record contexts (no code cache)" if args.incognito else "a fresh on-disk profile each"
    print(f"Analyzer in headless Chromium, {args.runs} rounds, kinds rotated, {profile} ({chromium})")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("navigation -> bare Pyodide ready (floor) or first result; ratio = median / first-visit floor")
    print(f"  {'floor, first visit':<26} {describe([r['first'] for r in results['floor']])}")
    print(f"  {'floor, repeat visit':<26} {describe([r['repeat'] for r in results['floor']])}"
          f"   {floor_repeat / floor:5.2f} x")  # fmt: skip
    summary: dict = {"floor_ms": [r["first"] for r in results["floor"]]}
    for path in paths:
        first = [r["first"] for r in results[path]]
        repeat = [r["repeat"] for r in results[path]]
        goal_first, goal_repeat = targets.get(path, (None, None))
        first_x, repeat_x = statistics.median(first) / floor, statistics.median(repeat) / floor
        print(f"  {path + ', first visit':<26} {describe(first)}   {first_x:5.2f} x"
              + (f"  (target <= {goal_first} x)" if goal_first else ""))  # fmt: skip
        print(f"  {path + ', repeat visit':<26} {describe(repeat)}   {repeat_x:5.2f} x"
              + (f"  (target <= {goal_repeat} x)" if goal_repeat else "")
              + f"  [{statistics.median(repeat) / floor_repeat:4.2f} x the repeat floor]")  # fmt: skip
        big_ms = [r["big_ms"] for r in results[path]]
        summary[path] = {"first_ms": first, "repeat_ms": repeat, "big_ms": big_ms}
    print_phases(results, paths)
    print("1 MB paste a second after the first result, Analyze -> result shown (target < 500 ms):")
    for path in paths:
        print(f"  {path:<26} {describe([r['big_ms'] for r in results[path]])}")
    print("  the same, Analyze -> its redacted share copy in place (the worker's second message):")
    for path in paths:
        print(f"  {path:<26} {describe([r['big_share_ms'] for r in results[path]])}")
    print("first-visit download (stored / with gzip from the server):")
    for path in sizes:
        stored, packed = sizes[path]
        print(f"  {path:<26} {stored / 1e6:6.1f} MB / {packed / 1e6:6.1f} MB")
    if cold is not None:
        print(f"  {'mkdocs build, empty cache':<26} {cold:7.2f} s  (builds the .pyc stdlib and the snapshot)")
    if warm:
        print(f"  {'mkdocs build, warm cache':<26} median {statistics.median(warm):5.2f} s  "
              f"min {min(warm):5.2f} s  (target < 10 s)")  # fmt: skip
    if "snapshot" in paths:
        print(f"  findings (snapshot): {results['snapshot'][-1]['findings']}")
    summary.update({"build_cold_s": cold, "build_warm_s": warm, "downloads": sizes})
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
