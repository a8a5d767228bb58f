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

async function boot({ pyodideURL, lockURL }) {
  const started = performance.now();
  post({ type: "progress", message: "Loading the analyzer runtime… (first time only)" });
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
  const problems = [];
  // loadPackage only logs a missing file or a failed integrity check, it does not
  // reject: collect its errors and check the import below.
  await pyodide.loadPackage("merlin-diagnoser", {
    messageCallback: () => {},
    errorCallback: (message) => problems.push(String(message)),
  });
  try {
    pyodide.runPython(`
import diagnoser as _diagnoser

def _merlin_analyze(text):
    return _diagnoser.diagnose(text).to_json(indent=None)
`);
  } catch (error) {
    const why = problems.length ? problems.join(" ") : String(error).split("\n").slice(-2).join(" ");
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
