"""Root cause first; symptoms after what explains them; the fallback only when alone."""

from __future__ import annotations

from diagnoser.catalog import load_catalog
from diagnoser.rank import Candidate, rank


def candidates(*specs: tuple[str, str, int]) -> list[Candidate]:
    catalog = load_catalog()
    return [Candidate(error=catalog.get(i), confidence=c, first_line=n) for i, c, n in specs]


def test_cause_ranks_before_the_symptoms_it_explains() -> None:
    ranked = rank(
        candidates(
            ("probe-failure", "high", 1),
            ("container-crash", "high", 2),
            ("deployment-timeout", "high", 3),
            ("oomkilled", "high", 40),
        )
    )
    assert [c.error.id for c in ranked] == [
        "oomkilled",
        "container-crash",
        "probe-failure",
        "deployment-timeout",
    ]
    by_id = {c.error.id: c for c in ranked}
    assert by_id["oomkilled"].explained_by is None
    assert by_id["container-crash"].explained_by == "oomkilled"
    assert by_id["probe-failure"].explained_by == "oomkilled"
    assert by_id["deployment-timeout"].explained_by == "oomkilled"


def test_deployment_timeout_alone_is_the_answer() -> None:
    ranked = rank(candidates(("deployment-timeout", "high", 1)))
    assert ranked[0].error.id == "deployment-timeout"
    assert ranked[0].explained_by is None


def test_fallback_is_explained_by_any_specific_finding() -> None:
    ranked = rank(candidates(("deployment-timeout", "high", 1), ("admission-denied", "high", 1)))
    assert [c.error.id for c in ranked] == ["admission-denied", "deployment-timeout"]
    assert ranked[1].explained_by == "admission-denied"


def test_unrelated_causes_are_both_roots_ordered_by_confidence() -> None:
    ranked = rank(candidates(("image-not-found", "medium", 1), ("evicted", "high", 9)))
    assert [c.error.id for c in ranked] == ["evicted", "image-not-found"]
    assert all(c.explained_by is None for c in ranked)


def test_a_cause_in_one_component_does_not_explain_a_failure_in_another() -> None:
    catalog = load_catalog()

    def found(error_id: str, line: int, component: str) -> Candidate:
        return Candidate(error=catalog.get(error_id), confidence="high", first_line=line, component=component)

    ranked = rank(
        [
            found("oomkilled", 20, "transformer"),
            found("model-load-error", 30, "model"),
            found("container-crash", 5, "model"),
        ]
    )
    by_id = {c.error.id: c for c in ranked}
    assert by_id["model-load-error"].explained_by is None
    assert by_id["container-crash"].explained_by == "model-load-error"
    assert by_id["oomkilled"].explained_by is None


def test_a_faint_cause_does_not_outrank_a_plain_cause_it_would_explain() -> None:
    ranked = rank(candidates(("gpu-out-of-memory", "low", 3), ("model-load-error", "high", 9)))
    assert [c.error.id for c in ranked] == ["model-load-error", "gpu-out-of-memory"]
    assert all(c.explained_by is None for c in ranked)
    # seen plainly, the same cause explains the load error as before
    ranked = rank(candidates(("gpu-out-of-memory", "high", 3), ("model-load-error", "high", 9)))
    assert [c.error.id for c in ranked] == ["gpu-out-of-memory", "model-load-error"]
    assert ranked[1].explained_by == "gpu-out-of-memory"
