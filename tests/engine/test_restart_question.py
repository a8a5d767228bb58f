"""A container restarted once and is ready again: its last termination is history, unless
the reporter asks why it restarted; then it is the answer (diagnoser/judge.py)."""

from __future__ import annotations

from diagnoser import diagnose

DESCRIBE = """\
  kserve-container:
    State:          Running
      Started:      Tue, 09 Mar 2027 03:41:52 +0000
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Tue, 09 Mar 2027 02:15:12 +0000
      Finished:     Tue, 09 Mar 2027 03:41:50 +0000
    Ready:          True
    Restart Count:  1
"""


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_one_old_restart_of_a_ready_container_is_history() -> None:
    assert ids(DESCRIBE) == []


def test_asked_why_it_restarted_the_last_termination_is_the_answer() -> None:
    question = "The on-call asked me why our model restarted at 03:41; it serves fine now.\n\n"
    assert ids(question + DESCRIBE)[:1] == ["oomkilled"]


def test_restart_words_in_output_are_not_a_question() -> None:
    noted = DESCRIBE.replace("Restart Count:  1", "Restart Count:  1  # why restart")
    assert ids("Why: see runbook\n" + noted) == []
