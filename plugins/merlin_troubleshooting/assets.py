"""Files written next to the pages: ``catalog.json`` and the analyzer's own assets.

``catalog.json`` lets other tools (the Merlin UI, scripts) link a known error to its
section without parsing HTML: ``<site root>/<url>`` is the section of each id.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diagnoser.catalog import Catalog
from diagnoser.catalog.schema import DOCS_PAGE, GENERAL_STEPS_URL

ASSETS_SOURCE = Path(__file__).with_name("assets")
ANALYZER_FILES = ("analyzer.js", "analyzer-worker.mjs", "analyzer.css")


@dataclass(frozen=True)
class CopiedAssets:
    directory: Path
    files: tuple[str, ...]


def catalog_index(catalog: Catalog, version: str) -> dict[str, Any]:
    return {
        "version": version,
        "page": DOCS_PAGE,
        "general_steps_url": GENERAL_STEPS_URL,
        "errors": [
            {"id": e.id, "title": e.title, "stage": e.stage, "summary": e.summary, "url": e.url}
            for e in sorted(catalog.errors, key=lambda e: e.id)
        ],
    }


def write_catalog_index(catalog: Catalog, version: str, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(catalog_index(catalog, version), indent=2, ensure_ascii=False, sort_keys=True)
    destination.write_text(text + "\n", encoding="utf-8")
    return destination


def copy_analyzer_assets(destination: Path, source: Path = ASSETS_SOURCE) -> CopiedAssets:
    destination.mkdir(parents=True, exist_ok=True)
    missing = [name for name in ANALYZER_FILES if not (source / name).is_file()]
    if missing:
        raise FileNotFoundError(f"analyzer assets missing from {source}: {', '.join(missing)}")
    for name in ANALYZER_FILES:
        shutil.copyfile(source / name, destination / name)
    return CopiedAssets(directory=destination, files=ANALYZER_FILES)
