"""Readiness failures printed after the kubelet began stopping the pod's containers are the
server draining, not a failing probe (diagnoser/judge.py ``_probes_while_stopping``)."""

from __future__ import annotations

from diagnoser import diagnose

KILLING = (
    "  Normal   Killing    31s   kubelet  Stopping container kserve-container\n"
    "  Normal   Killing    31s   kubelet  Stopping container queue-proxy\n"
)
READINESS = (
    "  Warning  Unhealthy  {age}   kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503\n"
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_a_readiness_failure_after_stopping_is_draining() -> None:
    assert ids(KILLING + READINESS.format(age="29s")) == []


def test_a_readiness_failure_before_stopping_still_counts() -> None:
    assert "probe-failure" in ids(READINESS.format(age="5m") + KILLING)


def test_many_readiness_failures_are_not_draining() -> None:
    rows = KILLING + READINESS.format(age="29s").replace("Unhealthy  29s", "Unhealthy  29s (x40 over 20m)")
    assert "probe-failure" in ids(rows)


def test_a_liveness_failure_after_stopping_still_counts() -> None:
    rows = KILLING + READINESS.format(age="29s").replace("Readiness", "Liveness")
    assert "probe-failure" in ids(rows)
