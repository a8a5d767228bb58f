"""Files written next to the pages: ``catalog.json``, the example pastes and the analyzer's assets.

``catalog.json`` lets other tools (the Merlin UI, scripts) link a known error to its
section without parsing HTML: ``<site root>/<url>`` is the section of each id. Its shape
is published as ``schemas/catalog.schema.json`` and checked against it on every build.

``examples/`` holds the made-up example pastes of ``diagnoser/examples/`` and an
``index.json`` list of ``{"title", "file", "finding"}`` (``file`` relative to the index),
for the analyzer page's "Try an example" and for readers who want a paste to try.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import diagnoser
from diagnoser.catalog import Catalog
from diagnoser.catalog.pages import page_for, url_for
from diagnoser.catalog.schema import DOCS_PAGE, GENERAL_STEPS_URL, Step
from merlin_troubleshooting.jsonschema_subset import violations

ASSETS_SOURCE = Path(__file__).with_name("assets")
EXAMPLES_SOURCE = Path(diagnoser.__file__).with_name("examples")
EXAMPLES_DIR = "examples"  # inside the site
CATALOG_SCHEMA = "schemas/catalog.schema.json"  # inside docs_dir, served at the same path
REPORT_SCHEMA = "schemas/report.schema.json"
ANALYZER_FILES = ("analyzer.js", "analyzer-worker.mjs", "analyzer.css")


@dataclass(frozen=True)
class CopiedAssets:
    directory: Path
    files: tuple[str, ...]


def step_text(step: Step) -> str:
    """A step as the docs show it: every ``{fact|fallback}`` becomes its general wording."""
    return step.render({})


def catalog_index(catalog: Catalog, version: str, versions: dict[str, str] | None = None) -> dict[str, Any]:
    """``catalog.json``; ``versions``: ``{"engine", "catalog", "runtime"}`` (``diagnoser.versions``)."""
    extra = {"versions": dict(versions)} if versions is not None else {}
    return {
        "version": version,
        **extra,
        "page": DOCS_PAGE,
        "general_steps_url": GENERAL_STEPS_URL,
        "errors": [
            {
                "id": e.id,
                "title": e.title,
                "stage": e.stage,
                "frequency": e.frequency,
                "summary": e.summary,
                "page": page_for(e),
                "url": url_for(e),
                "steps": [step_text(step) for step in e.steps],
            }
            for e in sorted(catalog.errors, key=lambda e: e.id)
        ],
    }


def write_catalog_index(
    catalog: Catalog, version: str, destination: Path, versions: dict[str, str] | None = None
) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    index = catalog_index(catalog, version, versions)
    text = json.dumps(index, indent=2, ensure_ascii=False, sort_keys=True)
    destination.write_text(text + "\n", encoding="utf-8")
    return destination


def check_catalog_index(index: dict[str, Any], schema_path: Path) -> None:
    """Fail the build if ``catalog.json`` does not match the schema the site publishes for it."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    problems = violations(index, schema)
    if problems:
        shown = "; ".join(str(p) for p in problems[:5])
        raise ValueError(f"catalog.json does not match {schema_path.name}: {shown}")


@dataclass(frozen=True)
class Example:
    title: str
    file: str
    finding: str


def load_examples(source: Path = EXAMPLES_SOURCE) -> list[Example]:
    """The example pastes listed in ``diagnoser/examples/index.json`` (each file must exist)."""
    listed = json.loads((source / "index.json").read_text(encoding="utf-8"))["examples"]
    examples = [Example(title=e["title"], file=e["file"], finding=e["finding"]) for e in listed]
    missing = [e.file for e in examples if not (source / e.file).is_file()]
    if missing:
        raise FileNotFoundError(f"example pastes listed in {source / 'index.json'} are missing: {missing}")
    return examples


def write_examples(destination: Path, source: Path = EXAMPLES_SOURCE) -> list[Example]:
    """Copy the example pastes into ``destination`` with a JSON list ``index.json`` of them."""
    examples = load_examples(source)
    destination.mkdir(parents=True, exist_ok=True)
    for example in examples:
        shutil.copyfile(source / example.file, destination / example.file)
    index = [{"title": e.title, "file": e.file, "finding": e.finding} for e in examples]
    (destination / "index.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    return examples


def copy_analyzer_assets(destination: Path, source: Path = ASSETS_SOURCE) -> CopiedAssets:
    destination.mkdir(parents=True, exist_ok=True)
    missing = [name for name in ANALYZER_FILES if not (source / name).is_file()]
    if missing:
        raise FileNotFoundError(f"analyzer assets missing from {source}: {', '.join(missing)}")
    for name in ANALYZER_FILES:
        shutil.copyfile(source / name, destination / name)
    return CopiedAssets(directory=destination, files=ANALYZER_FILES)
