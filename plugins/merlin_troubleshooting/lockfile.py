"""Write the site's own ``pyodide-lock.json``: the runtime's lock plus the diagnoser wheel.

With the wheel registered by name, the lock is the one place that says which file is
the diagnoser and what its sha256 is: the worker looks ``merlin-diagnoser`` up in it,
fetches that file from beside the lock while Pyodide is still starting, checks the
sha256 recorded here and unpacks it.

The lock is read, extended and written by ``pyodide-lock`` (0.2.x, pinned in
requirements.lock; it needs Python 3.12+ and is the library behind
``pyodide lockfile add-wheels``): ``PyodideLockSpec.from_json`` parses Pyodide 314's lock
(its ``tool`` tables included), ``add_wheels_to_spec`` makes the wheel's entry from the
wheel itself (name, version, sha256, top-level imports, dependencies checked against the
lock) and ``PyodideLockSpec.to_json`` writes the file. The entry's ``file_name`` is relative
to the lock's folder, where the wheel is served.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyodide_lock import PyodideLockSpec
from pyodide_lock.spec import InfoSpec
from pyodide_lock.utils import add_wheels_to_spec

from merlin_troubleshooting.wheel import BuiltWheel


@dataclass(frozen=True)
class SiteLock:
    path: Path
    package_count: int
    entry: dict[str, Any]


def read_lock(runtime_lock: Path | dict[str, Any]) -> PyodideLockSpec:
    """The runtime's lock (a path or parsed JSON), validated by pyodide-lock."""
    try:
        if isinstance(runtime_lock, Path):
            return PyodideLockSpec.from_json(runtime_lock)
        return PyodideLockSpec.from_dict(runtime_lock)
    except (ValueError, TypeError, KeyError) as error:
        raise ValueError(f"not a pyodide-lock.json pyodide-lock can read: {error}") from None


def minimal_lock(info: dict[str, Any]) -> dict[str, Any]:
    """A lock with no packages, for a runtime loaded from a URL when node_modules is absent.

    Enough for the analyzer: the engine is stdlib-only and the worker loads nothing but
    the diagnoser wheel (no ``loadPackagesFromImports``).
    """
    return PyodideLockSpec(info=InfoSpec.from_dict(dict(info)), packages={}).to_dict()


def with_wheel(runtime_lock: Path | dict[str, Any], wheel: BuiltWheel) -> PyodideLockSpec:
    """The runtime's lock with the wheel added (or replacing an older entry of the same name)."""
    spec = read_lock(runtime_lock)
    spec.packages.pop(wheel.name, None)
    return add_wheels_to_spec(spec, [wheel.path], base_path=wheel.path.parent)


def site_lock_bytes(runtime_lock: Path | dict[str, Any], wheel: BuiltWheel) -> bytes:
    """The site lock's exact bytes, as pyodide-lock writes them: known before the pages are
    rendered, so they can carry its sha256."""
    spec = with_wheel(runtime_lock, wheel)
    with tempfile.TemporaryDirectory(prefix="merlin-lock-") as tmp:
        path = Path(tmp) / "pyodide-lock.json"
        spec.to_json(path)
        return path.read_bytes()


def write_site_lock(runtime_lock: Path | dict[str, Any], wheel: BuiltWheel, destination: Path) -> SiteLock:
    """Add the wheel to the runtime's lock (a path or parsed JSON), write it to ``destination``."""
    data = site_lock_bytes(runtime_lock, wheel)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(data)
    merged = json.loads(data)
    return SiteLock(
        path=destination, package_count=len(merged["packages"]), entry=merged["packages"][wheel.name]
    )
