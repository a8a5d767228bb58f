"""The pipeline: normalise -> recognise -> parse facts -> match catalog -> rank -> report.

``diagnose`` is the one call every surface uses (CLI, docs plugin checks, the
browser worker). It never raises for anything a user can paste: problems with the
input become notes in the report.
"""

from __future__ import annotations

from typing import Any

from diagnoser.catalog import Catalog, KnownError, load_catalog
from diagnoser.catalog.schema import CONFIDENCES
from diagnoser.match import Hit, Matcher
from diagnoser.model import Facts
from diagnoser.normalise import Document, normalise
from diagnoser.parsers import parse
from diagnoser.rank import Candidate, rank
from diagnoser.recognise import recognise
from diagnoser.report import Evidence, Finding, InputSummary, Report

MAX_EVIDENCE_LINES = 8


def diagnose(data: str | bytes, catalog: Catalog | None = None, *, lines_before: int = 0) -> Report:
    """Analyse a paste and report every known error found in it, root cause first.

    ``lines_before``: lines of the input the caller already dropped (the CLI keeps only
    the end of a huge file), so evidence line numbers still count from its top.
    """
    catalog = catalog or load_catalog()
    doc = normalise(data, lines_before=lines_before)
    if not doc.text.strip():
        return Report(input=InputSummary(kind="empty", kinds=[], lines=0, notes=doc.notes), findings=[])
    segments = recognise(doc)
    facts = parse(doc, segments)
    matcher = Matcher(doc, facts)

    # Each error's hits, strongest first: their facts and component win where hits disagree.
    hits_by_id: dict[str, list[Hit]] = {}
    for error in catalog.errors:
        hits = matcher.hits(error)
        if hits:
            hits_by_id[error.id] = sorted(hits, key=lambda hit: CONFIDENCES.index(hit.signal.confidence))

    candidates = [
        Candidate(
            error=catalog.get(error_id),
            confidence=_confidence(hits),
            first_line=_first_line(hits),
            component=_component(hits),
        )
        for error_id, hits in hits_by_id.items()
    ]
    findings = [_finding(c, hits_by_id[c.error.id], doc) for c in rank(candidates)]
    return Report(input=_input_summary(doc, facts), findings=findings)


def _confidence(strongest_first: list[Hit]) -> str:
    return strongest_first[0].signal.confidence


def _component(strongest_first: list[Hit]) -> str | None:
    """The component the strongest hit that names one points at."""
    return next((hit.component for hit in strongest_first if hit.component), None)


def _first_line(hits: list[Hit]) -> int:
    lines = [line for hit in hits for line in hit.lines]
    return min(lines) if lines else 0


def _finding(candidate: Candidate, strongest_first: list[Hit], doc: Document) -> Finding:
    error = candidate.error
    merged: dict[str, Any] = {}
    for hit in strongest_first:
        for name, value in hit.facts.items():
            if value is not None and value != "" and name not in merged:
                merged[name] = value
    component = candidate.component
    if component:
        merged["component"] = component
    shown = {name: merged[name] for name in error.facts if name in merged}
    return Finding(
        id=error.id,
        title=error.title,
        stage=error.stage,
        confidence=candidate.confidence,
        url=error.url,
        summary=error.summary,
        component=component,
        facts=shown,
        fact_labels=dict(error.facts),
        evidence=_evidence(strongest_first, doc),
        steps=_steps(error, merged, component),
        explained_by=candidate.explained_by,
        role=error.role,
    )


def _evidence(hits: list[Hit], doc: Document) -> list[Evidence]:
    lines = sorted({line for hit in hits for line in hit.lines})[:MAX_EVIDENCE_LINES]
    return [Evidence(line=line, text=doc.original_line(line)) for line in lines]


def _steps(error: KnownError, facts: dict[str, Any], component: str | None) -> list[str]:
    # Unknown component: show every step, since we cannot tell which ones apply.
    chosen = [step for step in error.steps if component is None or step.applies_to(component)]
    return [step.render(facts) for step in chosen]


def _input_summary(doc: Document, facts: Facts) -> InputSummary:
    kinds = facts.kinds
    kind = kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "unrecognised")
    reasons: list[str] = []
    for event in facts.events:
        if event.reason not in reasons:
            reasons.append(event.reason)
    conditions = [f"{c.type}={c.status}" + (f" ({c.reason})" if c.reason else "") for c in facts.conditions]
    return InputSummary(
        kind=kind,
        kinds=kinds,
        lines=doc.line_count,
        first_line=doc.first_line,
        truncated=doc.truncated,
        containers=list(facts.containers),
        events=reasons,
        conditions=conditions[:20],
        notes=[*doc.notes, *facts.notes],
    )
