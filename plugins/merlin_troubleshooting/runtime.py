"""Locate, verify and copy the pinned Pyodide runtime.

The runtime is fetched once with ``npm ci`` (``package.json`` pins the version and
``package-lock.json`` its integrity hash) and then copied into every build. The
manifest ``pyodide-runtime.json`` pins the sha256 of each file the site needs, so a
half-finished download, another Pyodide version or a tampered file fails the build
instead of shipping an analyzer that breaks in the reader's browser.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_PATH = Path(__file__).with_name("pyodide-runtime.json")
FETCH_HINT = (
    "Fetch it once with `npm ci` in the repository root (it downloads the pinned npm package "
    "'pyodide' from the npm registry into node_modules/pyodide), or set the plugin option "
    "`pyodide:` to the URL of a Pyodide distribution folder."
)


class RuntimeProblem(Exception):
    """The runtime is missing or does not match the pinned manifest; the message says what to do."""


@dataclass(frozen=True)
class RuntimeFile:
    name: str
    sha256: str
    size: int
    site: bool  # copied into the site (False: only read at build time)


@dataclass(frozen=True)
class RuntimeManifest:
    package: str
    version: str
    python: str
    files: tuple[RuntimeFile, ...]
    lock_info: dict[str, Any]  # the runtime lock's "info" table
    build_id: str = ""  # pyodide.mjs's BUILD_ID: a memory snapshot only restores in this exact build

    @property
    def site_files(self) -> tuple[RuntimeFile, ...]:
        return tuple(f for f in self.files if f.site)


@dataclass(frozen=True)
class CopiedRuntime:
    """What ``copy_runtime`` wrote: the folder and the files, for logging and tests."""

    directory: Path
    files: tuple[str, ...]
    bytes: int


def load_manifest(path: Path = MANIFEST_PATH) -> RuntimeManifest:
    data = json.loads(path.read_text(encoding="utf-8"))
    files = tuple(
        RuntimeFile(
            name=name, sha256=spec["sha256"], size=int(spec["size"]), site=bool(spec.get("site", True))
        )
        for name, spec in sorted(data["files"].items())
    )
    return RuntimeManifest(
        package=data["package"],
        version=data["version"],
        python=data["python"],
        files=files,
        lock_info=dict(data.get("lock_info", {})),
        build_id=str(data.get("build_id", "")),
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def locate_runtime(runtime_dir: Path, manifest: RuntimeManifest) -> Path:
    """Check that ``runtime_dir`` holds the pinned package (cheap: no hashing).

    Called early (on config) so a missing ``npm ci`` is reported before rendering pages.
    """
    if not runtime_dir.is_dir():
        raise RuntimeProblem(f"The Pyodide runtime {manifest.version} is not at {runtime_dir}. {FETCH_HINT}")
    package_json = runtime_dir / "package.json"
    if package_json.is_file():
        found = json.loads(package_json.read_text(encoding="utf-8")).get("version")
        if found != manifest.version:
            raise RuntimeProblem(
                f"{runtime_dir} holds Pyodide {found}, but the analyzer is pinned to {manifest.version} "
                f"(plugins/merlin_troubleshooting/pyodide-runtime.json). "
                "Run `npm ci` to restore the pinned version."
            )
    missing = [f.name for f in manifest.files if not (runtime_dir / f.name).is_file()]
    if missing:
        raise RuntimeProblem(
            f"The Pyodide runtime at {runtime_dir} is incomplete (missing {', '.join(missing)}). {FETCH_HINT}"
        )
    return runtime_dir


def verify_file(path: Path, expected: RuntimeFile) -> None:
    """Compare size (fast) then sha256 with the manifest; raise ``RuntimeProblem`` on mismatch."""
    size = path.stat().st_size
    actual = sha256_file(path) if size == expected.size else None
    if actual != expected.sha256:
        detail = f"sha256 {actual}" if actual else f"{size} bytes, expected {expected.size}"
        raise RuntimeProblem(
            f"{path} does not match the pinned Pyodide runtime: {detail} "
            f"(expected sha256 {expected.sha256}). "
            "Delete node_modules and run `npm ci` again; if you upgraded Pyodide on purpose, update "
            "package.json, package-lock.json and plugins/merlin_troubleshooting/pyodide-runtime.json "
            "together."
        )


def verify_runtime(runtime_dir: Path, manifest: RuntimeManifest) -> None:
    """Locate the runtime and check every pinned file's hash."""
    locate_runtime(runtime_dir, manifest)
    for expected in manifest.files:
        verify_file(runtime_dir / expected.name, expected)


def copy_runtime(runtime_dir: Path, destination: Path, manifest: RuntimeManifest) -> CopiedRuntime:
    """Verify each file the site needs, then copy it to ``destination``.

    The source is verified before copying (not the copy afterwards): the copy is a
    plain byte copy, and hashing 12 MB twice would only slow every build down.
    """
    verify_runtime(runtime_dir, manifest)
    destination.mkdir(parents=True, exist_ok=True)
    names = []
    total = 0
    for expected in manifest.site_files:
        shutil.copyfile(runtime_dir / expected.name, destination / expected.name)
        names.append(expected.name)
        total += expected.size
    return CopiedRuntime(directory=destination, files=tuple(names), bytes=total)
