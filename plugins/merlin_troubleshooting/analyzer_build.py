"""The analyzer's build steps, before and after the pages: wheel, fast paths, hashes, files.

``prepare`` runs before any page is rendered because the pages carry the hashes of
everything the worker loads (``integrity.BootManifest``); ``write`` copies those exact
bytes into the site afterwards. Kept out of ``plugin.py`` so the hooks stay a list of calls.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diagnoser.catalog import errors_dir
from merlin_troubleshooting import SITE_LOCK_NAME
from merlin_troubleshooting.assets import ASSETS_SOURCE
from merlin_troubleshooting.integrity import BootManifest, SnapshotEntry, sri_file
from merlin_troubleshooting.lockfile import site_lock_bytes
from merlin_troubleshooting.precompile import (
    CACHE_DIRNAME,
    DATACLASS_CODE_NAME,
    REGEX_TABLE_NAME,
    Precompiled,
    precompile,
    warmup_sample,
)
from merlin_troubleshooting.runtime import RuntimeManifest, sha256_file
from merlin_troubleshooting.wheel import BuiltWheel, build_wheel

PAGE_SCRIPTS = ("analyzer.js", "analyzer-worker.mjs", "analyzer.css")


@dataclass(frozen=True)
class AnalyzerBuild:
    wheel: BuiltWheel  # the wheel the site ships (with Pyodide-compiled __pycache__ when available)
    lock: bytes  # the site lock's exact bytes
    precompiled: Precompiled | None  # None: no node_modules (a URL runtime), plain path only
    boot: BootManifest
    download_bytes: int  # what the fastest path fetches on a first visit

    @property
    def build_id(self) -> str:
        return self.wheel.version.rpartition("+")[2]


def cache_dir_for(runtime_dir: Path) -> Path:
    """Beside node_modules (the project root), so every build of this checkout shares it."""
    override = os.environ.get("MERLIN_RUNTIME_CACHE")
    if override:
        return Path(override)
    return runtime_dir.resolve().parent.parent / CACHE_DIRNAME


def stdlib_pyc_name(pre: Precompiled) -> str:
    return f"python_stdlib-{pre.stdlib.sha256[:12]}.pyc.zip"


def snapshot_name(pre: Precompiled) -> str:
    return f"snapshot-{pre.snapshot_raw.sha256[:12]}.bin.gz"


def prepare(
    workdir: Path,
    catalog_text: str,
    manifest: RuntimeManifest,
    runtime_dir: Path,
    runtime_lock: Path | dict[str, Any],
) -> AnalyzerBuild:
    plain = build_wheel(workdir / "plain", catalog_text)
    pre: Precompiled | None = None
    wheel = plain
    if (runtime_dir / "pyodide.mjs").is_file():
        sample = warmup_sample(errors_dir().parent / "fixtures")
        pre = precompile(runtime_dir, manifest, plain.path, plain.sha256, sample, cache_dir_for(runtime_dir))
        caches = {REGEX_TABLE_NAME: pre.regex_table, DATACLASS_CODE_NAME: pre.dataclass_code}
        compiled = {**pre.engine_pycs, **caches}
        wheel = build_wheel(workdir / "compiled", catalog_text, compiled=compiled)
    lock = site_lock_bytes(runtime_lock, wheel)
    assets = {SITE_LOCK_NAME: hashlib.sha256(lock).hexdigest(), wheel.file_name: wheel.sha256}
    snapshot = None
    if pre is not None:
        assets[stdlib_pyc_name(pre)] = pre.stdlib.sha256
        snapshot = SnapshotEntry(
            file=snapshot_name(pre),
            sha256=pre.snapshot_raw.sha256,
            bytes=pre.snapshot_raw.size,
            download=pre.snapshot.size,
            gz_sha256=pre.snapshot.sha256,
        )
    boot = BootManifest(
        runtime={f.name: f.sha256 for f in manifest.site_files},
        assets=assets,
        wheel=wheel.file_name,
        build_id=manifest.build_id,
        stdlib_pyc=stdlib_pyc_name(pre) if pre else None,
        snapshot=snapshot,
        sri={name: sri_file(ASSETS_SOURCE / name) for name in PAGE_SCRIPTS},
    )
    sizes = {f.name: f.size for f in manifest.site_files}
    download = sum(sizes.get(name, 0) for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"))
    download += len(lock) + wheel.path.stat().st_size
    if pre is not None:
        download += pre.stdlib.size + pre.snapshot.size
    else:
        download += sizes.get("python_stdlib.zip", 0)
    return AnalyzerBuild(wheel=wheel, lock=lock, precompiled=pre, boot=boot, download_bytes=download)


def write(build: AnalyzerBuild, assets_dir: Path) -> list[str]:
    """The wheel, the lock and the fast-path files, byte for byte what the pages' hashes describe."""
    assets_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(build.wheel.path, assets_dir / build.wheel.file_name)
    (assets_dir / SITE_LOCK_NAME).write_bytes(build.lock)
    written = [build.wheel.file_name, SITE_LOCK_NAME]
    pre = build.precompiled
    if pre is not None:
        shutil.copyfile(pre.stdlib.path, assets_dir / stdlib_pyc_name(pre))
        shutil.copyfile(pre.snapshot.path, assets_dir / snapshot_name(pre))
        written += [stdlib_pyc_name(pre), snapshot_name(pre)]
    for name in written:  # the copies, not only the sources: the page promises these bytes
        expected = build.boot.assets.get(name)
        if expected is not None and sha256_file(assets_dir / name) != expected:
            raise ValueError(f"{assets_dir / name} changed while the site was being built")
    return written
