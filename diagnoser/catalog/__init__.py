"""The known-error catalog: loading, validating and compiling it.

The YAML files under ``errors/`` are the single source. In a source checkout or a
CLI install they are read with PyYAML; the browser wheel carries them pre-compiled as
``compiled.json`` (PyYAML is not available in Pyodide), which ``load_catalog`` prefers
when present. Both paths go through the same ``validate`` step.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from diagnoser.catalog.schema import (
    PREFILTER_KEY,
    Catalog,
    CatalogError,
    KnownError,
    Signal,
    Step,
    prefilter_of,
    validate,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "KnownError",
    "Signal",
    "Step",
    "catalog_json",
    "compile_catalog",
    "errors_dir",
    "load_catalog",
    "read_yaml_entries",
]

COMPILED_NAME = "compiled.json"


def errors_dir() -> Path:
    """Folder of the YAML sources (present in a checkout and a CLI install)."""
    return Path(__file__).with_name("errors")


def _no_duplicate_keys(base: type) -> type:
    """``base`` refusing a key given twice in one mapping. YAML keeps the last one silently,
    so a second ``unless:`` (a merge of two edits, a copy-paste) would drop the first."""
    import yaml

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node, deep=False):
            seen: set = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} is given twice in one mapping", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


def read_yaml_entries(directory: Path | None = None) -> list[dict]:
    """Read every ``<id>.yaml`` as a plain dict, sorted by file name.

    Build-time only: needs PyYAML. ``safe_load`` never builds Python objects.
    """
    import yaml

    directory = directory or errors_dir()
    loader = _no_duplicate_keys(getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: ~10x faster
    entries = []
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            try:
                data = yaml.load(handle, Loader=loader)
            except yaml.YAMLError as error:
                raise CatalogError(f"{path.name}: not valid YAML: {error}") from None
        if not isinstance(data, dict):
            raise CatalogError(f"{path.name}: expected a mapping at the top level")
        if data.get("id") != path.stem:
            raise CatalogError(f"{path.name}: the file name must be the id ({data.get('id')!r}.yaml)")
        entries.append(data)
    if not entries:
        raise CatalogError(f"no catalog entries found in {directory}")
    return entries


def compile_catalog(directory: Path | None = None) -> list[dict]:
    """YAML sources -> validated, JSON-ready list of entries (what the browser wheel ships),
    each message signal with its prefilter literals worked out here, once."""
    entries = read_yaml_entries(directory)
    catalog = validate(entries)  # raises CatalogError with the file and field at fault
    for entry, error in zip(entries, catalog.errors, strict=True):
        for item, signal in zip(entry["signals"], error.signals, strict=True):
            if signal.source == "message":
                item[PREFILTER_KEY] = prefilter_of(signal)
    return entries


def catalog_json(directory: Path | None = None) -> str:
    """The compiled catalog as JSON text, stable (sorted keys) so builds are reproducible."""
    return json.dumps(compile_catalog(directory), sort_keys=True, ensure_ascii=False, indent=1)


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalog the engine matches against, compiled once per process."""
    compiled = resources.files(__package__).joinpath(COMPILED_NAME)
    if compiled.is_file():  # the browser wheel: checked in full when the site was built
        return validate(json.loads(compiled.read_text(encoding="utf-8")), trusted=True)
    return validate(read_yaml_entries())
