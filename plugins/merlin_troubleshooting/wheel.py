"""Build the browser wheel of the ``diagnoser`` package, reproducibly, with the stdlib.

Why not the standard ``build`` backend (``python -m build --wheel`` / ``pip wheel``): it
packages the *project* as pyproject.toml describes it (the plugin, the YAML catalog, the
fixtures, a fixed ``version = "0.1.0"``), while the browser needs only the engine's ``.py``
files, the pre-compiled catalog (Pyodide has no PyYAML) and the Pyodide-compiled
``__pycache__``, under a version that changes with the content. Getting that from
setuptools would take a second pyproject, a build hook that computes the version and
writes ``compiled.json``, and ``SOURCE_DATE_EPOCH`` for fixed timestamps; and it is slow:
measured on the 2-core development machine (Python 3.12, warm pip cache),
``python -m build --wheel --no-isolation`` of this project took 6.7 s and with its
isolated build env 7.7 s, against 0.04 s here, on every site build. A pure-Python wheel is
a zip with three metadata files (PEP 427 / PEP 491); ``pyodide-lock`` reads it like any
other (tests/plugin/test_plugin_lockfile.py).

Reproducible: entries sorted, timestamps fixed, permissions fixed, so the same sources
give the same bytes and the same sha256 in the lock file. The version carries a local
label made of the content hash (``0.1.0+<hash>``): the file name changes whenever the
engine or catalog does, so a browser can never pair a cached old wheel with a new lock.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

DIST_NAME = "merlin-diagnoser"
IMPORT_NAME = "diagnoser"
PROJECT_NAME = "merlin-troubleshooting"  # the source project whose version the wheel takes
TAG = "py3-none-any"
GENERATOR = "merlin-troubleshooting-plugin"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; fixed for reproducibility
COMPILED_CATALOG = "diagnoser/catalog/compiled.json"
CACHE_FILES = (".pyc", ".marshal")  # what ``compiled`` may add: pycs and the regex table


@dataclass(frozen=True)
class BuiltWheel:
    path: Path
    name: str  # canonical distribution name, as the lock file and loadPackage use it
    version: str
    sha256: str  # hex digest of the whole file, for the lock file's integrity check
    files: tuple[str, ...]  # archive names, in order

    @property
    def file_name(self) -> str:
        return self.path.name


def package_dir() -> Path:
    """Folder of the ``diagnoser`` package being shipped (the installed or checked-out one)."""
    spec = importlib.util.find_spec(IMPORT_NAME)  # locate without importing (no side effects)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {IMPORT_NAME!r} package is not importable; run `pip install -e .`")
    return Path(next(iter(spec.submodule_search_locations)))


def project_version() -> str:
    try:
        return metadata.version(PROJECT_NAME)
    except metadata.PackageNotFoundError:
        return "0.0.0"


def engine_sources(root: Path) -> dict[str, bytes]:
    """Every ``.py`` file of the package, keyed by archive name; no YAML, fixtures or caches."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if "__pycache__" in relative.parts or any(part.startswith(".") for part in relative.parts):
            continue
        sources[f"{IMPORT_NAME}/{relative.as_posix()}"] = path.read_bytes()
    if f"{IMPORT_NAME}/__init__.py" not in sources:
        raise FileNotFoundError(f"{root} is not the diagnoser package (no __init__.py)")
    return sources


def content_hash(payload: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(payload):
        digest.update(name.encode() + b"\0" + hashlib.sha256(payload[name]).digest())
    return digest.hexdigest()[:12]


def record_hash(data: bytes) -> str:
    """``sha256=<urlsafe base64, no padding>`` as RECORD wants it."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_metadata(version: str) -> dict[str, bytes]:
    dist_info = f"{DIST_NAME.replace('-', '_')}-{version}.dist-info"
    meta = "\n".join(
        [
            "Metadata-Version: 2.1",
            f"Name: {DIST_NAME}",
            f"Version: {version}",
            "Summary: Merlin known-error diagnoser (browser build: engine + compiled catalog)",
            "License: Apache-2.0",
            "Requires-Python: >=3.11",
            "",
        ]
    )
    wheel = "\n".join(
        ["Wheel-Version: 1.0", f"Generator: {GENERATOR}", "Root-Is-Purelib: true", f"Tag: {TAG}", ""]
    )
    top_level = IMPORT_NAME + "\n"
    return {
        f"{dist_info}/METADATA": meta.encode(),
        f"{dist_info}/WHEEL": wheel.encode(),
        f"{dist_info}/top_level.txt": top_level.encode(),
    }


def build_wheel(
    out_dir: Path,
    catalog_json: str,
    source_dir: Path | None = None,
    base_version: str | None = None,
    compiled: dict[str, bytes] | None = None,
) -> BuiltWheel:
    """Write ``merlin_diagnoser-<version>-py3-none-any.whl`` into ``out_dir`` and describe it.

    ``catalog_json`` is the compiled catalog text (``diagnoser.catalog.catalog_json()``);
    it is passed in so the caller compiles the catalog once per build. ``compiled`` adds
    ``__pycache__`` entries made by Pyodide's own Python (``precompile``: the pycs and the
    regex table), so the browser imports the engine without compiling it; they derive
    from the sources, so they do not change the version.
    """
    payload = engine_sources(source_dir or package_dir())
    payload[COMPILED_CATALOG] = catalog_json.encode("utf-8")
    version = f"{base_version or project_version()}+{content_hash(payload)}"
    for name in compiled or {}:
        cached = name.startswith(f"{IMPORT_NAME}/") and "/__pycache__/" in name
        if not (cached and name.endswith(CACHE_FILES)):
            raise ValueError(f"not an engine __pycache__ file: {name!r}")
    payload.update(compiled or {})
    dist_meta = wheel_metadata(version)
    record_name = f"{DIST_NAME.replace('-', '_')}-{version}.dist-info/RECORD"

    # Package files first, then .dist-info with RECORD last, as the wheel spec recommends.
    ordered = [*sorted(payload.items()), *sorted(dist_meta.items())]
    record_lines = [f"{name},{record_hash(data)},{len(data)}" for name, data in ordered]
    record_lines.append(f"{record_name},,")
    ordered.append((record_name, ("\n".join(record_lines) + "\n").encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{DIST_NAME.replace('-', '_')}-{version}-{TAG}.whl"
    _write_zip(path, ordered)
    return BuiltWheel(
        path=path,
        name=DIST_NAME,
        version=version,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        files=tuple(name for name, _ in ordered),
    )


def _write_zip(path: Path, entries: Iterable[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # regular file, rw-r--r--, whatever the umask
            info.create_system = 3  # Unix, so external_attr is read as mode bits everywhere
            archive.writestr(info, data, compresslevel=9)
