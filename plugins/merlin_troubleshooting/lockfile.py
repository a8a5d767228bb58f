"""Write the site's own ``pyodide-lock.json``: the runtime's lock plus the diagnoser wheel.

With the wheel registered by name, the lock is the one place that says which file is
the diagnoser and what its sha256 is: the worker looks ``merlin-diagnoser`` up in it,
fetches that file from beside the lock while Pyodide is still starting, checks the
sha256 recorded here and unpacks it (``pyodide.loadPackage("merlin-diagnoser")`` would
read the same entry, but only once the runtime is up, which costs ~200 ms).

Why not ``pyodide_lock.PyodideLockSpec`` / ``add_wheels_to_spec``: pyodide-lock 0.1.2's
models forbid unknown fields and require ``info.version``, while Pyodide 314's lock has
a top-level ``tool`` table, a ``tool`` field on every package and no ``info.version``,
so parsing it fails. The entry for one dependency-free pure-Python wheel is small, so it
is written here as plain JSON; every field of the runtime's lock is kept untouched. The
tests cross-check the entry against ``pyodide_lock.utils.package_spec_from_wheel``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from merlin_troubleshooting.wheel import IMPORT_NAME, BuiltWheel


@dataclass(frozen=True)
class SiteLock:
    path: Path
    package_count: int
    entry: dict[str, Any]


def wheel_entry(wheel: BuiltWheel) -> dict[str, Any]:
    """The lock entry for the wheel, in the same shape as the runtime's own entries."""
    return {
        "name": wheel.name,
        "version": wheel.version,
        "file_name": wheel.file_name,  # relative: resolved against the lock file's folder
        "install_dir": "site",
        "sha256": wheel.sha256,
        "package_type": "package",
        "imports": [IMPORT_NAME],
        "depends": [],  # the engine is stdlib-only
        "unvendored_tests": False,
    }


def merge_lock(runtime_lock: dict[str, Any], wheel: BuiltWheel) -> dict[str, Any]:
    """A copy of the runtime's lock with the wheel added (or replacing an older entry)."""
    if "packages" not in runtime_lock or "info" not in runtime_lock:
        raise ValueError("not a pyodide-lock.json: expected 'info' and 'packages'")
    merged = dict(runtime_lock)
    merged["packages"] = {**runtime_lock["packages"], wheel.name: wheel_entry(wheel)}
    return merged


def minimal_lock(info: dict[str, Any]) -> dict[str, Any]:
    """A lock with no packages, for a runtime loaded from a URL when node_modules is absent.

    Enough for the analyzer: the engine is stdlib-only and the worker loads nothing but
    the diagnoser wheel (no ``loadPackagesFromImports``).
    """
    return {"info": dict(info), "packages": {}}


def site_lock_bytes(runtime_lock: Path | dict[str, Any], wheel: BuiltWheel) -> bytes:
    """The site lock's exact bytes: known before the pages are rendered, so they can carry its sha256."""
    if isinstance(runtime_lock, Path):
        runtime_lock = json.loads(runtime_lock.read_text(encoding="utf-8"))
    merged = merge_lock(runtime_lock, wheel)
    return json.dumps(merged, separators=(",", ":"), sort_keys=True).encode("utf-8")


def write_site_lock(runtime_lock: Path | dict[str, Any], wheel: BuiltWheel, destination: Path) -> SiteLock:
    """Add the wheel to the runtime's lock (a path or parsed JSON), write it compactly to ``destination``."""
    data = site_lock_bytes(runtime_lock, wheel)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(data)
    merged = json.loads(data)
    return SiteLock(
        path=destination, package_count=len(merged["packages"]), entry=merged["packages"][wheel.name]
    )
