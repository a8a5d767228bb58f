"""The reporter's own sentences are not pasted output: a finding only they support gives way
to what the output shows, and stands at low confidence when nothing else is pasted."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.narration import is_narration

PENDING = (
    "  Warning  FailedScheduling  3m (x7 over 26m)  default-scheduler  0/9 nodes are available: "
    "9 Insufficient memory. preemption: 0/9 nodes are available: 9 No preemption victims found."
)


def test_sentences_a_person_wrote_are_narration_and_log_lines_are_not() -> None:
    assert is_narration("After the OOMKilled last week I bumped memory to 24Gi in the config.")
    assert is_narration("Is this the quota again or something with the node pool?")
    assert is_narration("Hi all, after moving the model the pod never starts. kubectl says:")
    assert not is_narration("I1202 10:11:12.123456 1 server.go:42] OOMKilled container restarted")
    assert not is_narration("2026-12-01T10:00:00Z ERROR my handler failed: OOMKilled")
    assert not is_narration("Error: I/O timeout while reading the model from the bucket")
    assert not is_narration("  Warning  BackOff  1m  kubelet  Back-off restarting failed container")


def test_a_chat_quote_of_what_happened_earlier_today_is_narration() -> None:
    assert is_narration("it was OOMKilled again this morning")
    assert is_narration("the pod got OOMKilled again after the redeploy")
    assert not is_narration("Back-off restarting failed container, will try again in 5m0s")


def test_a_finding_only_narration_supports_gives_way_to_the_pasted_output() -> None:
    text = "It was OOMKilled last week so I raised the memory, now it is stuck:\n" + PENDING
    assert [f.id for f in diagnose(text).findings] == ["insufficient-resources"]


def test_narration_alone_still_answers_at_low_confidence() -> None:
    findings = diagnose("My model pod keeps getting OOMKilled after every deploy, any idea why?").findings
    assert [(f.id, f.confidence) for f in findings] == [("oomkilled", "low")]
