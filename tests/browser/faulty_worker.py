"""A fault-injecting wrapper around the real analyzer worker, for the page's recovery tests.

The wrapper is served in place of ``analyzer-worker.mjs``; it imports the real worker (so
Pyodide and the engine really boot and really analyze) and only adds the faults the page
must survive, triggered by the first line of a paste:

- ``#merlin-test:hang``: the worker spins forever and never answers (a stuck runtime);
- ``#merlin-test:fatal``: the worker reports ``{type: "error", fatal: true}`` and stops,
  as the real worker does when Pyodide has died;
- ``#merlin-test:throw``: an uncaught exception in the worker (``worker.onerror``);
- ``#merlin-test:stale``: before the real result, a result and an error for an older
  request id, which the page must ignore.

With ``hold=1`` in the worker URL's query, the boot message is kept until the page posts
``{op: "release"}`` on the ``merlin-test-worker`` BroadcastChannel; ``{op: "progress",
message, fraction}`` there makes the worker post a progress message. That is how a test
holds the page in its "booting" state without depending on how long a boot takes.
"""

from __future__ import annotations

WORKER_NAME = "analyzer-worker.mjs"
# The page checks its worker script against the hash it was built with, and the wrapper is
# not that script: the tests that serve it drop that one check (every file the worker loads
# is still checked by the real worker inside the wrapper).
WITHOUT_WORKER_CHECK = "() => { delete document.querySelector('.merlin-analyzer').dataset.workerIntegrity; }"
# The wrapper's hold=1 goes in the worker URL's query, before its #boot= fragment.
HOLD_BOOT = """() => {
  const root = document.querySelector('.merlin-analyzer');
  const [url, fragment] = root.dataset.worker.split('#');
  root.dataset.worker = url + '&hold=1' + (fragment ? '#' + fragment : '');
}"""
REAL_MARK = "merlin-real=1"

WRAPPER_JS = """
import "./analyzer-worker.mjs?merlin-real=1";

const channel = new BroadcastChannel("merlin-test-worker");
const realHandler = self.onmessage;
const hold = new URL(self.location.href).searchParams.get("hold") === "1";
let heldBoot = null;
let dead = false;

channel.onmessage = (event) => {
  const command = event.data || {};
  if (command.op === "release") {
    const boot = heldBoot;
    heldBoot = null;
    if (boot) realHandler(boot);
  } else if (command.op === "progress") {
    self.postMessage({ type: "progress", message: command.message, fraction: command.fraction });
  }
};

self.onmessage = (event) => {
  const message = event.data || {};
  if (dead) return;
  if (message.type === "boot" && hold) {
    heldBoot = event;
    return;
  }
  const text = message.type === "analyze" ? String(message.text || "") : "";
  if (text.startsWith("#merlin-test:hang")) {
    for (;;) {} // a runtime that never answers again
  }
  if (text.startsWith("#merlin-test:fatal")) {
    dead = true;
    self.postMessage({
      type: "error",
      phase: "analyze",
      id: message.id,
      fatal: true,
      message: "Pyodide has suffered a fatal error (RangeError: Maximum call stack size exceeded)",
    });
    return;
  }
  if (text.startsWith("#merlin-test:throw")) {
    throw new Error("injected worker failure");
  }
  if (text.startsWith("#merlin-test:stale")) {
    const stale = { input: { kind: "x", kinds: ["x"], lines: 1, notes: [] }, findings: [], message: "STALE" };
    self.postMessage({ type: "result", id: message.id - 1, json: JSON.stringify(stale), ms: 1 });
    self.postMessage({ type: "error", phase: "analyze", id: message.id - 1, message: "STALE ERROR" });
  }
  return realHandler(event);
};
"""


def serve_wrapper(route) -> None:
    """Context route handler: the wrapper for the page's worker URL, the real file for its import."""
    if REAL_MARK in route.request.url:
        route.fallback()
    else:
        route.fulfill(status=200, body=WRAPPER_JS, content_type="text/javascript")
