"""A report as Markdown, for sharing: the CLI's ``--format markdown`` and the page's "Copy as Markdown".

The same text on both surfaces, so a diagnosis pasted into an issue or a chat looks the same
wherever it came from. Pasted data (evidence lines, facts, lines that look wrong) is shown as
data: inside code fences longer than any backtick run in it, or with Markdown punctuation
escaped, so a crafted paste cannot turn itself into formatting, links or a fake fix step.
Repeated lines are collapsed with a count ("(x412)") so a noisy log does not bury the line
that matters.

The report is read defensively (attributes or dict keys, every newer field optional): the
engine's report grows fields (``because``, ``step_parts``, ``looks_wrong``, ``missing``,
``input.summary``) and this module must work with the report of any engine version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls (incl. U+009B, the 8-bit CSI), and the
# bidirectional overrides a paste could use to make text read differently than it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Mid-line, only these can start formatting, a link, HTML or an entity (a line never starts
# with pasted text here, so list, heading and quote markers need no escape).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")
_BACKTICKS = re.compile(r"`+")
MAX_LINE_CHARS = 500


def strip_controls(text: str) -> str:
    """``text`` without terminal control characters (ESC, BEL, BS, C1, ...); tabs become spaces."""
    return _UNSAFE.sub("", text.replace("\t", "    ")) if _UNSAFE.search(text) or "\t" in text else text


def escape(text: str) -> str:
    """Pasted text as plain Markdown text: no formatting, links or HTML can come out of it."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", strip_controls(text).replace("\r", " ").replace("\n", " "))


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def collapse(lines: Iterable[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """(first line number, text, count) for each distinct text, in order of first appearance."""
    seen: dict[str, list[int]] = {}
    for number, text in lines:
        entry = seen.get(text)
        if entry is None:
            seen[text] = [number, 1]
        else:
            entry[1] += 1
    return [(number, text, count) for text, (number, count) in seen.items()]


def _fence(lines: list[str]) -> list[str]:
    """A fenced block holding ``lines`` as they are: the fence outlasts any backtick run inside."""
    longest = max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


def _shorten(text: str) -> str:
    text = strip_controls(text).rstrip()
    return text if len(text) <= MAX_LINE_CHARS else text[: MAX_LINE_CHARS - 1] + "…"


def _numbered_lines(entries: list[tuple[int, str, int]]) -> list[str]:
    width = max((len(str(number)) for number, _, _ in entries), default=1)
    out = []
    for number, text, count in entries:
        suffix = f"  (x{count})" if count > 1 else ""
        out.append(f"{number:>{width}} | {_shorten(text)}{suffix}")
    return out


def _link(base_url: str, path: str) -> str:
    if not path:
        return ""
    if re.match(r"[a-z][a-z0-9+.-]*://", path):
        return path
    return base_url + path.lstrip("/") if base_url else path


def _step(step: Any, parts: Any) -> str:
    """One fix step: catalog text as Markdown (its `code` spans kept), pasted facts as plain text.

    A fact outside a code span is escaped; inside one (the catalog's "`kubectl logs <pod>`"),
    escapes do not work, so its backticks become apostrophes and it cannot close the span.
    """
    if not (isinstance(parts, list) and parts):
        return strip_controls(str(step)).replace("\n", " ")
    out = []
    in_code = False
    for part in parts:
        text = strip_controls(str(_get(part, "text", "") or "")).replace("\n", " ")
        if _get(part, "fact", False):
            out.append(text.replace("`", "'") if in_code else escape(text))
        else:
            out.append(text)
            in_code ^= len(_BACKTICKS.findall(text)) % 2 == 1
    return "".join(out)


def _input_line(summary: Any) -> str:
    described = _get(summary, "summary")
    if not described:
        labels = _get(summary, "kind_labels") or _get(summary, "kinds") or []
        described = ", ".join(str(label) for label in labels) or str(_get(summary, "kind", "unrecognised"))
    lines = _get(summary, "lines", 0)
    text = f"**Input:** {escape(str(described))}, {lines} line{'s' if lines != 1 else ''}"
    first = _get(summary, "first_line", 1) or 1
    if first > 1:
        text += f" (from line {first})"
    return text + "."


def _finding(number: int, finding: Any, base_url: str) -> list[str]:
    title = strip_controls(str(_get(finding, "title", "")))
    out = [
        f"### {number}. {title}",
        "",
        f"`{_get(finding, 'id', '')}` · {_get(finding, 'confidence', '')} confidence"
        + (f" · stage: {_get(finding, 'stage')}" if _get(finding, "stage") else ""),
        "",
    ]
    explained_by = _get(finding, "explained_by")
    if explained_by:
        out += [f"Symptom, explained by `{explained_by}`.", ""]
    summary = _get(finding, "summary")
    if summary:
        out += [strip_controls(str(summary)), ""]
    because = _get(finding, "because")
    if because:
        out += [f"*Why here:* {escape(str(because))}", ""]
    facts = _get(finding, "facts") or {}
    labels = _get(finding, "fact_labels") or {}
    if facts:
        out += [
            f"- **{escape(str(labels.get(name, name)))}:** {escape(str(value))}"
            for name, value in facts.items()
        ]
        out.append("")
    evidence = _get(finding, "evidence") or []
    if evidence:
        entries = collapse((int(_get(e, "line", 0) or 0), str(_get(e, "text", ""))) for e in evidence)
        out += ["**Evidence** (line numbers in the paste):", "", *_fence(_numbered_lines(entries)), ""]
    steps = _get(finding, "steps") or []
    step_parts = _get(finding, "step_parts") or []
    if steps and not explained_by:
        out += ["**Steps:**", ""]
        for index, step in enumerate(steps):
            parts = step_parts[index] if index < len(step_parts) else None
            out.append(f"{index + 1}. {_step(step, parts)}")
        out.append("")
    url = _link(base_url, str(_get(finding, "url", "") or ""))
    if url:
        out += [f"More: [{title}]({url})", ""]
    return out


def to_markdown(report: Any, base_url: str = "", redaction: Any = None) -> str:
    """The report as Markdown. ``redaction``: a ``diagnoser.redact.Redaction`` the report was
    made from, to say what was replaced (by kind and count, never the values)."""
    summary = _get(report, "input")
    message = _get(report, "message") or ""
    out = ["## Merlin troubleshooting: diagnosis", "", strip_controls(str(message)), ""]
    if summary is not None:
        out += [_input_line(summary), ""]
        for note in _get(summary, "notes") or []:
            out.append(f"> Note: {escape(str(note))}")
        if _get(summary, "notes"):
            out.append("")
    if redaction is not None:
        out += [_redaction_line(redaction), ""]
    findings = _get(report, "findings") or []
    for number, finding in enumerate(findings, 1):
        out += _finding(number, finding, base_url)
    looks_wrong = _get(report, "looks_wrong") or []
    if looks_wrong:
        entries = collapse(
            (int(_get(item, "line", 0) or 0), str(_get(item, "text", ""))) for item in looks_wrong
        )
        whys = {}
        for item in looks_wrong:
            whys.setdefault(str(_get(item, "text", "")), str(_get(item, "why", "") or ""))
        out += ["### What looks wrong", "", *_fence(_numbered_lines(entries)), ""]
        reasons = [why for why in dict.fromkeys(whys.values()) if why]
        out += [f"- {escape(why)}" for why in reasons]
        if reasons:
            out.append("")
    missing = _get(report, "missing") or []
    if missing:
        out += ["### What to paste next", ""]
        for item in missing:
            text = escape(str(_get(item, "text", "")))
            command = _get(item, "command")
            out.append(f"- {text}" + (f": {_code(str(command))}" if command else ""))
        out.append("")
    general = _get(report, "general_steps_url")
    if not findings and general and summary is not None and _get(summary, "kinds"):
        out += [f"General troubleshooting steps: {_link(base_url, str(general))}", ""]
    out.append(f"*Analysed offline by merlin-diagnose {_version()}.*")
    return "\n".join(out).rstrip("\n") + "\n"


def _code(text: str) -> str:
    """``text`` as one inline code span, however many backticks it holds."""
    text = strip_controls(text).replace("\n", " ")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _redaction_line(redaction: Any) -> str:
    summary = redaction.summary() if hasattr(redaction, "summary") else list(redaction or [])
    if not summary:
        return "**Redacted:** nothing needed replacing."
    by_kind: dict[str, int] = {}
    for item in summary:
        kind = str(_get(item, "kind", ""))
        by_kind[kind] = by_kind.get(kind, 0) + 1
    kinds = ", ".join(
        f"{count} {kind}{'s' if count != 1 and not kind.endswith('s') else ''}"
        for kind, count in by_kind.items()
    )
    return f"**Redacted:** names, addresses and secrets were replaced by placeholders ({kinds})."


def _version() -> str:
    try:
        from diagnoser import __version__
    except ImportError:  # a partial install: the version is only decoration
        return ""
    return __version__
