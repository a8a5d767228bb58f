// Merlin troubleshooting analyzer: the module worker that runs the diagnoser in Pyodide.
//
// It runs off the main thread so compiling the WebAssembly module and starting Python
// never freezes the page. Pyodide 314 refuses classic workers, hence a module worker and
// a dynamic import from the configured runtime folder (self-hosted or a URL).
//
// Boot takes the fastest path that works, and says which one ran ("ready" message):
//   snapshot  restore a memory snapshot made at build time after importing the engine,
//             loading the catalog and one warm-up analysis (with the .pyc stdlib it was
//             made with); about a quarter of a bare Pyodide boot
//   pyc       boot with the stdlib and the engine precompiled to .pyc
//   plain     the npm package's own stdlib (.py sources)
// Any failure of a faster path (an old browser, a hash mismatch, a restore error) falls
// back to the next one; a file every path needs (wasm, runtime JS, lock, wheel) failing
// its check ends the boot with a message naming that file.
//
// Integrity: the page carries the sha256 of every file this worker loads (data-integrity,
// also in this script's URL as #boot=, built by the MkDocs plugin). Every fetch goes
// through verifiedFetch: a listed file whose digest differs is refused, an unlisted URL
// is not fetched at all.
//
// Messages: the shared worker protocol (boot, analyze -> progress, ready, result, error),
// plus one addition: analyze with options.share === "later" gets its report without the
// redacted share copy first ({type: "result"}), then {type: "share", id, json, ms} for the
// same id, json being the report's "share" object as a JSON string (or null, with a
// message, when it could not be made). The page shows the result without waiting for the
// second diagnose a redacted copy costs. share: true still returns it inside the report.
// The ready message also carries "phases" (name -> ms since this worker's time origin,
// "origin": performance.timeOrigin), where the boot's time went, for the benchmark.
//
// The pasted text only ever arrives here by postMessage and leaves as the JSON report:
// this file makes no request with it.

const STALL_MS = 45000; // loadPyodide that neither resolves nor rejects (e.g. a wasm MIME type)
const WARMUP_BYTES = 100 * 1024; // idle-time warm-up after the first result
const SELF_CHECK = "Error: ImagePullBackOff"; // a tiny analysis proving a restored engine works

let engine = null; // { pyodide, analyze } once ready
let booting = null; // the boot promise, so a second "boot" message does not start twice
let dead = null; // message once the runtime has suffered a fatal error
let analyzed = 0; // analyses served; the warm-up runs after the first
let warmupTimer = null;

const nativeFetch = self.fetch.bind(self);

// Where the boot's time goes, for benchmarks and the "about this analyzer" details: each
// phase's first time, in ms since this worker's time origin (the ready message carries
// the origin too, so the page can put them on its own clock).
const phases = {};
function phase(name) {
  if (!(name in phases)) phases[name] = Math.round(performance.now());
}
phase("worker_started");
const expected = new Map(); // "origin/path" -> { sha256, label, name, shared }
let attempt = null; // the boot attempt in progress: its fail() ends it at once
let wasmContentType = null; // as the server sent it, for the stall message
const notes = []; // things the page may show in "about this analyzer"

function post(message) {
  self.postMessage(message);
}

function errorText(error) {
  const text = String(error && error.message ? error.message : error);
  return text.split("\n").filter((line) => line.trim()).slice(-3).join(" ");
}

class BootProblem extends Error {
  constructor(message, { shared = false, name = null } = {}) {
    super(message);
    this.shared = shared; // true: no other boot path can help
    this.file = name; // the listed file at fault, if any
  }
}

function folderOf(url) {
  const path = url.split(/[?#]/)[0];
  return path.slice(0, path.lastIndexOf("/") + 1);
}

function keyOf(url) {
  const parsed = new URL(url, self.location.href);
  return parsed.origin + parsed.pathname;
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function sha256(bytes) {
  return hex(await crypto.subtle.digest("SHA-256", bytes));
}

// The boot data: passed by the page (message.integrity) or read from this script's URL.
function bootManifest(message) {
  if (message.integrity && typeof message.integrity === "object") return message.integrity;
  const match = /[#&]boot=([A-Za-z0-9_-]+)/.exec(self.location.hash || "");
  if (!match) return null;
  const b64 = match[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(b64 + "===".slice((b64.length + 3) % 4)));
}

const LABELS = {
  "pyodide.mjs": "the runtime's loader (pyodide.mjs)",
  "pyodide.asm.mjs": "the runtime's JavaScript (pyodide.asm.mjs)",
  "pyodide.asm.wasm": "the runtime's WebAssembly (pyodide.asm.wasm)",
  "python_stdlib.zip": "the Python standard library (python_stdlib.zip)",
  "pyodide-lock.json": "the package lock (pyodide-lock.json)",
};

function listFiles(manifest, pyodideURL, assetsURL) {
  expected.clear();
  for (const [name, digest] of Object.entries(manifest.runtime || {})) {
    expected.set(keyOf(pyodideURL + name), {
      name,
      sha256: digest,
      label: LABELS[name] || name,
      shared: name !== "python_stdlib.zip",
    });
  }
  for (const [name, digest] of Object.entries(manifest.assets || {})) {
    const isWheel = name === manifest.wheel;
    const isPyc = name === manifest.stdlib_pyc;
    const label = isWheel ? `the diagnoser package (${name})` : isPyc ? `the precompiled standard library (${name})` : LABELS[name] || name;
    expected.set(keyOf(assetsURL + name), { name, sha256: digest, label, shared: !isPyc });
  }
}

// Every fetch of this worker (its own and Pyodide's) goes through here. Each listed file
// is downloaded and checked once (the boot starts them all at once, in parallel); later
// requests for it get a copy of the checked response.
const checked = new Map(); // "origin/path" -> Promise<Response>

async function verifiedFetch(input, init) {
  const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
  if (expected.size === 0) {
    const response = await nativeFetch(input, init); // no boot data: only the lock check below
    if (/\.wasm$/.test(keyOf(url))) wasmContentType = response.headers.get("Content-Type");
    return response;
  }
  const key = keyOf(url);
  if (!checked.has(key)) {
    const pending = fetchAndCheck(url, init);
    pending.catch(() => {});
    checked.set(key, pending);
  }
  try {
    return (await checked.get(key)).clone();
  } catch (problem) {
    attempt?.fail(problem); // also when the file failed before this attempt began
    throw problem;
  }
}

// A listed file whose name carries no content hash (the runtime's own: pyodide.asm.wasm,
// pyodide.mjs, ...) is asked for with ?v=<its sha256>, as the site's hashed names are: a
// server that marks those immutable (Reference → The offline analyzer runtime) lets a
// repeat visit take them from the browser's cache without asking it again.
const HASHED_NAME = /[.+-][0-9a-f]{8,64}[.-]/;

function immutableURL(url) {
  const entry = expected.get(keyOf(url));
  if (!entry || HASHED_NAME.test(entry.name) || new URL(url, self.location.href).search) return url;
  return `${url}?v=${entry.sha256.slice(0, 16)}`;
}

async function fetchAndCheck(url, init) {
  const entry = expected.get(keyOf(url));
  if (!entry) {
    const problem = new BootProblem(`The analyzer refused to fetch ${new URL(url, self.location.href).pathname}: this page does not list it.`, { shared: true });
    throw problem;
  }
  let response;
  try {
    response = await nativeFetch(immutableURL(url), { ...(init || {}), integrity: undefined });
  } catch (error) {
    const problem = new BootProblem(`${capital(entry.label)} could not be downloaded (${errorText(error)}).`, entry);
    throw problem;
  }
  if (!response.ok) {
    const problem = new BootProblem(`${capital(entry.label)} is missing on the server (HTTP ${response.status} for ${new URL(url).pathname}).`, entry);
    throw problem;
  }
  const isWasm = entry.name.endsWith(".wasm");
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
  // Check a copy. The original goes to the browser's own streaming compile, which is what
  // lets it code-cache the wasm: to compileStreaming here, or to Pyodide for the others.
  const copy = response.clone();
  let precompiled = false;
  if (isWasm) {
    wasmContentType = type;
    if (type === "application/wasm") precompiled = precompile(keyOf(url), response);
  }
  const bytes = await copy.arrayBuffer();
  phase(`fetched ${entry.name}`);
  if ((await sha256(bytes)) !== entry.sha256) {
    const problem = new BootProblem(
      `${capital(entry.label)} is not the file this site was built with (its sha256 differs), so the analyzer refuses to run it. Reload the page; if it persists, the server's copy is damaged or was replaced.`,
      entry,
    );
    throw problem;
  }
  phase(`checked ${entry.name}`);
  if (isWasm) {
    if (type !== "application/wasm") {
      // The bytes are verified, so only the label is wrong: fix it rather than hang.
      addNote(`The server sends pyodide.asm.wasm as "${type || "no type"}" instead of "application/wasm"; the analyzer worked around it, but the server should be fixed (see Reference → The offline analyzer runtime).`);
      return new Response(bytes, { status: 200, headers: { "Content-Type": "application/wasm" } });
    }
    // Its original is compiling; Pyodide gets the checked bytes (used only if that failed).
    if (precompiled) return new Response(bytes, { status: 200, headers: { "Content-Type": "application/wasm" } });
  }
  return response;
}
self.fetch = verifiedFetch;

// The wasm compiles while it downloads and while its digest and the snapshot are checked
// (Pyodide itself compiles only once the snapshot is in hand, one step after the other).
// Compiling runs none of its code: the module is instantiated only by the hook below, once
// verifiedFetch has resolved the response, i.e. once its sha256 matched. The browser still
// streams (and, on a repeat visit, code-caches) it: compileStreaming gets a fetched response.
const compiled = new Map(); // "origin/path" -> Promise<WebAssembly.Module>

function precompile(key, response) {
  if (typeof WebAssembly.compileStreaming !== "function" || compiled.has(key)) return false;
  phase("wasm_compile_started");
  const module = WebAssembly.compileStreaming(response).then((value) => {
    phase("wasm_compiled");
    return value;
  });
  module.catch(() => {});
  compiled.set(key, module);
  return true;
}

const nativeInstantiateStreaming = WebAssembly.instantiateStreaming?.bind(WebAssembly);
if (nativeInstantiateStreaming) {
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source; // from verifiedFetch: settled only once the digest matched
    // The checked response verifiedFetch made for the one wasm has no URL: it is that one.
    const key = response && response.url ? keyOf(response.url) : compiled.size === 1 ? [...compiled.keys()][0] : null;
    const module = key ? compiled.get(key) : undefined;
    phase("wasm_instantiate_called");
    if (module) {
      let ready = null;
      try {
        ready = await module;
      } catch (_error) {
        // the early compile failed: compile again the ordinary way below
      }
      if (ready) {
        const instance = await WebAssembly.instantiate(ready, imports);
        phase("wasm_instantiated");
        return { module: ready, instance };
      }
    }
    const result = await nativeInstantiateStreaming(response, imports);
    phase("wasm_instantiated");
    return result;
  };
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function addNote(note) {
  if (!notes.includes(note)) notes.push(note);
}

// One boot attempt: its tripwire rejects at once when a file it needs fails its check.
function newAttempt(uses = []) {
  let reject;
  const tripwire = new Promise((_resolve, fail) => {
    reject = fail;
  });
  tripwire.catch(() => {});
  const fail = (problem) => {
    if (!(problem instanceof BootProblem) || problem.shared || uses.includes(problem.file)) reject(problem);
  };
  return { fail, tripwire };
}

// loadPyodide, but ended at once by a failed file check, and by a stall.
async function guarded(start, current) {
  let timer;
  const stall = new Promise((_resolve, reject) => {
    timer = setTimeout(() => {
      const type = wasmContentType;
      reject(
        new BootProblem(
          type && type.split(";")[0].trim() !== "application/wasm"
            ? `The runtime did not start: the server sends pyodide.asm.wasm as "${type}" instead of "application/wasm", and the browser will not compile it. Configure the server to send .wasm files as application/wasm.`
            : `The runtime did not start within ${STALL_MS / 1000} s.`,
          { shared: true },
        ),
      );
    }, STALL_MS);
  });
  try {
    return await Promise.race([start(), current.tripwire, stall]);
  } finally {
    clearTimeout(timer);
  }
}

// The snapshot is served with its zero pages left out ("MSP1", snapshot_pack.py): put them
// back into a zeroed buffer of the full size (about half the bytes to inflate). Bytes
// without that header are the snapshot as it is. One pass over the page map.
const PACKED = [0x4d, 0x53, 0x50, 0x31]; // "MSP1"

function unpackSnapshot(bytes, differs) {
  if (bytes.length < 16 || PACKED.some((byte, i) => bytes[i] !== byte)) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const page = view.getUint32(4, true);
  const length = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  if (page === 0 || count !== Math.ceil(length / page)) throw differs;
  const out = new Uint8Array(length);
  let offset = 16 + Math.ceil(count / 8);
  for (let index = 0; index < count; index += 1) {
    if (!((bytes[16 + (index >> 3)] >> (index & 7)) & 1)) continue;
    const size = Math.min(page, length - index * page);
    if (offset + size > bytes.length) throw differs;
    out.set(bytes.subarray(offset, offset + size), index * page);
    offset += size;
  }
  if (offset !== bytes.length) throw differs;
  return out;
}

// The snapshot as served: gzip (checked packed, then unpacked), or already decoded by the
// server's Content-Encoding (checked as is). kept.packed, when asked for, gets the bytes
// before unpacking (half the size), from which the helper stores a copy in idle time.
async function fetchSnapshot(url, entry, kept = null) {
  const response = await nativeFetch(url);
  if (!response.ok) throw new BootProblem(`the memory snapshot is missing (HTTP ${response.status})`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  phase("fetched snapshot");
  const differs = new BootProblem("the memory snapshot is not the one this site was built with (its sha256 differs)");
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    if (entry.gz_sha256 && (await sha256(bytes)) !== entry.gz_sha256) throw differs;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    const inflated = new Uint8Array(await new Response(stream).arrayBuffer());
    bytes = unpackSnapshot(inflated, differs);
    if (kept) kept.packed = inflated;
    phase("snapshot_decompressed");
    if (bytes.length !== entry.bytes) throw differs;
    if (!entry.gz_sha256 && (await sha256(bytes)) !== entry.sha256) throw differs;
  } else {
    const served = bytes;
    bytes = unpackSnapshot(served, differs);
    if (kept) kept.packed = served;
    if (bytes.length !== entry.bytes || (await sha256(bytes)) !== entry.sha256) throw differs;
  }
  phase("checked snapshot");
  return bytes;
}

// The snapshot is checked and unpacked (30 MB) in a helper: this same script, started as a
// nested worker, so the work runs on a thread of its own while this one parses the runtime
// scripts (on one thread they took turns: about 0.4 s of boot). The unpacked bytes come back
// transferred, not copied. Where a nested worker cannot start, it is done here.
let helper = null; // the snapshot helper, until it has stored the snapshot (see keepSnapshot)

function unpackedSnapshot(url, entry) {
  let started;
  try {
    started = new Worker(self.location.href.split("#")[0], { type: "module" });
  } catch (_error) {
    return fetchSnapshot(url, entry);
  }
  helper = started;
  return new Promise((resolve, reject) => {
    started.onmessage = ({ data }) => {
      if (!data.stored) started.terminate(); // else it still has a copy to store
      const shift = (data.origin || performance.timeOrigin) - performance.timeOrigin;
      for (const [name, at] of Object.entries(data.phases || {})) {
        if (!name.startsWith("worker_") && !(name in phases)) phases[name] = Math.round(at + shift);
      }
      phase("snapshot_received");
      if (data.ok) resolve(new Uint8Array(data.bytes));
      else reject(new BootProblem(String(data.message)));
    };
    started.onerror = (event) => {
      event.preventDefault();
      started.terminate();
      if (helper === started) helper = null;
      resolve(fetchSnapshot(url, entry)); // the helper did not start: unpack here
    };
    started.postMessage({ type: "unpack", url, entry });
  });
}

// After the first result and the warm-up (idle time): the helper may store what it unpacked.
function keepSnapshot() {
  if (helper) helper.postMessage({ type: "keep" });
  helper = null;
}

// The unpacked snapshot is kept in the Cache API under its own sha256, so a repeat visit
// reads 30 MB instead of unpacking them again (about half the time). A hit is trusted only
// after its length and sha256 match the page's again; anything else there is deleted.
const SNAPSHOT_CACHE = "merlin-analyzer-snapshot";

function cacheKey(url, entry) {
  return new URL(`merlin-snapshot-${entry.sha256}.bin`, url).href;
}

async function cachedSnapshot(url, entry) {
  if (typeof caches === "undefined" || !/^[0-9a-f]{64}$/.test(String(entry.sha256))) return null;
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    const hit = await cache.match(cacheKey(url, entry));
    if (!hit) return null;
    const bytes = new Uint8Array(await hit.arrayBuffer());
    if (bytes.length === entry.bytes && (await sha256(bytes)) === entry.sha256) {
      phase("snapshot_from_cache");
      phase("checked snapshot");
      return bytes;
    }
    await cache.delete(cacheKey(url, entry));
  } catch (_error) {
    // no usable cache (private mode, quota): fetch it
  }
  return null;
}

async function storeSnapshot(url, entry, bytes) {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    const key = cacheKey(url, entry);
    for (const request of await cache.keys()) if (request.url !== key) await cache.delete(request); // older builds'
    await cache.put(key, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch (_error) {
    // best effort: the next visit unpacks it again
  }
}

// In the helper: the snapshot from the cache, or fetched, checked and unpacked; its bytes
// handed over (transferred); a copy stored when the boot says so ("keep"), then it ends.
let toStore = null;

async function unpackMessage(message) {
  const url = String(message.url);
  const entry = message.entry || {};
  try {
    let bytes = await cachedSnapshot(url, entry);
    const fetched = !bytes;
    const kept = {};
    if (fetched) bytes = await fetchSnapshot(url, entry, kept);
    // Handed over first, copied later: what is stored is unpacked again from the packed
    // bytes in idle time ("keep"), not copied (30 MB) before the boot has them.
    if (fetched && typeof caches !== "undefined") {
      toStore = kept.packed && kept.packed !== bytes ? { url, entry, packed: kept.packed } : { url, entry, bytes: bytes.slice() };
    }
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    self.postMessage({ ok: true, bytes: buffer, phases, origin: performance.timeOrigin, stored: Boolean(toStore) }, [buffer]);
  } catch (error) {
    self.postMessage({ ok: false, message: errorText(error), phases, origin: performance.timeOrigin });
  }
  if (!toStore) self.close();
}

async function keepMessage() {
  if (toStore) {
    let bytes = toStore.bytes;
    try {
      bytes ??= unpackSnapshot(toStore.packed, new Error("unpack"));
    } catch (_error) {
      bytes = null; // cannot happen: it unpacked once already
    }
    if (bytes && bytes.length === toStore.entry.bytes) await storeSnapshot(toStore.url, toStore.entry, bytes);
  }
  toStore = null;
  self.close();
}

// The diagnoser wheel: from the page's list (checked by verifiedFetch), or, without boot
// data, as the site's lock lists it (name -> file and sha256), as older pages did.
async function fetchWheel(manifest, lockURL) {
  if (manifest) {
    const response = await self.fetch(folderOf(lockURL) + manifest.wheel);
    return response.arrayBuffer();
  }
  const lock = await (await nativeFetch(lockURL)).json();
  const entry = lock.packages && lock.packages["merlin-diagnoser"];
  if (!entry) throw new BootProblem("the site's pyodide-lock.json does not list merlin-diagnoser", { shared: true });
  const response = await nativeFetch(new URL(entry.file_name, lockURL).href);
  if (!response.ok) throw new BootProblem(`${entry.file_name}: HTTP ${response.status}`, { shared: true });
  // Check a copy; hand Pyodide the original response, so the browser can still stream and
  // code-cache the wasm it came with.
  const bytes = await response.clone().arrayBuffer();
  if ((await sha256(bytes)) !== entry.sha256) {
    throw new BootProblem(`${entry.file_name} does not match its sha256 in the lock file`, { shared: true });
  }
  return bytes;
}

const sitePackagesOf = new WeakMap(); // pyodide -> its site-packages folder (asked once)

function sitePackages(pyodide) {
  if (!sitePackagesOf.has(pyodide)) {
    sitePackagesOf.set(pyodide, pyodide.runPython("import sys as _s; [p for p in _s.path if p.endswith('site-packages')][0]"));
  }
  return sitePackagesOf.get(pyodide);
}

// The wheel (already checked against its sha256) unpacked here, with the browser's own
// inflate, instead of by Python's zipfile in WebAssembly (pyodide.unpackArchive: 60 to
// 170 ms for its ~100 files on a first visit). Without DecompressionStream, Pyodide's way.
async function installWheel(pyodide, bytes) {
  const target = sitePackages(pyodide);
  if (typeof DecompressionStream === "undefined") {
    pyodide.unpackArchive(bytes, "wheel", { extractDir: target });
    return;
  }
  const entries = zipEntries(new Uint8Array(bytes));
  const contents = await Promise.all(entries.map((entry) => inflated(entry)));
  entries.forEach((entry, index) => {
    const file = `${target}/${entry.name}`;
    pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    pyodide.FS.writeFile(file, contents[index]);
  });
}

async function inflated(entry) {
  if (entry.method === 0) return entry.data;
  const stream = new Blob([entry.data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  if (out.length !== entry.size) throw new BootProblem(`the diagnoser package's ${entry.name} did not unpack`);
  return out;
}

// A zip's files from its central directory: name, method (0 stored, 8 deflate), size and
// the compressed bytes. One pass over the directory; a name that could leave the target
// folder (absolute, "..", a backslash) or an unknown method refuses the whole archive.
function zipEntries(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why) => new BootProblem(`the diagnoser package is not a usable wheel (${why})`, { shared: true });
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at -= 1) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw bad("no zip directory");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  const entries = [];
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw bad("damaged directory");
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + skip;
    if (name.endsWith("/")) continue; // a folder: made with its files
    if (!name || name.startsWith("/") || name.includes("\\") || name.split("/").includes("..")) throw bad(`file name ${name}`);
    if (method !== 0 && method !== 8) throw bad(`compression method ${method}`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw bad("damaged entry");
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + packed > bytes.length) throw bad("truncated entry");
    entries.push({ name, method, size, data: bytes.subarray(start, start + packed) });
  }
  return entries;
}

// Importing the engine in WebAssembly is mostly re's pure-Python parser and compiler
// (about 480 regexes, module-level and catalog). The wheel carries what that compiler made
// of each one at build time, recorded by this same Pyodide build (precompile.py,
// REGEX_TABLE_NAME): with it, re._compiler.compile hands those straight to _sre.compile.
// A pattern not in the table (or a wheel without one) compiles as before.
const REGEX_LOADER = `
def _merlin_read_table(path):
    import marshal
    try:
        with open(path, "rb") as handle:
            return marshal.loads(handle.read())  # load(handle) reads item by item: slow
    except OSError:
        return None


def _merlin_regex_table(path):
    import _sre
    import re._compiler as compiler
    from array import array
    table = _merlin_read_table(path)
    if table is None:
        return False
    compile_ = compiler.compile

    def compile(p, flags=0):
        entry = table.get((p, flags)) if type(p) in (str, bytes) and type(flags) is int else None
        if entry is None:
            return compile_(p, flags)
        final_flags, code, groups, groupindex, indexgroup = entry
        return _sre.compile(p, final_flags, array("I", code).tolist(), groups, dict(groupindex), indexgroup)

    compiler.compile = compile
    return True


def _merlin_dataclass_code(path):
    import builtins, dataclasses
    table = _merlin_read_table(path)
    if table is None:
        return False

    def exec(source, globals=None, locals=None):
        code = table.get(source) if type(source) is str else None
        if code is None:
            code = builtins.compile(source, "<string>", "exec", dont_inherit=True)
        return builtins.exec(code, globals, locals)

    dataclasses.exec = exec
    return True
`;

// Likewise the methods dataclasses writes for each class as source and compiles with exec
// (a third of importing the engine): their code objects, compiled by this Python at build
// time (precompile.py, DATACLASS_CODE_NAME), keyed by that exact source text.
function useBuildCaches(pyodide) {
  try {
    pyodide.runPython(REGEX_LOADER);
    const cache = `${sitePackages(pyodide)}/diagnoser/__pycache__`;
    for (const [name, file] of [["_merlin_regex_table", "regex-table"], ["_merlin_dataclass_code", "dataclass-code"]]) {
      const load = pyodide.globals.get(name);
      try {
        load(`${cache}/${file}.marshal`);
      } finally {
        load.destroy();
      }
    }
    pyodide.runPython("del _merlin_read_table, _merlin_regex_table, _merlin_dataclass_code");
  } catch (_error) {
    // best effort: without them every regex and dataclass compiles the ordinary way
  }
}

// The catalog, loaded on its own (not inside the self-check) so the boot's phases show
// the two apart. An older engine without load_catalog loads it in the self-check.
function loadCatalog(pyodide) {
  const catalog = pyodide.pyimport("diagnoser.catalog");
  try {
    if (catalog.load_catalog) catalog.load_catalog().destroy?.();
  } finally {
    catalog.destroy?.();
  }
}

// The runtime's module factory, with the boot's inner steps as phases, and on the snapshot
// path the snapshot handed over late. loadPyodide waits for _loadSnapshot before it even
// calls the factory, though all it reads from it then is its length (the initial memory
// size); the bytes are first used by restoreSnapshot, after the module is instantiated and
// its runtime initialised (factory, instantiation and preRun: about 300 ms). So Pyodide is
// given a zero-filled view of the snapshot's known length at once (pages the OS maps
// lazily: nothing is copied), this factory starts at once, and it resolves only once the
// checked, unpacked snapshot is in hand; restoreSnapshot then gets those bytes. A snapshot
// that fails its check rejects this factory, so loadPyodide rejects and the next path boots.
function bootFactory(factory, late) {
  return async (settings) => {
    phase("factory_called");
    const instantiate = settings.instantiateWasm;
    if (typeof instantiate === "function") {
      settings.instantiateWasm = (...args) => {
        phase("instantiate_hook_called");
        return instantiate(...args);
      };
    }
    if (Array.isArray(settings.preRun)) settings.preRun = [() => phase("prerun_started"), ...settings.preRun];
    const module = await factory(settings);
    phase("factory_resolved");
    const api = module && module.API;
    let bytes = null;
    if (late) {
      bytes = await late.bytes;
      phase("snapshot_in_hand");
    }
    if (api) {
      for (const name of ["restoreSnapshot", "finalizeBootstrap"]) {
        const original = api[name];
        if (typeof original !== "function") continue;
        api[name] = (...args) => {
          phase(`${name}_started`);
          if (name === "restoreSnapshot" && bytes) args[0] = bytes; // in place of the placeholder
          if (name === "restoreSnapshot") roomForSnapshot(module, args[0]);
          const value = original.apply(api, args);
          phase(`${name}_done`);
          return value;
        };
      }
      api.packageIndexReady?.then?.(() => phase("package_index_ready"));
    } else if (late) {
      late.placeholder.set(bytes); // no API object to hook: fill the view Pyodide was given
    }
    return module;
  };
}

// Pyodide sizes the heap for a snapshot through an option its module never reads (pyodide
// issue 6254): the heap starts at its compiled 30 MiB, and a snapshot of an engine whose heap
// grew past that does not fit ("offset is out of bounds"). The heap is grown to the
// snapshot's size before it is copied in, as Emscripten grows it for any allocation.
function roomForSnapshot(module, snapshot) {
  const heap = module && module.HEAP8;
  if (heap && snapshot && heap.length < snapshot.length && typeof module.growMemory === "function") {
    module.growMemory(snapshot.length);
  }
}

async function bootPath(path, ctx) {
  const { loadPyodide, createPyodideModule, manifest, pyodideURL, lockURL, wheel, snapshot, mark } = ctx;
  const assetsURL = folderOf(lockURL);
  const options = {
    indexURL: pyodideURL,
    lockFileURL: lockURL,
    // Set explicitly: otherwise Pyodide falls back to its public CDN for package files,
    // and this site must work with no internet at all.
    packageBaseUrl: assetsURL,
    stdout: () => {},
    stderr: () => {},
  };
  if (path !== "plain") options.stdLibURL = assetsURL + manifest.stdlib_pyc;
  // A snapshot of known length still on its way is handed over late (bootFactory); one in
  // hand already (a repeat visit: from the Cache API) is given as it is, as the placeholder
  // would only add 30 MB of external memory (and a collection) for nothing.
  const late =
    path === "snapshot" && createPyodideModule && !ctx.snapshotInHand() && Number.isInteger(manifest.snapshot.bytes) && manifest.snapshot.bytes > 0
      ? { bytes: snapshot, placeholder: new Uint8Array(manifest.snapshot.bytes) }
      : null;
  if (createPyodideModule) options.createPyodideModule = bootFactory(createPyodideModule, late);
  attempt = newAttempt(path === "plain" ? ["python_stdlib.zip"] : [manifest.stdlib_pyc]);
  const current = attempt;
  if (path === "snapshot") {
    options._loadSnapshot = late ? late.placeholder : snapshot;
    options.env = { PYTHONHASHSEED: "0" }; // as when the snapshot was made
    snapshot.catch((error) => current.fail(error));
  }
  phase(`${path}_started`);
  const pyodide = await guarded(() => loadPyodide(options), current);
  phase("runtime_started");
  mark("runtime");
  const wheelBytes = await wheel; // checked on every path: a replaced wheel is refused
  let analyze;
  let share;
  try {
    if (path === "snapshot") {
      // The snapshot froze the random state at build time: reseed from the browser.
      pyodide.runPython("import sys as _s\nif 'random' in _s.modules: _s.modules['random'].seed()\ndel _s");
    } else {
      post({ type: "progress", message: "Loading the known-error catalog…", fraction: 0.8 });
      await installWheel(pyodide, wheelBytes);
      phase("wheel_installed");
      if (path === "pyc") {
        useBuildCaches(pyodide); // plain uses no build-time artefact but the wheel
        phase("build_caches_loaded");
      }
    }
    const entry = pyodide.pyimport("diagnoser.browser");
    phase("engine_imported");
    analyze = entry.analyze;
    share = entry.share ?? null; // absent in an older engine
    loadCatalog(pyodide); // on the pyc and plain paths; the snapshot has it already
    phase("catalog_loaded");
    JSON.parse(analyze(SELF_CHECK, "{}"));
    phase("self_checked");
    // The engine and catalog live as long as the worker: keep the collector off them (the
    // snapshot was frozen at build time already). Freezing alone costs nothing; the
    // collection that frees the boot's garbage first (30 to 60 ms) waits for idle time.
    if (path !== "snapshot") pyodide.runPython("import gc as _gc\n_gc.freeze()\ndel _gc");
    mark("engine");
    phase("engine_ready");
  } catch (error) {
    if (error instanceof BootProblem) throw error;
    throw new BootProblem(`the diagnoser package did not load (${errorText(error)})`, { shared: path === "plain" });
  }
  // The restored engine runs from memory; its files are installed after the first result
  // (idle time), for any module a later analysis imports lazily.
  return { pyodide, analyze, share, path, wheel: path === "snapshot" ? wheelBytes : null };
}

function bootPaths(manifest, message) {
  let paths = [];
  const snapshotOK = typeof DecompressionStream !== "undefined"; // older browsers: next path
  if (manifest && manifest.stdlib_pyc && manifest.snapshot && snapshotOK) paths.push("snapshot");
  if (manifest && manifest.stdlib_pyc) paths.push("pyc");
  paths.push("plain");
  // Optional, for benchmarks and tests: only these paths, in this order (boot.paths).
  if (Array.isArray(message.paths)) paths = paths.filter((path) => message.paths.includes(path));
  return paths;
}

async function boot(message) {
  const started = performance.now();
  phase("boot_received");
  const timings = {};
  const mark = (name) => {
    timings[name] = Math.round(performance.now() - started);
  };
  const pyodideURL = String(message.pyodideURL);
  const lockURL = String(message.lockURL);
  let manifest = null;
  try {
    manifest = bootManifest(message);
  } catch (error) {
    throw new BootProblem(`the page's boot data is unreadable (${errorText(error)})`, { shared: true });
  }
  const assetsURL = folderOf(lockURL);
  if (manifest) listFiles(manifest, pyodideURL, assetsURL);
  const paths = bootPaths(manifest, message);
  post({ type: "progress", message: "Loading the analyzer runtime… (first time only)", fraction: 0.05 });
  attempt = newAttempt();
  const first = attempt;
  // Every download starts now, in parallel; each file is checked once (verifiedFetch). In
  // the order of need: the two scripts (small, and the boot waits for them), the wasm (it
  // compiles while the rest arrives), the snapshot, then the rest. Over HTTP/1.1 a browser
  // opens six connections per host, so a seventh request waits for one of them.
  const scripts = manifest ? ["pyodide.mjs", "pyodide.asm.mjs"].map((name) => self.fetch(pyodideURL + name)) : [];
  for (const script of scripts) script.catch(() => {});
  if (manifest) self.fetch(pyodideURL + "pyodide.asm.wasm").catch(() => {});
  let snapshot = null;
  let snapshotSettled = false;
  if (paths[0] === "snapshot") {
    snapshot = unpackedSnapshot(assetsURL + manifest.snapshot.file, manifest.snapshot);
    snapshot.then(
      () => (snapshotSettled = true),
      () => (snapshotSettled = true),
    );
  }
  const snapshotInHand = () => snapshotSettled;
  if (manifest) {
    self.fetch(paths[0] === "plain" ? pyodideURL + "python_stdlib.zip" : assetsURL + manifest.stdlib_pyc).catch(() => {});
    self.fetch(lockURL).catch(() => {});
  }
  const wheel = fetchWheel(manifest, lockURL);
  wheel.catch((error) => attempt?.fail(error)); // a wheel that fails its check ends the boot now
  if (manifest) {
    // Checked before they are imported (an import cannot carry a digest check).
    try {
      await Promise.race([Promise.all(scripts), first.tripwire]);
    } catch (error) {
      throw error instanceof BootProblem ? error : new BootProblem(errorText(error), { shared: true });
    }
  }
  // Both scripts at once: Pyodide would import pyodide.asm.mjs (1.2 MB) only later, in
  // loadPyodide; handed over as createPyodideModule, it is parsed beside the loader.
  let loadPyodide;
  let createPyodideModule = null;
  try {
    const asm = manifest ? import(immutableURL(pyodideURL + "pyodide.asm.mjs")).catch(() => null) : null;
    ({ loadPyodide } = await import(immutableURL(pyodideURL + "pyodide.mjs")));
    createPyodideModule = (await asm)?.default ?? null; // when it failed, Pyodide tries (and reports) itself
  } catch (error) {
    throw new BootProblem(`Could not load Pyodide from ${pyodideURL}pyodide.mjs (${errorText(error)})`, { shared: true });
  }
  mark("scripts");
  phase("scripts_loaded");
  const fallbacks = [];
  for (const path of paths) {
    post({ type: "progress", message: "Starting the analyzer…", fraction: 0.3 });
    try {
      engine = await bootPath(path, { loadPyodide, createPyodideModule, manifest, pyodideURL, lockURL, wheel, snapshot, snapshotInHand, mark });
    } catch (error) {
      if (error && error.shared) throw error;
      fallbacks.push({ path, reason: errorText(error) });
      continue;
    }
    attempt = null;
    phase("ready");
    const ready = { type: "ready", ms: Math.round(performance.now() - started), path, timings };
    ready.phases = { ...phases };
    ready.origin = performance.timeOrigin;
    // The runtime's own version, for a wrong-answer report.
    if (engine && engine.pyodide && typeof engine.pyodide.version === "string") ready.runtime = engine.pyodide.version;
    if (fallbacks.length) ready.fallbacks = fallbacks;
    if (notes.length) ready.notes = notes.slice();
    post(ready);
    setTimeout(keepSnapshot, 10000); // idle or not, the helper's copy is stored by then
    return;
  }
  const why = fallbacks.map((f) => `${f.path}: ${f.reason}`).join("; ");
  throw new BootProblem(`The runtime did not start (${why}).`, { shared: true });
}

// ---------------------------------------------------------------- after the first result

function isFatal(error) {
  return Boolean(
    (error && error.pyodide_fatal_error) ||
      error instanceof RangeError ||
      (typeof WebAssembly !== "undefined" && error instanceof WebAssembly.RuntimeError) ||
      /Pyodide already fatally failed|Maximum call stack size exceeded/.test(String(error && error.message)),
  );
}

// About 100 KB of the shapes real pastes have, so regexes, parsers and the heap are warm
// before the reader's first large paste (a 1 MB re-analysis stays well under 0.5 s).
function warmupText(size) {
  const shapes = [
    (i) => `2026-01-0${1 + (i % 9)}T10:${String(i % 60).padStart(2, "0")}:00.000Z INFO uvicorn.access 10.0.0.${i % 255} - "POST /v1/models/m-${i % 7}:predict HTTP/1.1" 200`,
    (i) => `{"level":"info","ts":${1700000000 + i},"logger":"model","msg":"request ${i} served","latency_ms":${i % 97}}`,
    (i) => `Step ${i % 12}/12 : RUN pip install --no-cache-dir -r requirements.txt`,
    (i) => `  Normal   Pulled     ${i % 59}m   kubelet  Container image "ghcr.io/org/model:${i % 13}" already present on machine`,
    (i) => `INFO[000${i % 10}] Taking snapshot of files... layer ${i}`,
    (i) => `    Reason:       ${i % 2 ? "Completed" : "Error"}\n    Exit Code:    ${i % 3}`,
    (i) => `│ ${String(i).padStart(6, " ")} │ model version ${i % 40} │ Running │`,
  ];
  const lines = [];
  let bytes = 0;
  for (let i = 0; bytes < size; i += 1) {
    const line = shapes[i % shapes.length](i);
    lines.push(line);
    bytes += line.length + 1;
  }
  return lines.join("\n");
}

// Idle time on the pyc and plain paths: every catalog regex compiled (the matcher compiles a
// signal's only once one of its literals is found: a first large paste would pay for many),
// then the collection the boot left out, once over everything, and frozen again.
const IDLE_PYTHON = `
from diagnoser.catalog import load_catalog as _load_catalog
for _error in _load_catalog().errors:
    for _signal in _error.signals:
        _signal.patterns
del _load_catalog, _error, _signal
import gc as _gc
_gc.unfreeze()
_gc.collect()
_gc.freeze()
del _gc
`;

function scheduleWarmup() {
  if (warmupTimer !== null || !engine) return;
  warmupTimer = setTimeout(async () => {
    try {
      if (engine.wheel) await installWheel(engine.pyodide, engine.wheel);
      engine.wheel = null;
      engine.analyze(warmupText(WARMUP_BYTES), "{}");
      if (engine.path !== "snapshot") engine.pyodide.runPython(IDLE_PYTHON);
    } catch (_error) {
      // a warm-up is best effort; a real analysis reports its own errors
    }
    keepSnapshot();
  }, 200);
}

function analyzeMessage(message) {
  if (dead) {
    post({ type: "error", phase: "analyze", id: message.id, message: dead, fatal: true });
    return;
  }
  if (!engine) {
    post({ type: "error", phase: "analyze", id: message.id, message: "The analyzer is not ready yet." });
    return;
  }
  const started = performance.now();
  const asked = message.options && typeof message.options === "object" ? message.options : {};
  // share: "later" = the report first, then its share part as a second message (see header)
  const later = asked.share === "later";
  const text = String(message.text ?? "");
  try {
    const json = engine.analyze(text, JSON.stringify(later ? { ...asked, share: false } : asked));
    post({ type: "result", id: message.id, json, ms: Math.round(performance.now() - started) });
    analyzed += 1;
    if (analyzed === 1) scheduleWarmup();
    if (later) shareMessage(message.id, text, { ...asked, share: true });
  } catch (error) {
    if (isFatal(error)) {
      dead = `The analyzer's runtime crashed on this input (${errorText(error)}) and has to be restarted.`;
      post({ type: "error", phase: "analyze", id: message.id, message: dead, fatal: true });
      return;
    }
    post({ type: "error", phase: "analyze", id: message.id, message: errorText(error) });
  }
}

// The redacted share copy of a report already posted: {type: "share", id, json, ms}, json
// being the report's "share" object (or null, with message, when it could not be made).
function shareMessage(id, text, options) {
  const started = performance.now();
  try {
    const json = engine.share
      ? engine.share(text, JSON.stringify(options))
      : JSON.stringify(JSON.parse(engine.analyze(text, JSON.stringify(options))).share ?? null); // older engine
    post({ type: "share", id, json, ms: Math.round(performance.now() - started) });
  } catch (error) {
    if (isFatal(error)) {
      dead = `The analyzer's runtime crashed on this input (${errorText(error)}) and has to be restarted.`;
      post({ type: "error", phase: "analyze", id, message: dead, fatal: true });
      return;
    }
    post({ type: "share", id, json: null, message: errorText(error) });
  }
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    booting ??= boot(message).catch((error) => {
      booting = null;
      attempt = null;
      post({ type: "error", phase: "boot", message: errorText(error) });
    });
    return;
  }
  if (message.type === "analyze") analyzeMessage(message);
  // This script as the snapshot helper (started by a booting worker, never booted itself).
  if (message.type === "unpack" && !booting) unpackMessage(message);
  if (message.type === "keep" && !booting) keepMessage();
};
