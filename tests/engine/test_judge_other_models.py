"""Pods of other Merlin models in a ``kubectl get pods -A`` listing: when the rest of the paste
names the reporter's model, the failing rows of models it names nowhere else are someone
else's deployment, not this one's failure (diagnoser/judge.py ``_other_models``)."""

from __future__ import annotations

from diagnoser import diagnose

ROWS = """\
$ kubectl get pods -A | grep predictor
fraudlab    fraud-scorer-3-r4-predictor-00004-deployment-6b8d9-h2kqz   2/2  Running           0            47m
marketing   lead-scoring-11-r2-predictor-00002-deployment-7c9f8-9wz5d  1/2  CrashLoopBackOff  14 (2m ago)  51m
"""


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_rows_of_a_model_the_paste_names_nowhere_else_are_set_aside() -> None:
    note = "I deployed fraud-scorer-3 this morning and want to check it is fine:\n\n"
    assert ids(note + ROWS) == []


def test_without_a_named_model_every_failing_row_still_counts() -> None:
    assert "container-crash" in ids(ROWS)


def test_a_named_failing_model_keeps_its_rows() -> None:
    note = "why does lead-scoring-11 keep restarting?\n\n"
    assert "container-crash" in ids(note + ROWS)


def test_the_model_named_without_its_version_counts() -> None:
    note = "our fraud-scorer endpoint, is it healthy?\n\n"
    assert ids(note + ROWS) == []
