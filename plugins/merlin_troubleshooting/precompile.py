"""The fast runtime paths, made at build time: a ``.pyc`` stdlib zip and a memory snapshot.

Why: the npm package's ``python_stdlib.zip`` holds ``.py`` sources, so every browser boot
compiles about 150 stdlib modules in WebAssembly, then imports the engine and loads the
catalog. Compiling once here, with Pyodide's own Python under Node (a host CPython writes
another bytecode magic), and snapshotting the heap after a real warm-up analysis cuts the
first result to a fraction of a bare boot.

Both artefacts are cached under ``.cache/merlin-runtime`` keyed by their *inputs* (two
snapshot builds differ in a few KB, so their output cannot be the key): the stdlib zip by
the runtime alone, the snapshot by the stdlib zip, the wheel, the sample and the Node
script. A warm ``mkdocs build`` only hashes and copies files.

The snapshot uses private Pyodide options (``_makeSnapshot``, ``_loadSnapshot``); the
runtime is pinned by version and build id, and the build is checked by restoring the
snapshot under Node and comparing one report, so a change there fails the build here
with a message instead of breaking the reader's browser.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from merlin_troubleshooting import snapshot_pack
from merlin_troubleshooting.runtime import RuntimeManifest, sha256_file

NODE_SCRIPT = Path(__file__).with_name("node") / "build_runtime.mjs"
# What re's compiler made of every regex the engine compiles, recorded by Pyodide's own
# Python (build_runtime.mjs, "regexes"): shipped in the wheel beside the engine's pycs, as
# interpreter-specific as they are, and read by the worker before it imports the engine.
REGEX_TABLE_NAME = "diagnoser/__pycache__/regex-table.marshal"
# Likewise the code objects of the methods ``dataclasses`` writes as source text for each
# class (its exec compiles them in the browser: a third of importing the engine).
DATACLASS_CODE_NAME = "diagnoser/__pycache__/dataclass-code.marshal"
CACHE_DIRNAME = ".cache/merlin-runtime"
# Pyodide 314 restores a snapshot into a heap of its compiled 30 MiB whatever the snapshot's
# size ("RangeError: offset is out of bounds", pyodide issue 6254): the worker and the
# build's check grow the heap first (``restoreSnapshot`` hooked), so a heap that grew past
# 30 MiB restores. The limit is the reader's download: the snapshot's pages that are not zero.
SNAPSHOT_LIMIT = 64 * 1024 * 1024
SAMPLE_LIMIT = 48 * 1024  # warm-up text: realistic, and small enough to keep the heap near 30 MiB
NODE_TIMEOUT_S = 300
NODE_HINT = (
    "Node.js 20 or newer is needed to build the analyzer's precompiled runtime and memory "
    "snapshot (it runs the pinned Pyodide from node_modules). Install Node (the same one `npm ci` "
    "uses) and make sure `node` is on PATH."
)


class PrecompileProblem(Exception):
    """The .pyc stdlib or the snapshot could not be built; the message says why and what to do."""


@dataclass(frozen=True)
class Artefact:
    path: Path
    sha256: str  # of the file's bytes
    size: int


@dataclass(frozen=True)
class Precompiled:
    """What the site ships beside the runtime, and how long making it took."""

    stdlib: Artefact  # the .pyc stdlib zip (passed as stdLibURL)
    snapshot: Artefact  # the gzip-compressed snapshot, as served
    snapshot_raw: Artefact  # the uncompressed snapshot (path is the .gz): what the worker checks
    engine_pycs: dict[str, bytes]  # "diagnoser/__pycache__/x.cpython-314.pyc" -> bytes
    regex_table: bytes  # marshal: (pattern, flags) -> _sre.compile's other arguments
    dataclass_code: bytes  # marshal: generated source text -> its code object (Pyodide's Python)
    build_id: str
    seconds: float
    cached: bool
    timings: dict[str, int] = field(default_factory=dict)


def find_node() -> str:
    node = shutil.which("node")
    if node is None:
        raise PrecompileProblem(NODE_HINT)
    return node


def warmup_sample(fixtures_dir: Path, limit: int = SAMPLE_LIMIT) -> str:
    """One realistic paste: the first must-match fixture of each known error, up to ``limit``.

    Realistic so the snapshot has every parser and signal path warm; bounded so the heap
    stays near its initial size (see SNAPSHOT_LIMIT).
    """
    parts: list[str] = []
    size = 0
    for error_dir in sorted(p for p in fixtures_dir.iterdir() if p.is_dir() and not p.name.startswith("_")):
        matches = sorted(error_dir.glob("match-*.txt"))
        if not matches:
            continue
        text = matches[0].read_text(encoding="utf-8", errors="replace")
        if size + len(text) > limit:
            continue
        parts.append(text)
        size += len(text)
    return "\n".join(parts)


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def _run_node(job: dict, workdir: Path) -> dict:
    node = find_node()
    job_path = workdir / "job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    try:
        done = subprocess.run(
            [node, str(NODE_SCRIPT), str(job_path)],
            capture_output=True,
            text=True,
            timeout=NODE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PrecompileProblem(f"the runtime build under Node took over {NODE_TIMEOUT_S} s") from None
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {"ok": False, "error": done.stderr.strip()[-600:]}
    if not result.get("ok"):
        raise PrecompileProblem(
            f"building the analyzer runtime under Node failed: {result.get('error') or 'no output'}. "
            "The memory snapshot uses private Pyodide APIs pinned to the exact runtime in "
            "plugins/merlin_troubleshooting/pyodide-runtime.json; after a Pyodide upgrade check "
            "node/build_runtime.mjs against the new loadPyodide options."
        )
    return result


def _artefact(path: Path) -> Artefact:
    return Artefact(path=path, sha256=sha256_file(path), size=path.stat().st_size)


def _publish(source: Path, destination: Path) -> None:
    """Atomic move into the cache, so a concurrent or interrupted build never sees half a file."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    shutil.copyfile(source, partial)  # copy first: the temp folder may be on another filesystem
    os.replace(partial, destination)


def precompile(
    runtime_dir: Path,
    manifest: RuntimeManifest,
    wheel_path: Path,
    wheel_sha256: str,
    sample: str,
    cache_dir: Path,
) -> Precompiled:
    """Return the cached .pyc stdlib and snapshot for these inputs, building what is missing."""
    started = time.perf_counter()
    if not manifest.build_id:
        raise PrecompileProblem("pyodide-runtime.json has no build_id: pin the runtime's BUILD_ID first")
    found_id = _runtime_build_id(runtime_dir / "pyodide.mjs")
    if found_id != manifest.build_id:
        raise PrecompileProblem(
            f"{runtime_dir}/pyodide.mjs has build id {found_id}, but the snapshot is pinned to "
            f"{manifest.build_id}: run `npm ci` to restore the pinned runtime"
        )
    script_sha = sha256_file(NODE_SCRIPT)
    stdlib_sha_in = next(f.sha256 for f in manifest.files if f.name == "python_stdlib.zip")
    stdlib_path = cache_dir / f"stdlib-{_key(stdlib_sha_in, manifest.build_id, script_sha)}.zip"
    cached = True
    timings: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="merlin-precompile-") as tmp:
        work = Path(tmp)
        job = {"pyodideDir": str(runtime_dir.resolve()), "buildId": manifest.build_id}
        if not stdlib_path.is_file():
            cached = False
            result = _run_node({**job, "stdlibOut": str(work / "stdlib.zip")}, work)
            timings.update(result["timings"])
            _publish(work / "stdlib.zip", stdlib_path)
        stdlib = _artefact(stdlib_path)

        sample_sha = hashlib.sha256(sample.encode()).hexdigest()
        inputs = (
            stdlib.sha256,
            wheel_sha256,
            manifest.build_id,
            script_sha,
            sample_sha,
            snapshot_pack.MAGIC.decode(),
        )
        entry = cache_dir / f"snapshot-{_key(*inputs)}"
        if not (entry / "meta.json").is_file():
            cached = False
            (work / "sample.txt").write_text(sample, encoding="utf-8")
            result = _run_node(
                {
                    **job,
                    "stdlibPyc": str(stdlib_path),
                    "wheel": str(wheel_path),
                    "sample": str(work / "sample.txt"),
                    "snapshotOut": str(work / "snapshot.bin"),
                    "pycOut": str(work / "pycs.json"),
                    "regexOut": str(work / "regexes.marshal"),
                    "dataclassOut": str(work / "dataclasses.marshal"),
                },
                work,
            )
            timings.update(result["timings"])
            _store_snapshot(work, entry, manifest.build_id)
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        listed = json.loads((entry / "pycs.json").read_text(encoding="utf-8"))
        pycs = {name: bytes.fromhex(data) for name, data in listed.items()}
        regex_table, dataclass_code = (_cached(entry, name, meta) for name in ("regexes", "dataclasses"))
    snapshot = _artefact(entry / "snapshot.bin.gz")
    if snapshot.sha256 != meta["gz_sha256"]:
        raise PrecompileProblem(f"{snapshot.path} differs from its cache record (damaged): delete {entry}")
    raw = Artefact(path=snapshot.path, sha256=meta["raw_sha256"], size=meta["raw_size"])
    return Precompiled(
        stdlib=stdlib,
        snapshot=snapshot,
        snapshot_raw=raw,
        engine_pycs=pycs,
        regex_table=regex_table,
        dataclass_code=dataclass_code,
        build_id=manifest.build_id,
        seconds=time.perf_counter() - started,
        cached=cached,
        timings=timings,
    )


def _cached(entry: Path, name: str, meta: dict) -> bytes:
    """``<name>.marshal`` from a cache entry, checked against the sha256 its meta.json recorded."""
    data = (entry / f"{name}.marshal").read_bytes()
    if hashlib.sha256(data).hexdigest() != meta.get(f"{name}_sha256"):
        raise PrecompileProblem(f"{entry}/{name}.marshal differs from its cache record: delete {entry}")
    return data


def _store_snapshot(work: Path, entry: Path, build_id: str) -> None:
    raw = (work / "snapshot.bin").read_bytes()
    if len(raw) > SNAPSHOT_LIMIT:
        raise PrecompileProblem(
            f"the memory snapshot is {len(raw) / 2**20:.1f} MiB, over the {SNAPSHOT_LIMIT / 2**20:.0f} MiB "
            "a reader should download for the analyzer. The warm-up analysis or the engine's caches grew "
            "the heap: keep the warm-up sample smaller (precompile.SAMPLE_LIMIT) or the caches lazier."
        )
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=entry.parent))
    # Zero pages left out (snapshot_pack), then gzip with mtime=0 and no file name: the
    # same snapshot bytes give the same .gz bytes.
    with (
        (staging / "snapshot.bin.gz").open("wb") as handle,
        gzip.GzipFile(filename="", mode="wb", fileobj=handle, compresslevel=6, mtime=0) as packed,
    ):
        packed.write(snapshot_pack.pack(raw))
    shutil.copyfile(work / "pycs.json", staging / "pycs.json")
    for name in ("regexes", "dataclasses"):
        shutil.copyfile(work / f"{name}.marshal", staging / f"{name}.marshal")
    meta = {
        "regexes_sha256": sha256_file(staging / "regexes.marshal"),
        "dataclasses_sha256": sha256_file(staging / "dataclasses.marshal"),
        "raw_sha256": hashlib.sha256(raw).hexdigest(),
        "raw_size": len(raw),
        "gz_sha256": sha256_file(staging / "snapshot.bin.gz"),
        "build_id": build_id,
    }
    (staging / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    if entry.exists():
        shutil.rmtree(entry)  # an incomplete entry (no meta.json) left by an interrupted build
    try:
        os.replace(staging, entry)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (entry / "meta.json").is_file():  # not a concurrent build that just won the race
            raise


def _runtime_build_id(pyodide_mjs: Path) -> str | None:
    text = pyodide_mjs.read_text(encoding="utf-8", errors="replace")
    marker = 'BUILD_ID:"'
    start = text.find(marker)
    if start < 0:
        return None
    start += len(marker)
    end = text.find('"', start)
    return text[start:end] if end > start else None
