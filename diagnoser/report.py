"""The result of an analysis, and its two renderings: JSON and readable text.

The JSON shape is a contract shared by the CLI's ``--json``, the browser analyzer
and anyone scripting around ``merlin-diagnose``; add fields, never rename them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from diagnoser.catalog.schema import GENERAL_STEPS_URL
from diagnoser.model import COMPONENT_LABELS


@dataclass(frozen=True)
class Evidence:
    line: int  # 1-based line number in the pasted text
    text: str  # that line as pasted (ANSI codes removed, long lines shortened)


@dataclass
class Finding:
    id: str
    title: str
    stage: str
    confidence: str  # high / medium / low, from the kind of evidence
    url: str  # docs page path with #id anchor, relative to the site root
    summary: str
    component: str | None
    facts: dict[str, Any]
    fact_labels: dict[str, str]
    evidence: list[Evidence]
    steps: list[str]
    explained_by: str | None = None
    role: str = "cause"
    because: str | None = None  # why it ranks where it does (evidence-driven order)
    # Each step as parts: template text (may hold `code` spans) and facts from the paste,
    # which a surface must show as plain text (a fact can hold backticks or markup).
    step_parts: list[list[dict[str, Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class LooksWrong:
    """A line that looks like a failure when no known error matched."""

    line: int
    text: str
    why: str


@dataclass(frozen=True)
class Missing:
    """What to paste next to settle the diagnosis, with the names from the paste filled in."""

    text: str
    command: str | None = None


@dataclass
class InputSummary:
    kind: str  # the single kind, "mixed" or "unrecognised"
    kinds: list[str]
    lines: int
    first_line: int = 1
    truncated: bool = False
    containers: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # distinct event reasons seen
    conditions: list[str] = field(default_factory=list)  # "Type=Status (Reason)"
    notes: list[str] = field(default_factory=list)
    kind_labels: list[str] = field(default_factory=list)  # human names of ``kinds``
    summary: str = ""  # what was read, e.g. "kubectl describe pod (fragment), Merlin History message"


@dataclass
class Report:
    input: InputSummary
    findings: list[Finding]
    general_steps_url: str = GENERAL_STEPS_URL
    looks_wrong: list[LooksWrong] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    # engine / catalog / runtime versions (``diagnoser.versions``) when the installed catalog
    # was used: a report filed as wrong names exactly what produced it.
    versions: dict[str, str] | None = None

    @property
    def message(self) -> str:
        """One sentence for the top of the result: what was found, or why nothing was."""
        if not self.input.kinds:
            return (
                "The input is empty: paste a History error message, Logs tab output or kubectl describe pod."
            )
        if not self.findings:
            if self.looks_wrong:
                return (
                    "No known error matched, but the paste shows a failure: see what looks wrong below "
                    "and the general troubleshooting steps."
                )
            return "No known error matched. " + _recognised_sentence(self.input)
        root = [f for f in self.findings if f.explained_by is None] or self.findings
        count = len(self.findings)
        noun = "known error" if count == 1 else "known errors"
        return f"Found {count} {noun}; most likely cause: {root[0].title}."

    def to_dict(self) -> dict[str, Any]:
        findings = []
        for finding in self.findings:
            data = asdict(finding)
            data["evidence"] = [asdict(e) for e in finding.evidence]
            findings.append(data)
        return {
            "input": asdict(self.input),
            "findings": findings,
            "message": self.message,
            "general_steps_url": self.general_steps_url,
            "looks_wrong": [asdict(item) for item in self.looks_wrong],
            "missing": [asdict(item) for item in self.missing],
            **({"versions": dict(self.versions)} if self.versions else {}),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _recognised_sentence(summary: InputSummary) -> str:
    parts = [f"Recognised: {summary.summary or ', '.join(summary.kinds)} ({summary.lines} lines)"]
    if summary.containers:
        parts.append(f"containers: {', '.join(summary.containers)}")
    if summary.events:
        parts.append(f"events: {', '.join(summary.events)}")
    return "; ".join(parts) + ". See the general troubleshooting steps."


# ----------------------------------------------------------------------------- text

_STYLES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "green": "32", "cyan": "36"}
_CONFIDENCE_STYLE = {"high": "red", "medium": "yellow", "low": "dim"}


def to_text(report: Report, color: bool = False, base_url: str = "") -> str:
    """Readable report for a terminal; ``color`` adds ANSI styles."""

    def style(text: str, *names: str) -> str:
        if not color:
            return text
        codes = ";".join(_STYLES[n] for n in names)
        return f"\x1b[{codes}m{text}\x1b[0m"

    summary = report.input
    out = [style(report.message, "bold")]
    described = f"Input: {summary.summary or summary.kind}"
    out.append(style(f"{described}, {summary.lines} lines", "dim"))
    out.extend(style(f"Note: {note}", "yellow") for note in summary.notes)
    for number, finding in enumerate(report.findings, 1):
        out.append("")
        head = f"{number}. {finding.title}  [{finding.id}, {finding.confidence} confidence]"
        out.append(style(head, "bold", _CONFIDENCE_STYLE[finding.confidence]))
        if finding.explained_by:
            out.append(style(f"   Symptom, explained by: {finding.explained_by}", "dim"))
        if finding.because:
            out.append(style(f"   Why here: {finding.because}", "dim"))
        out.append(f"   {finding.summary}")
        if finding.component:
            out.append(f"   Component: {COMPONENT_LABELS.get(finding.component, finding.component)}")
        for name, value in finding.facts.items():
            if name == "component":
                continue
            out.append(f"   {finding.fact_labels.get(name, name)}: {value}")
        if finding.evidence:
            out.append(style("   Evidence:", "bold"))
            out.extend(f"   {style(f'{e.line:>6}', 'cyan')} | {e.text}" for e in finding.evidence)
        if finding.steps and not finding.explained_by:
            out.append(style("   Steps:", "bold"))
            out.extend(f"   {n}. {step}" for n, step in enumerate(finding.steps, 1))
        out.append(f"   More: {base_url}{finding.url}")
    if report.looks_wrong:
        out.append("")
        out.append(style("What looks wrong:", "bold"))
        out.extend(
            f"   {style(f'{item.line:>6}', 'cyan')} | {item.text}  ({item.why})"
            for item in report.looks_wrong
        )
    if report.missing:
        out.append("")
        out.append(style("To settle it, paste also:", "bold"))
        for item in report.missing:
            out.append(f"   - {item.text}" + (f"\n       {item.command}" if item.command else ""))
    if not report.findings and summary.kinds:
        out.append(f"General troubleshooting steps: {base_url}{report.general_steps_url}")
    return "\n".join(out) + "\n"
