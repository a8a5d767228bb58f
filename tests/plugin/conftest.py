"""Shared fixtures for the MkDocs plugin tests: a tiny catalog and a fake Pyodide runtime."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from merlin_troubleshooting.runtime import RuntimeManifest, load_manifest

from diagnoser.catalog.schema import Catalog, validate

REPO = Path(__file__).resolve().parents[2]
NODE_RUNTIME = REPO / "node_modules" / "pyodide"


def entry(error_id: str, stage: str, **extra) -> dict:
    data = {
        "id": error_id,
        "title": f"Title of {error_id}",
        "stage": stage,
        "summary": f"Summary of {error_id}.",
        "meaning": f"What {error_id} means.",
        "signals": [{"message": f"literal-{error_id}"}],
        "steps": [
            "Free {path|the disk} space.",
            {"text": "Ask the admin.", "when": {"component": ["model"]}},
        ],
        "components": ["model"],
    }
    data.update(extra)
    return data


@pytest.fixture
def tiny_catalog() -> Catalog:
    return validate(
        [
            entry("build-broke", "image-build", related=["everywhere"]),
            entry("deploy-broke", "deployment"),
            entry("everywhere", "both", explains=["deploy-broke"]),
        ]
    )


@pytest.fixture
def fake_runtime(tmp_path: Path) -> tuple[Path, RuntimeManifest]:
    """A runtime folder whose files match a manifest written for them."""
    runtime = tmp_path / "node_modules" / "pyodide"
    runtime.mkdir(parents=True)
    real = load_manifest()
    files = {}
    for pinned in real.files:
        data = pinned.name.encode() * 10
        if pinned.name == "pyodide-lock.json":
            data = json.dumps({"info": real.lock_info, "packages": {}, "tool": {"x": {"y": 1}}}).encode()
        (runtime / pinned.name).write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        files[pinned.name] = {"sha256": digest, "size": len(data), "site": pinned.site}
    (runtime / "package.json").write_text(json.dumps({"name": "pyodide", "version": real.version}))
    manifest_path = tmp_path / "manifest.json"
    manifest_path.write_text(
        json.dumps(
            {
                "package": "pyodide",
                "version": real.version,
                "python": real.python,
                "files": files,
                "lock_info": real.lock_info,
            }
        )
    )
    return runtime, load_manifest(manifest_path)
