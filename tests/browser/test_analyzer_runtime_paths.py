"""Boot paths and integrity in a real browser: snapshot, its fallbacks, and refused files.

Each test opens the analyzer in a fresh browser context (empty cache) whose requests can
be altered (a corrupted or missing snapshot, a wasm with the wrong MIME type, a tampered
file); an init script records the worker's ``ready`` message, which names the boot path.
Every case must end in a working analyzer or a clear message, never a spinner.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_helpers import ANALYZE_LOGS, BOOT_TIMEOUT_MS, FIXTURES, LOCAL_HOSTS, fixture_text, serving

pytestmark = pytest.mark.browser

# Records the worker's messages; optionally holds the boot to some paths (boot.paths).
RECORD = """
(() => {
  window.__worker = { ready: null, bootError: null };
  const original = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === "boot") {
      window.__worker.instance = this;
      this.addEventListener("message", (event) => {
        const data = event.data || {};
        if (data.type === "ready") window.__worker.ready = data;
        if (data.type === "error" && data.phase === "boot") window.__worker.bootError = data;
      });
      const paths = __PATHS__;
      if (paths) message = { ...message, paths };
    }
    return original.call(this, message, ...rest);
  };
})();
"""
SETTLED = "() => ['ready', 'failed', 'unsupported'].includes((window.__merlinAnalyzer || {}).state)"
OOM = "oomkilled/match-history-model.txt"


class Opened:
    def __init__(self, page, errors: list[str]) -> None:
        self.page = page
        self.errors = errors

    def settle(self) -> dict:
        self.page.wait_for_function(SETTLED, timeout=BOOT_TIMEOUT_MS)
        return self.page.evaluate("() => ({ ...window.__worker, state: window.__merlinAnalyzer.state })")

    def status(self) -> str:
        return self.page.locator(".merlin-analyzer__status").first.inner_text()

    def analyze(self, text: str) -> dict:
        """Through the page: fill, click Analyze, wait for the report shown."""
        previous = self.page.evaluate("() => window.__merlinAnalyzer.resultAt")
        self.page.locator(".merlin-analyzer textarea").fill(text)
        self.page.get_by_role("button", name="Analyze").click()
        self.page.wait_for_function(
            "(p) => window.__merlinAnalyzer.resultAt !== p", arg=previous, timeout=BOOT_TIMEOUT_MS
        )
        return self.page.evaluate("() => window.__merlinAnalyzer.lastResult")

    def analyze_direct(self, texts: list[str]) -> list[str]:
        """Straight to the worker (the page ignores replies to ids it did not send): report JSONs."""
        return self.page.evaluate(
            """(texts) => new Promise((resolve) => {
                 const worker = window.__worker.instance, out = [];
                 worker.addEventListener("message", (event) => {
                   const d = event.data || {};
                   if (typeof d.id !== "string" || !d.id.startsWith("eq-")) return;
                   out[Number(d.id.slice(3))] = d.type === "result" ? d.json : "ERROR " + d.message;
                   if (out.filter((x) => x !== undefined).length === texts.length) resolve(out);
                 });
                 texts.forEach((text, i) =>
                   worker.postMessage({ type: "analyze", id: "eq-" + i, text, options: {} }));
               })""",
            texts,
        )


@pytest.fixture
def fresh(browser, base_url: str) -> Iterator[Callable[..., Opened]]:
    """Open the analyzer page in its own context, with optional request rewrites and paths."""
    contexts = []

    def _open(
        routes: dict[str, Callable] | None = None,
        paths: list[str] | None = None,
        focus: bool = True,
        site: str | None = None,
    ) -> Opened:
        context = browser.new_context(service_workers="block")
        contexts.append(context)
        context.set_default_timeout(BOOT_TIMEOUT_MS)
        blocked: list[str] = []

        def only_local(route) -> None:
            if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
                route.fallback()
            else:
                blocked.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", only_local)
        for pattern, handler in (routes or {}).items():
            context.route(pattern, handler)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.add_init_script(RECORD.replace("__PATHS__", json.dumps(paths)))
        page.goto((site or base_url) + ANALYZE_LOGS)
        if focus:
            page.locator(".merlin-analyzer textarea").focus()
        errors_ref = Opened(page, errors)
        errors_ref.blocked = blocked  # type: ignore[attr-defined]
        return errors_ref

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def damaged_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """A copy of the built site with its snapshot damaged on disk, served on its own port.

    The fault is in the file itself, not in a request rewrite: the snapshot is fetched by a
    helper worker inside the analyzer's worker, whose requests a test browser may not
    intercept every time, and a fault the browser never saw would make the test lie."""
    servers = ExitStack()
    urls: dict[str, str] = {}

    def _damaged(fault: str) -> str:
        if fault not in urls:
            copy = tmp_path_factory.mktemp(f"site-{fault}")
            shutil.copytree(site_dir, copy, dirs_exist_ok=True)
            (snapshot,) = copy.rglob("snapshot-*.bin.gz")
            if fault == "missing":
                snapshot.unlink()
            else:
                body = bytearray(snapshot.read_bytes())
                middle = len(body) // 2
                for index in range(middle, min(middle + 64, len(body))):
                    body[index] ^= 0xFF
                snapshot.write_bytes(bytes(body))
            urls[fault] = servers.enter_context(serving(copy))
        return urls[fault]

    yield _damaged
    servers.close()


def flipped(route) -> None:
    """The real file with 64 bytes flipped in the middle (same size, same type)."""
    response = route.fetch()
    body = bytearray(response.body())
    middle = len(body) // 2
    for index in range(middle, min(middle + 64, len(body))):
        body[index] ^= 0xFF
    route.fulfill(response=response, body=bytes(body))


def missing(route) -> None:
    route.fulfill(status=404, body=b"not found", content_type="text/plain")


def as_text_plain(route) -> None:
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-type": "text/plain"})


# ---------------------------------------------------------------------------- paths


def test_the_snapshot_path_boots_and_is_named_in_the_ready_message(fresh) -> None:
    opened = fresh()
    worker = opened.settle()

    assert worker["state"] == "ready", worker
    assert worker["ready"]["path"] == "snapshot"
    assert "fallbacks" not in worker["ready"]
    opened.page.evaluate(SHARE_LISTENER)
    assert opened.analyze(fixture_text(OOM))["findings"][0]["id"] == "oomkilled"
    # The redacted share copy comes second, right away: the snapshot holds what makes it.
    opened.page.wait_for_function("() => window.__shared !== null", timeout=BOOT_TIMEOUT_MS)
    assert opened.page.evaluate("() => window.__shared") == {"error": None, "redacted": True}
    assert opened.errors == [] and opened.blocked == []


# Records the first share copy the page receives: its error, and whether it holds the redacted text.
SHARE_LISTENER = """() => { window.__shared = null;
  document.addEventListener("merlin-analyzer:share", (event) => {
    const report = event.detail || {};
    window.__shared = { error: report.shareError || null,
                        redacted: typeof (report.share || {}).redacted_text === "string" };
  }, { once: true }); }"""


SNAPSHOT_CACHE = "merlin-analyzer-snapshot"  # the worker's Cache API store (analyzer-worker.mjs)
# Stored: the whole snapshot readable under its key, with the sha256 the page lists (an
# entry still being written is listed, then matched, before all its bytes are in).
STORED = f"""async () => {{
  try {{
    const listed = JSON.parse(document.querySelector('.merlin-analyzer').dataset.integrity).snapshot;
    const cache = await caches.open('{SNAPSHOT_CACHE}');
    const [key] = await cache.keys();
    const found = key && (await cache.match(key));
    if (!found) return false;
    const digest = await crypto.subtle.digest('SHA-256', await found.arrayBuffer());
    const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    return hex === listed.sha256;
  }} catch (error) {{
    return false;
  }}
}}"""
# The stored snapshot replaced by zeros of the same length, under the same key.
TAMPER_STORED = f"""() => caches.open('{SNAPSHOT_CACHE}').then(async (cache) => {{
  const [key] = await cache.keys();
  const length = (await (await cache.match(key)).arrayBuffer()).byteLength;
  await cache.put(key, new Response(new Uint8Array(length)));
}})"""


def reboot(opened: Opened) -> dict:
    opened.page.reload()
    opened.page.locator(".merlin-analyzer textarea").focus()
    return opened.settle()


def test_a_repeat_visit_restores_the_stored_snapshot_and_refuses_a_tampered_one(fresh) -> None:
    opened = fresh()
    assert opened.settle()["ready"]["path"] == "snapshot"
    opened.analyze(fixture_text(OOM))  # then, in idle time, the unpacked snapshot is stored
    opened.page.wait_for_function(STORED, timeout=BOOT_TIMEOUT_MS)
    # Seen in Chromium: an entry read back whole can read as missing for a moment after; wait
    # until it reads whole again once the helper is surely done (not a timing assertion).
    opened.page.wait_for_timeout(2000)
    opened.page.wait_for_function(STORED, timeout=BOOT_TIMEOUT_MS)

    again = reboot(opened)
    assert again["ready"]["path"] == "snapshot"
    assert "snapshot_from_cache" in again["ready"]["phases"]
    assert opened.analyze(fixture_text(OOM))["findings"][0]["id"] == "oomkilled"

    opened.page.evaluate(TAMPER_STORED)
    tampered = reboot(opened)
    assert tampered["ready"]["path"] == "snapshot" and "fallbacks" not in tampered["ready"]
    assert "snapshot_from_cache" not in tampered["ready"]["phases"]  # refused: fetched and checked again
    assert opened.analyze(fixture_text(OOM))["findings"][0]["id"] == "oomkilled"
    assert opened.errors == [] and opened.blocked == []


@pytest.mark.parametrize("fault", ["corrupted", "missing"])
def test_a_bad_snapshot_falls_back_to_the_pyc_path_and_works(fresh, damaged_site, fault) -> None:
    opened = fresh(site=damaged_site(fault))
    worker = opened.settle()

    assert worker["state"] == "ready", worker
    assert worker["ready"]["path"] == "pyc"
    assert [f["path"] for f in worker["ready"]["fallbacks"]] == ["snapshot"]
    assert "snapshot" in worker["ready"]["fallbacks"][0]["reason"]
    assert opened.analyze(fixture_text(OOM))["findings"][0]["id"] == "oomkilled"


def test_a_tampered_pyc_stdlib_is_refused_and_the_plain_path_runs(fresh) -> None:
    opened = fresh({"**/*.pyc.zip": flipped})
    worker = opened.settle()

    assert worker["state"] == "ready", worker
    assert worker["ready"]["path"] == "plain"
    reasons = " ".join(f["reason"] for f in worker["ready"]["fallbacks"])
    assert "precompiled standard library" in reasons and "sha256" in reasons
    assert opened.analyze(fixture_text(OOM))["findings"][0]["id"] == "oomkilled"


def test_a_wasm_with_the_wrong_mime_type_still_boots_and_says_so(fresh) -> None:
    opened = fresh({"**/pyodide.asm.wasm*": as_text_plain})
    worker = opened.settle()

    assert worker["state"] == "ready", worker
    assert any('"text/plain"' in note and "application/wasm" in note for note in worker["ready"]["notes"])
    assert opened.analyze(fixture_text(OOM))["findings"][0]["id"] == "oomkilled"


# ---------------------------------------------------------------------------- refused files

REFUSED = {
    "wasm": ("**/pyodide.asm.wasm*", flipped, "pyodide.asm.wasm"),
    "wasm-missing": ("**/pyodide.asm.wasm*", missing, "missing on the server"),
    "runtime-js": ("**/pyodide.asm.mjs*", flipped, "pyodide.asm.mjs"),
    "lock": ("**/pyodide-lock.json*", flipped, "pyodide-lock.json"),
    "lock-missing": ("**/pyodide-lock.json*", missing, "pyodide-lock.json"),
    "wheel": ("**/*.whl", flipped, "diagnoser package"),
}


@pytest.mark.parametrize(("pattern", "fault", "named"), REFUSED.values(), ids=REFUSED.keys())
def test_a_tampered_or_missing_shared_file_stops_the_boot_with_a_message_naming_it(
    fresh, pattern: str, fault, named: str
) -> None:
    opened = fresh({pattern: fault})
    worker = opened.settle()  # within the boot timeout, far below the page's two minutes

    assert worker["state"] == "failed", worker
    status = opened.status()
    assert named in status
    assert "merlin-diagnose" in status  # the way out: the same analysis on the command line


def test_a_tampered_page_script_is_blocked_by_subresource_integrity(fresh) -> None:
    def tampered(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.body() + b"\n;window.__tampered = true;")

    opened = fresh({"**/analyzer.js*": tampered}, focus=False)
    opened.page.wait_for_load_state("load")

    ran = opened.page.evaluate("() => [window.__tampered, window.__merlinAnalyzer]")
    assert ran == [None, None]  # neither the tampered code nor analyzer.js ran


# ---------------------------------------------------------------------------- policy


def test_pages_carry_a_csp_allowing_only_the_site_and_no_inline_script(fresh) -> None:
    opened = fresh(focus=False)
    page = opened.page
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")

    assert "connect-src 'self'" in policy and "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    inline = page.evaluate(
        """() => [...document.scripts]
                   .filter((s) => !s.src && (!s.type || /javascript|module/.test(s.type))).length"""
    )
    assert inline == 0
    violated = page.evaluate(
        """() => new Promise((resolve) => {
             document.addEventListener("securitypolicyviolation", (e) => resolve(e.effectiveDirective));
             fetch("http://192.0.2.1/x").catch(() => {});
             setTimeout(() => resolve(null), 5000);
           })"""
    )
    assert violated == "connect-src"


# ---------------------------------------------------------------------------- same answers


def catalog_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*/*.txt"))


def test_the_snapshot_and_pyc_paths_give_the_same_findings_as_a_plain_boot_on_every_catalog_fixture(
    fresh,
) -> None:
    """The fast paths run build-time artefacts (the snapshot; the .pyc path's regex table,
    which stands in for re's compiler); the plain path runs none but the wheel."""
    texts = [fixture_text(str(path.relative_to(FIXTURES))) for path in catalog_fixtures()]
    reports = {}
    for path in ("snapshot", "pyc", "plain"):
        opened = fresh(paths=[path])
        worker = opened.settle()
        assert worker["ready"]["path"] == path, worker
        reports[path] = [json.loads(text)["findings"] for text in opened.analyze_direct(texts)]

    assert len(reports["snapshot"]) == len(texts) > 100
    by_path = (reports["snapshot"], reports["pyc"], reports["plain"])
    for name, snap, pyc, plain in zip(catalog_fixtures(), *by_path, strict=True):
        assert snap == plain and pyc == plain, name.relative_to(FIXTURES)
