// Merlin troubleshooting analyzer: the module worker that runs the diagnoser in Pyodide.
//
// It runs off the main thread so compiling the 10 MB WebAssembly module and starting
// Python never freezes the page. Pyodide 314 refuses classic workers, hence a module
// worker and a dynamic import from the configured runtime folder (self-hosted or a URL).
// The pasted text only ever arrives here by postMessage and leaves as the JSON report:
// this file makes no request with it.

let analyze = null; // Python callable: text -> report JSON string
let booting = null; // the boot promise, so a second "boot" message does not start twice

function post(message) {
  self.postMessage(message);
}

function folderOf(url) {
  const path = url.split(/[?#]/)[0];
  return path.slice(0, path.lastIndexOf("/") + 1);
}

// The diagnoser wheel as the site's lock file lists it (name -> file and sha256),
// fetched and checked while Pyodide itself is still starting.
async function fetchWheel(lockURL) {
  const lock = await (await fetch(lockURL)).json();
  const entry = lock.packages && lock.packages["merlin-diagnoser"];
  if (!entry) throw new Error("the site's pyodide-lock.json does not list merlin-diagnoser");
  const url = new URL(entry.file_name, lockURL).href;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${entry.file_name}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)))
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("");
  if (digest !== entry.sha256) throw new Error(`${entry.file_name} does not match its sha256 in the lock file`);
  return bytes;
}

async function boot({ pyodideURL, lockURL }) {
  const started = performance.now();
  post({ type: "progress", message: "Loading the analyzer runtime… (first time only)" });
  const wheel = fetchWheel(lockURL);
  wheel.catch(() => {}); // reported below, once Pyodide is up
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(pyodideURL + "pyodide.mjs"));
  } catch (error) {
    throw new Error(`Could not load Pyodide from ${pyodideURL}pyodide.mjs (${error})`);
  }
  const pyodide = await loadPyodide({
    indexURL: pyodideURL,
    lockFileURL: lockURL,
    // Set explicitly: otherwise Pyodide falls back to its public CDN for package files,
    // and this site must work with no internet at all.
    packageBaseUrl: folderOf(lockURL),
    stdout: () => {},
    stderr: () => {},
  });
  post({ type: "progress", message: "Loading the known-error catalog…" });
  try {
    // A pure-Python wheel is a zip: unpacking it into site-packages installs it. (Pyodide's
    // loadPackage reads the same lock entry, but only once the runtime is up.)
    pyodide.unpackArchive(await wheel, "wheel");
    pyodide.runPython(`
import diagnoser as _diagnoser

def _merlin_analyze(text):
    return _diagnoser.diagnose(text).to_json(indent=None)
`);
  } catch (error) {
    const why = String(error && error.message ? error.message : error).split("\n").slice(-2).join(" ");
    throw new Error(`The diagnoser package did not load (${why})`);
  }
  analyze = pyodide.globals.get("_merlin_analyze");
  post({ type: "ready", ms: Math.round(performance.now() - started) });
}

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    booting ??= boot(message).catch((error) => {
      booting = null;
      post({ type: "error", phase: "boot", message: String(error && error.message ? error.message : error) });
    });
    return;
  }
  if (message.type === "analyze") {
    if (!analyze) {
      post({ type: "error", phase: "analyze", id: message.id, message: "The analyzer is not ready yet." });
      return;
    }
    const started = performance.now();
    try {
      const json = analyze(String(message.text ?? ""));
      post({ type: "result", id: message.id, json, ms: Math.round(performance.now() - started) });
    } catch (error) {
      const text = String(error && error.message ? error.message : error);
      post({ type: "error", phase: "analyze", id: message.id, message: text.split("\n").slice(-3).join(" ") });
    }
  }
};
