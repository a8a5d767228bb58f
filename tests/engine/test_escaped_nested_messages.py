"""A runtime error nested in a parsed message keeps its own escaped quoting (runc's logrus
line inside a kubelet event); the message signals written with plain quotes still read it."""

from __future__ import annotations

from diagnoser import diagnose

RUNC_EVENT = (
    "  Warning  Failed  41s (x28 over 6m49s)  kubelet  Error: container create failed: "
    'time="2026-09-14T10:28:16Z" level=error msg="runc create failed: unable to start container '
    'process: exec: \\"serve-gnn\\": executable file not found in $PATH"\n'
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_escaped_quotes_inside_an_event_message_are_read_decoded() -> None:
    assert ids(RUNC_EVENT)[:1] == ["container-crash"]


def test_the_decoded_event_keeps_the_command_fact() -> None:
    finding = diagnose(RUNC_EVENT).findings[0]
    assert "serve-gnn" in str(finding.facts)


def test_an_exec_into_a_running_container_stays_unmatched_when_escaped() -> None:
    text = RUNC_EVENT.replace("runc create failed", "exec failed")
    assert "container-crash" not in ids(text)


def test_a_dra_claim_no_node_can_allocate_is_a_missing_gpu() -> None:
    row = (
        "3m  Warning  FailedScheduling  pod/vqa-1-predictor-00001-deployment-6c9d-x2k4q  "
        "0/3 nodes are available: 3 cannot allocate all claims. preemption: 0/3 nodes are "
        "available: 3 Preemption is not helpful for scheduling.\n"
    )
    assert ids(row)[:1] == ["gpu-unavailable"]
