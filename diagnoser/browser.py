"""The browser worker's one entry point into the engine.

The worker (``analyzer-worker.mjs``) calls ``analyze(text, options_json)`` and posts back
the JSON string it returns, so everything the page shows is computed here in Python and
the worker stays a thin transport. ``options_json`` is a JSON object; unknown keys are
ignored so page and engine can be upgraded independently.
"""

from __future__ import annotations

import json

from diagnoser.engine import diagnose


def analyze(text: str, options_json: str = "{}") -> str:
    """Report JSON for ``text``; ``options`` is reserved for sharing/redaction options."""
    try:
        options = json.loads(options_json or "{}")
    except ValueError:
        options = {}
    if not isinstance(options, dict):
        options = {}
    return diagnose(text).to_json(indent=None)
