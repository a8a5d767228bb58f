"""Order findings root cause first, and mark the symptoms a cause explains.

The catalog says which errors explain which (``explains``), and whether an error is
a root ``cause``, a ``symptom`` (CrashLoopBackOff, probe failures) or the
``fallback`` (``deployment-timeout``: the answer only when nothing more specific
turned up). Ranking never drops a finding: a symptom stays in the report, listed
after what explains it, so the user can still see every error the paste holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from diagnoser.catalog.schema import KnownError
from diagnoser.model import (
    COMPONENT_MODEL,
    COMPONENT_QUEUE_PROXY,
    COMPONENT_STORAGE_INITIALIZER,
    COMPONENT_UNKNOWN,
)

ROLE_ORDER = {"cause": 0, "symptom": 1, "fallback": 2}
CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass
class Candidate:
    """A known error the matcher found, before it becomes a ``Finding``."""

    error: KnownError
    confidence: str
    first_line: int
    component: str | None = None
    explained_by: str | None = None
    role: str | None = None  # the entry's role, or the one its matched evidence gives it
    explains: tuple[str, ...] | None = None  # the entry's explains plus what its evidence adds
    because: str | None = None  # why it ranks where it does, one sentence
    evidence_explains: tuple[str, ...] = ()  # what the matched evidence (not the entry) says it explains
    superseded: bool = False  # a refusal from an earlier attempt: a pod failed after it (engine)

    def __post_init__(self) -> None:
        if self.role is None:
            self.role = self.error.role
        if self.explains is None:
            self.explains = self.error.explains


def rank(candidates: list[Candidate]) -> list[Candidate]:
    """Return the candidates ordered for the report, with ``explained_by`` set."""
    ordered = sorted(candidates, key=_key)
    for candidate in ordered:
        candidate.explained_by = _explainer(candidate, ordered)
    depth = _depths(ordered)
    result = sorted(ordered, key=lambda c: (depth[c.error.id], *_key(c)))
    for candidate in result:
        if candidate.explained_by and candidate.because is None:
            cause = next(c for c in result if c.error.id == candidate.explained_by)
            candidate.because = f"{cause.error.title} explains it, so it is listed after that."
        elif candidate.because is None and candidate.role == "fallback" and candidate is result[0]:
            candidate.because = "Nothing more specific was found in the paste; this is the fallback answer."
    return result


def _key(candidate: Candidate) -> tuple[int, bool, int, int]:
    return (
        ROLE_ORDER[candidate.role],
        candidate.superseded,
        CONFIDENCE_ORDER[candidate.confidence],
        candidate.first_line,
    )


def _explainer(candidate: Candidate, ordered: list[Candidate]) -> str | None:
    """The best-ranked other finding that explains this one, if any."""
    for other in ordered:
        if other is not candidate and _explains(other, candidate):
            return other.error.id
    if candidate.role == "fallback":
        for other in ordered:
            if other.role != "fallback":
                return other.error.id
    return None


def _explains(cause: Candidate, effect: Candidate) -> bool:
    """``cause`` explains ``effect``: the catalog says so and both hit the same part.

    A transformer killed for memory does not explain the model failing to import a
    module: both are root causes and both need their own steps. Nor does a cause seen only
    faintly (low confidence: a CUDA OOM the model caught and retried) explain a cause the
    paste shows plainly (high): both stand, the plain one first.
    """
    if cause.error.id in effect.evidence_explains:
        return False  # the evidence reverses the catalog's usual order (a liveness kill causing a crash)
    if cause.confidence == "low" and effect.confidence == "high" and effect.role == "cause":
        return False  # a hint does not put itself above a cause the paste shows plainly
    return effect.error.id in cause.explains and _same_part(cause.component, effect.component)


# The model container, its Knative sidecar and the init container that downloads its
# artifact fail together; the transformer, the image builder and batch jobs are apart.
_PART = {COMPONENT_QUEUE_PROXY: COMPONENT_MODEL, COMPONENT_STORAGE_INITIALIZER: COMPONENT_MODEL}


def _same_part(first: str | None, second: str | None) -> bool:
    if first in (None, COMPONENT_UNKNOWN) or second in (None, COMPONENT_UNKNOWN):
        return True
    return _PART.get(first, first) == _PART.get(second, second)


def _depths(ordered: list[Candidate]) -> dict[str, int]:
    """For each finding, the length of the longest chain of present findings explaining it.

    Using the longest chain (not just ``explained_by``) keeps every explainer above
    what it explains: with OOMKilled, CrashLoopBackOff and a failing probe, the crash
    (which explains the probe failure) is listed before the probe failure.
    """
    memo: dict[str, int] = {}

    def depth(node: Candidate, trail: frozenset[str]) -> int:
        if node.error.id in memo:
            return memo[node.error.id]
        explainers = [
            other
            for other in ordered
            if other.error.id not in trail and (_explains(other, node) or node.explained_by == other.error.id)
        ]
        result = 1 + max((depth(o, trail | {node.error.id}) for o in explainers), default=-1)
        memo[node.error.id] = result
        return result

    return {candidate.error.id: depth(candidate, frozenset()) for candidate in ordered}
