"""Batch ax readings: a runbook's "error -> action" entry, a dashboard counter at zero, a
Python source line that logs or raises a literal and a condition to check for are words
about an error; a reported question and "no X anywhere" state no failure; the same words as
output still give their finding."""

from __future__ import annotations

import pytest

from diagnoser import diagnose
from diagnoser.narration import tells_of_now
from diagnoser.not_output import inside_data, line_is_not_output


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("   - OOMKilled / 137            -> raise the memory request.", "OOMKilled"),
        (
            '   b. "error building pyfunc image: OOMKilled" -> raise the image builder memory.',
            "error building",
        ),
        ("  - state.waiting.reason = CrashLoopBackOff   => restarting with back-off", "CrashLoopBackOff"),
        ("Pod restarts (OOMKilled)            0", "OOMKilled"),
        ("Containers waiting: CrashLoopBackOff   0.0 %", "CrashLoopBackOff"),
        ("  1. kubectl describe pod: if Last State is OOMKilled (137), raise memory.", "OOMKilled"),
    ],
)
def test_mapping_entries_zero_counters_and_conditions_are_data(line: str, word: str) -> None:
    assert inside_data(line, line.index(word))


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("container kserve-container: Running -> OOMKilled", "OOMKilled"),  # the new state
        ("  Warning  BackOff  2m (x40 over 10m)  kubelet  Back-off restarting failed container", "Back-off"),
        ("OOMKilled containers in the last hour: 3", "OOMKilled"),
    ],
)
def test_states_after_an_arrow_and_nonzero_counts_still_speak(line: str, word: str) -> None:
    assert not inside_data(line, line.index(word))


@pytest.mark.parametrize(
    "line",
    [
        '            log.error("OOMKilled risk: model does not fit in memory")',
        '    raise RuntimeError(f"Unable to initialize model: {exc}") from exc',
        "print('CUDA out of memory, halving the batch')",
    ],
)
def test_python_source_that_logs_or_raises_a_literal_is_not_output(line: str) -> None:
    assert line_is_not_output(line)


def test_the_exception_line_under_the_source_line_still_speaks() -> None:
    assert not line_is_not_output("RuntimeError: Unable to initialize model: No module named 'xgboost'")


def test_a_question_someone_else_asked_states_no_failure() -> None:
    text = "Just posting the run because the reviewer asked why the log is full of OOMKilled."
    assert not tells_of_now(text, text.index("OOMKilled"))


def test_no_error_anywhere_is_a_denial() -> None:
    text = "Step 1: no OOMKilled anywhere. Step 2 below. Which container am I supposed to look at?"
    assert not tells_of_now(text, text.index("OOMKilled"))


def test_a_runbook_decision_tree_above_a_normal_rollout_gives_no_finding() -> None:
    text = (
        'a. "timeout building pyfunc image"  -> the build ran out of time; see step 4.\n'
        "   - CrashLoopBackOff           -> open the Logs tab, look for a Traceback.\n"
        "LAST SEEN   TYPE     REASON    OBJECT            MESSAGE\n"
        "2m          Normal   Started   pod/ranker-1-r1   Started container kserve-container\n"
    )
    assert ids(text) == []
