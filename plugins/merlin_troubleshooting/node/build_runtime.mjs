// Build-time helper for the analyzer runtime, run by precompile.py under Node:
//
//   node build_runtime.mjs JOB.json     (prints one JSON line with what it did)
//
// It runs the pinned Pyodide from node_modules so every .pyc is made by the very Python
// that will load it in the browser (a host CPython writes another magic number).
// Steps, each only when the job asks for it:
//   stdlib    compile every .py of python_stdlib.zip to an unchecked-hash .pyc and write a
//             zip of those (the worker passes it as stdLibURL)
//   snapshot  boot with that zip and _makeSnapshot, compile the engine wheel's .py files
//             (returned, so the site's wheel ships them in __pycache__), install the wheel,
//             import the engine, load the catalog, run one real analysis through
//             diagnoser.browser.analyze, then makeMemorySnapshot()
//   verify    restore the snapshot in a fresh runtime and check the same analysis gives
//             the same report, so a snapshot that does not restore fails the build
//   regexes   in a fresh runtime with the engine pycs, record what re's compiler makes of
//             every regex the engine compiles (import, catalog, sample analysis): the
//             arguments of _sre.compile, each checked to give an equal Pattern. The .pyc
//             path then skips re's pure-Python parser and compiler for them (REGEX_LOADER
//             in the worker): most of importing the engine in WebAssembly. Likewise
//             the code objects of the methods dataclasses writes from source.
// _makeSnapshot / _loadSnapshot are private Pyodide APIs: precompile.py pins the runtime
// version and build id and fails with a clear message when they change.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(await readFile(process.argv[2], "utf8"));
const bytesOf = async (file) => new Uint8Array(await readFile(file)); // Pyodide wants plain typed arrays
const { loadPyodide } = await import(pathToFileURL(path.join(job.pyodideDir, "pyodide.mjs")).href);
const { default: createPyodideModule } = await import(pathToFileURL(path.join(job.pyodideDir, "pyodide.asm.mjs")).href);

// Restores a snapshot as the analyzer's worker does: Pyodide sizes the heap for a snapshot
// through an option its module never reads (pyodide issue 6254), so the heap, at its compiled
// 30 MiB, is grown to the snapshot's size before the snapshot is copied in.
function restoringFactory(settings) {
  return createPyodideModule(settings).then((module) => {
    const api = module.API;
    const restore = api.restoreSnapshot;
    api.restoreSnapshot = (snapshot) => {
      if (module.HEAP8.length < snapshot.length) module.growMemory(snapshot.length);
      return restore.call(api, snapshot);
    };
    return module;
  });
}
const quiet = { stdout: () => {}, stderr: (line) => job.verbose && console.error(line) };
const indexURL = job.pyodideDir.endsWith("/") ? job.pyodideDir : job.pyodideDir + "/";
const report = { timings: {} };
const timed = async (name, step) => {
  const started = performance.now();
  const value = await step();
  report.timings[name] = Math.round(performance.now() - started);
  return value;
};

// Python run inside Pyodide: compile sources with this interpreter to unchecked-hash pycs.
const COMPILER = `
import importlib._bootstrap_external as _ext
import importlib.util as _util

def _merlin_pyc(source: bytes, filename: str) -> bytes:
    code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    return bytes(_ext._code_to_hash_pyc(code, _util.source_hash(source), checked=False))
`;

async function buildStdlib() {
  const pyodide = await loadPyodide({ indexURL, ...quiet });
  pyodide.runPython(COMPILER);
  pyodide.FS.writeFile("/tmp/in.zip", await bytesOf(path.join(job.pyodideDir, "python_stdlib.zip")));
  const counts = pyodide.runPython(`
import sys, zipfile
_prefix = "/lib/python%d%d.zip/" % sys.version_info[:2]
_compiled = _copied = 0
with zipfile.ZipFile("/tmp/in.zip") as _src, zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED) as _dst:
    for _info in sorted(_src.infolist(), key=lambda i: i.filename):
        if _info.is_dir():
            continue
        _data = _src.read(_info)
        _name = _info.filename
        if _name.endswith(".py"):
            _data = _merlin_pyc(_data, _prefix + _name)
            _name = _name[:-3] + ".pyc"
            _compiled += 1
        else:
            _copied += 1
        _out = zipfile.ZipInfo(_name, date_time=(1980, 1, 1, 0, 0, 0))
        _out.compress_type = zipfile.ZIP_DEFLATED
        _out.external_attr = 0o644 << 16
        _dst.writestr(_out, _data, compresslevel=9)
[_compiled, _copied]
`).toJs();
  await writeFile(job.stdlibOut, pyodide.FS.readFile("/tmp/out.zip"));
  report.stdlib = { compiled: counts[0], copied: counts[1] };
}

// The engine setup shared by the snapshot and the build-time check of it.
const SETUP = `
import json as _json
import diagnoser.browser as _browser
import diagnoser.markdown, diagnoser.redact  # imported on first use in the browser: the share copy
from diagnoser.catalog import load_catalog as _load_catalog
# Every catalog regex compiled into the snapshot: the matcher compiles a signal's only once
# one of its literals is found, and a restored engine has no regex table to make that cheap.
for _error in _load_catalog().errors:
    _error.cleared_pattern
    for _signal in _error.signals:
        _signal.patterns
`;

// The runtime's site-packages folder, where the wheel is unpacked (Python code to run).
const SITE_PACKAGES = "import sys; [p for p in sys.path if p.endswith('site-packages')][0]";

async function buildSnapshot() {
  const stdlib = await readFile(job.stdlibPyc);
  const pyodide = await loadPyodide({
    indexURL,
    ...quiet,
    stdLibURL: job.stdlibPyc,
    _makeSnapshot: true,
    env: { PYTHONHASHSEED: "0" },
  });
  if (pyodide._api.config.BUILD_ID !== job.buildId) {
    throw new Error(`Pyodide build id ${pyodide._api.config.BUILD_ID}, expected ${job.buildId}`);
  }
  // The wheel is unpacked and the engine compiled in a scratch runtime of its own, and the
  // files copied over from JavaScript (MEMFS lives outside the wasm heap): zipfile's and
  // compile()'s garbage would otherwise stay in the snapshot as dirty free memory, bytes
  // every reader downloads, inflates and hashes.
  const scratch = await loadPyodide({ indexURL, ...quiet, stdLibURL: job.stdlibPyc });
  scratch.runPython(COMPILER);
  const sitePackages = scratch.runPython(SITE_PACKAGES);
  if (pyodide.runPython(SITE_PACKAGES) !== sitePackages) {
    throw new Error("the scratch runtime's site-packages differs from the snapshot runtime's");
  }
  scratch.unpackArchive(await bytesOf(job.wheel), "wheel", { extractDir: sitePackages });
  // Compile the engine with this Python; write the pycs where the import system finds
  // them (so the import below already proves they load) and hand them back.
  const compiled = scratch.runPython(`
import os, sys
_site = [p for p in sys.path if p.endswith("site-packages")][0]
_pycs = {}
for _dir, _subdirs, _files in os.walk(os.path.join(_site, "diagnoser")):
    _subdirs[:] = sorted(d for d in _subdirs if d != "__pycache__")
    for _file in sorted(_files):
        if not _file.endswith(".py"):
            continue
        _path = os.path.join(_dir, _file)
        with open(_path, "rb") as _handle:
            _data = _merlin_pyc(_handle.read(), _path)
        _rel = os.path.relpath(_dir, _site).replace(os.sep, "/")
        _pyc = "%s/__pycache__/%s.%s.pyc" % (_rel, _file[:-3], sys.implementation.cache_tag)
        os.makedirs(os.path.join(_site, os.path.dirname(_pyc)), exist_ok=True)
        with open(os.path.join(_site, _pyc), "wb") as _handle:
            _handle.write(_data)
        _pycs[_pyc] = _data.hex()
del _merlin_pyc
__import__("json").dumps(_pycs)
`);
  await writeFile(job.pycOut, compiled);
  const files = scratch.runPython(`
import os as _os
[_os.path.join(_d, _f) for _d, _s, _fs in _os.walk(${JSON.stringify(sitePackages)}) for _f in _fs]
`).toJs();
  for (const file of files) {
    pyodide.FS.mkdirTree(path.posix.dirname(file));
    pyodide.FS.writeFile(file, scratch.FS.readFile(file));
  }
  pyodide.runPython(SETUP);
  const sample = await readFile(job.sample, "utf8");
  pyodide.globals.set("_merlin_sample", sample);
  const expected = pyodide.runPython(`_browser.analyze(_merlin_sample, "{}")`);
  // Objects alive now (the engine, the catalog) live as long as the page: freeze them, so
  // the collector never walks them again; without this the first large analysis after a
  // restore spends most of its time in gc (600 ms instead of 100 ms for 1 MB).
  pyodide.runPython("del _merlin_sample\nimport gc\ngc.collect()\ngc.freeze()");
  const snapshot = pyodide.makeMemorySnapshot();
  await writeFile(job.snapshotOut, snapshot);
  report.snapshot = { bytes: snapshot.length, stdlibBytes: stdlib.length, buildId: job.buildId };
  return expected;
}

async function verifySnapshot(expected) {
  const pyodide = await loadPyodide({
    indexURL,
    ...quiet,
    stdLibURL: job.stdlibPyc,
    _loadSnapshot: bytesOf(job.snapshotOut),
    createPyodideModule: restoringFactory,
    env: { PYTHONHASHSEED: "0" },
  });
  const analyze = pyodide.pyimport("diagnoser.browser").analyze;
  const got = analyze(await readFile(job.sample, "utf8"), "{}");
  if (got !== expected) throw new Error("the restored snapshot's report differs from the one made before the snapshot");
  report.verify = { reportBytes: got.length, findings: JSON.parse(got).findings.length };
}

// Python: wrap re's compiler so each (pattern, flags) compiled from here on is recorded as
// the arguments _sre.compile gets for it. Replays re._compiler.compile's own steps; an entry
// whose replay does not give a Pattern equal to the real one fails the build.
const RECORDER = `
import array as _array, marshal as _marshal, re as _re, _sre
import re._compiler as _compiler

_merlin_table = {}
_merlin_compile = _compiler.compile

def _merlin_record(p, flags=0):
    compiled = _merlin_compile(p, flags)
    if type(p) in (str, bytes) and type(flags) is int and not flags & _re.DEBUG:
        parsed = _compiler._parser.parse(p, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        if _sre.compile(p, *args) != compiled:
            raise RuntimeError("replaying re's compiler gave another Pattern for %r" % (p,))
        _merlin_table[(p, flags)] = (args[0], _array.array("I", code).tobytes(), *args[2:])
    return compiled

_compiler.compile = _merlin_record

# dataclasses compiles the methods it writes for each class from source (exec of a text):
# in WebAssembly that is a third of importing the engine. Record each text's code object,
# compiled as dataclasses' own exec does (no __future__ flags: checked here).
import __future__ as _future, builtins as _builtins, dataclasses as _dataclasses

if any(isinstance(value, _future._Feature) for value in vars(_dataclasses).values()):
    raise RuntimeError("dataclasses.py uses __future__ flags: its exec is no longer compile(..., dont_inherit=True)")
_merlin_code = {}

def _merlin_exec(source, globals=None, locals=None):
    code = compile(source, "<string>", "exec", dont_inherit=True)
    if type(source) is str:
        _merlin_code[source] = code
    return _builtins.exec(code, globals, locals)

_dataclasses.exec = _merlin_exec
`;

// What the engine compiles: every module of the package, the catalog with each signal's
// patterns, and the sample analysed plain, redacted and with its share copy.
const EXERCISE = `
import pkgutil, diagnoser
for _module in pkgutil.walk_packages(diagnoser.__path__, "diagnoser."):
    if _module.name.rpartition(".")[2] in ("__main__", "cli"):
        continue  # the command line, not the browser's
    try:
        __import__(_module.name)
    except ImportError:
        pass  # a build-time module (PyYAML is not in Pyodide)
import diagnoser.browser as _browser
from diagnoser.catalog import load_catalog as _load_catalog
for _error in _load_catalog().errors:
    _error.cleared_pattern
    for _signal in _error.signals:
        _signal.patterns
for _options in ("{}", '{"redact": true}', '{"share": true}'):
    _browser.analyze(_merlin_sample, _options)
`;

async function buildRegexTable() {
  const pyodide = await loadPyodide({ indexURL, ...quiet, stdLibURL: job.stdlibPyc });
  const sitePackages = pyodide.runPython(SITE_PACKAGES);
  pyodide.unpackArchive(await bytesOf(job.wheel), "wheel", { extractDir: sitePackages });
  for (const [name, hexed] of Object.entries(JSON.parse(await readFile(job.pycOut, "utf8")))) {
    pyodide.FS.mkdirTree(path.posix.dirname(`${sitePackages}/${name}`));
    pyodide.FS.writeFile(`${sitePackages}/${name}`, Uint8Array.from(Buffer.from(hexed, "hex")));
  }
  pyodide.runPython(RECORDER);
  pyodide.globals.set("_merlin_sample", await readFile(job.sample, "utf8"));
  pyodide.runPython(EXERCISE);
  const table = pyodide.runPython("_marshal.dumps(_merlin_table)").toJs();
  await writeFile(job.regexOut, table);
  const code = pyodide.runPython("_marshal.dumps(_merlin_code)").toJs();
  await writeFile(job.dataclassOut, code);
  report.regexes = { patterns: pyodide.runPython("len(_merlin_table)"), bytes: table.length };
  report.dataclasses = { sources: pyodide.runPython("len(_merlin_code)"), bytes: code.length };
}

try {
  if (job.stdlibOut) await timed("stdlib", buildStdlib);
  if (job.snapshotOut) {
    const expected = await timed("snapshot", buildSnapshot);
    await timed("verify", () => verifySnapshot(expected));
  }
  if (job.regexOut) await timed("regexes", buildRegexTable);
  process.stdout.write(JSON.stringify({ ok: true, ...report }) + "\n");
} catch (error) {
  const message = String(error && error.message ? error.message : error);
  // Where it failed, so a runtime or script change can be traced: the stack's first frames.
  const frames = String((error && error.stack) || "").split("\n").filter((line) => line.trim().startsWith("at "));
  const where = frames.length ? ` (${frames.slice(0, 3).map((line) => line.trim()).join(" < ")})` : "";
  process.stdout.write(JSON.stringify({ ok: false, error: message.split("\n").slice(-4).join(" ") + where }) + "\n");
  process.exitCode = 1;
}
