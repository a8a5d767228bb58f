"""The three versions a report depends on: engine, catalog and runtime, stated the same everywhere.

Why: a diagnosis is only reproducible when all three are known. The site footer, the
site's ``catalog.json`` (``"versions"``) and ``merlin-diagnose --version`` print them from
this module, and a test checks that they agree.

- engine: the ``diagnoser`` package version (``diagnoser.__version__``);
- catalog: the first 12 hex digits of the sha256 of the compiled catalog JSON
  (``diagnoser.catalog.catalog_json()``, the exact text the browser wheel ships as
  ``compiled.json``), so any change to any known error changes it;
- runtime: the Pyodide version the analyzer is pinned to. The plugin's
  ``pyodide-runtime.json``, ``package.json`` and ``package-lock.json`` pin the files;
  this constant is the one place the engine can read it (the engine cannot see the
  plugin's files), and the plugin refuses a manifest that disagrees with it.

Stdlib-only, like the rest of the engine: it runs in Pyodide too.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

from diagnoser import __version__

ENGINE = __version__
RUNTIME = "314.0.7"  # Pyodide, as pinned in plugins/merlin_troubleshooting/pyodide-runtime.json
RUNTIME_NAME = "Pyodide"
CATALOG_DIGITS = 12


@dataclass(frozen=True)
class Versions:
    engine: str
    catalog: str
    runtime: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def describe(self) -> str:
        """One line, as ``merlin-diagnose --version`` and the site footer say it."""
        return f"engine {self.engine}, catalog {self.catalog}, runtime {RUNTIME_NAME} {self.runtime}"


def catalog_version(catalog_text: str) -> str:
    """The catalog's version: a content hash of its compiled JSON text."""
    return hashlib.sha256(catalog_text.encode("utf-8")).hexdigest()[:CATALOG_DIGITS]


def installed_catalog_text() -> str:
    """The compiled catalog this engine uses: the wheel's ``compiled.json``, else the YAML compiled now."""
    compiled = resources.files("diagnoser.catalog").joinpath("compiled.json")
    if compiled.is_file():
        return compiled.read_text(encoding="utf-8")
    from diagnoser.catalog import catalog_json  # needs PyYAML: a checkout or CLI install

    return catalog_json()


def versions(catalog_text: str | None = None, runtime: str = RUNTIME) -> Versions:
    """The versions for ``catalog_text`` (default: the catalog this engine uses)."""
    text = installed_catalog_text() if catalog_text is None else catalog_text
    return Versions(engine=ENGINE, catalog=catalog_version(text), runtime=runtime)


@lru_cache(maxsize=1)
def installed_versions() -> dict[str, str]:
    """The installed engine's versions, worked out once (every report carries them)."""
    return versions().to_dict()
