"""The browser worker's one entry point into the engine.

The worker (``analyzer-worker.mjs``) calls ``analyze(text, options_json)`` and posts back
the JSON string it returns, so everything the page shows is computed here in Python and
the worker stays a thin transport. ``options_json`` is a JSON object; unknown keys are
ignored so page and engine can be upgraded independently:

- ``{"redact": true}``: analyse the redacted paste (names, addresses, secrets replaced).
- ``{"share": true}``: add ``share`` to the report: ``{"markdown", "redacted_text",
  "replacements": [{"placeholder", "kind", "count"}]}``, always made from the redacted
  paste, so what the page offers to copy or link is redacted. ``replacements`` says what was
  replaced by kind and count, never the original values: those stay in the user's own box.
- ``{"share": "later"}``: no ``share`` in the report; the worker then calls ``share(text,
  options_json)`` for it and posts it as a second message, so the page shows the report
  without waiting for the redacted copy (a second ``diagnose``, as long as the first).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from diagnoser.engine import diagnose
from diagnoser.report import Report

if TYPE_CHECKING:
    from diagnoser.redact import Redaction

# diagnoser.redact and diagnoser.markdown are imported on first use, not with this module:
# the page shows a report before it asks for the redacted share copy, and importing them
# (about 30 regexes) is 40 to 60 ms of the analyzer's start in WebAssembly.


def analyze(text: str, options_json: str = "{}") -> str:
    """Report JSON for ``text``, shaped by ``options_json`` (see the module docstring)."""
    options = _options(options_json)
    want_redacted = options.get("redact") is True
    want_share = options.get("share") is True
    redaction = _redact(text) if want_redacted or want_share else None
    report = diagnose(redaction.text if want_redacted and redaction is not None else text)
    data = report.to_dict()
    if want_share and redaction is not None:
        shared = report if want_redacted else diagnose(redaction.text)
        data["share"] = _share_part(shared, redaction, options)
    return json.dumps(data, ensure_ascii=False)


def share(text: str, options_json: str = "{}") -> str:
    """The report's ``share`` object alone (JSON), made from the redacted ``text``.

    The worker calls it after posting the report asked for with ``{"share": "later"}``: the
    same object ``analyze`` would have put under ``share``, a moment later.
    """
    options = _options(options_json)
    redaction = _redact(text)
    return json.dumps(_share_part(diagnose(redaction.text), redaction, options), ensure_ascii=False)


def _redact(text: str) -> Redaction:
    from diagnoser.redact import redact

    return redact(text)


def _share_part(shared: Report, redaction: Redaction, options: dict[str, Any]) -> dict[str, Any]:
    from diagnoser.markdown import to_markdown

    return {
        "markdown": to_markdown(shared, base_url=str(options.get("base_url") or ""), redaction=redaction),
        "redacted_text": redaction.text,
        "replacements": redaction.summary(),
    }


def _options(options_json: str) -> dict[str, Any]:
    try:
        options = json.loads(options_json or "{}")
    except (ValueError, RecursionError):
        return {}
    return options if isinstance(options, dict) else {}
