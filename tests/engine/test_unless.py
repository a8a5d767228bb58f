"""``unless``: a hit gives way to another finding, decided so that no finding vanishes for
a finding that itself gives way."""

from __future__ import annotations

from diagnoser.catalog.schema import Signal
from diagnoser.engine import _drop_unless
from diagnoser.match import Hit


def _hit(*unless: str, confidence: str = "high") -> Hit:
    return Hit(Signal(source="message", confidence=confidence, unless=tuple(unless)), [1])


def test_a_finding_whose_unless_names_only_absent_ids_still_outranks_the_generic_one() -> None:
    # disk-full's signal says "unless evicted"; no eviction is in the paste, so disk-full
    # stays, and the generic "Error: ErrImagePull" of image-not-found gives way to it.
    hits = {"disk-full": [_hit("evicted")], "image-not-found": [_hit("disk-full", confidence="medium")]}
    _drop_unless(hits)
    assert list(hits) == ["disk-full"]


def test_two_findings_that_each_give_way_to_the_other_both_stay() -> None:
    hits = {"a": [_hit("b")], "b": [_hit("a")]}
    _drop_unless(hits)
    assert sorted(hits) == ["a", "b"]


def test_a_finding_gives_way_to_one_that_keeps_a_hit_of_its_own() -> None:
    hits = {"pvc-unbound": [_hit("node-not-ready", confidence="low")], "node-not-ready": [_hit()]}
    _drop_unless(hits)
    assert list(hits) == ["node-not-ready"]
