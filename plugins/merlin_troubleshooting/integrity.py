"""What the page tells the worker it may run: every file, with its sha256, fixed at build time.

Why in the page: the worker used to check the wheel against a lock file fetched from the
same server, so replacing both (or the stdlib, or the wasm) went unnoticed. Now the page
carries the hashes of the runtime JS, the wasm, the stdlib zips, the lock, the wheel and
the snapshot; the worker refuses any file whose digest differs and any fetch that is not
listed. The scripts on the page carry Subresource Integrity attributes (sha384).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def sri(data: bytes) -> str:
    """A Subresource Integrity value (``integrity="sha384-..."``)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def sri_file(path: Path) -> str:
    return sri(path.read_bytes())


@dataclass(frozen=True)
class SnapshotEntry:
    file: str  # served name (gzip), relative to the assets folder
    sha256: str  # of the *uncompressed* snapshot: checked whether or not the server decodes it
    bytes: int  # uncompressed size
    download: int  # size of the served file
    gz_sha256: str = ""  # of the served (gzip) file: cheaper to check when the worker gets it packed


@dataclass(frozen=True)
class BootManifest:
    """The worker's boot data: names are relative to the runtime folder or the assets folder."""

    runtime: dict[str, str]  # pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip -> sha256
    assets: dict[str, str]  # pyodide-lock.json, the wheel, the .pyc stdlib -> sha256
    wheel: str
    build_id: str
    stdlib_pyc: str | None = None
    snapshot: SnapshotEntry | None = None
    sri: dict[str, str] = field(default_factory=dict)  # page scripts: analyzer.js, worker, css

    def worker_data(self) -> dict[str, Any]:
        """The JSON the worker reads (``data-integrity`` and the worker URL's fragment)."""
        data: dict[str, Any] = {
            "v": 1,
            "runtime": dict(sorted(self.runtime.items())),
            "assets": dict(sorted(self.assets.items())),
            "wheel": self.wheel,
            "build_id": self.build_id,
            "stdlib_pyc": self.stdlib_pyc,
            "snapshot": None,
        }
        if self.snapshot is not None:
            data["snapshot"] = vars(self.snapshot).copy()
        return data

    def to_json(self) -> str:
        return json.dumps(self.worker_data(), separators=(",", ":"), sort_keys=True)

    def fragment(self) -> str:
        """URL-safe base64 of the JSON, for the worker URL's ``#boot=`` (no padding)."""
        return base64.urlsafe_b64encode(self.to_json().encode()).rstrip(b"=").decode()
