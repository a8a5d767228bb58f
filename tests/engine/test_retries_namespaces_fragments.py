"""A tool's numbered retry starts a new attempt; ``get events -A`` rows of namespaces the
paste names nowhere else are other teams'; a fragment without its container's name takes
the readiness of the pod its command names (diagnoser/attempts.py, diagnoser/judge.py)."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.attempts import attempt_starts
from diagnoser.normalise import normalise

WEBHOOK = (
    "2027-05-06 02:14:09,902 WARNING deploy: attempt 1/3 failed: error deploying inference service "
    '(geo-8-r1): Internal error occurred: failed calling webhook "inferenceservice.kserve-webhook-server.'
    'defaulter": failed to call webhook: Post "https://kserve-webhook-server-service.kserve.svc:443/mutate?'
    'timeout=10s": dial tcp 10.96.41.17:443: connect: connection refused\n'
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_a_numbered_retry_in_a_log_starts_an_attempt() -> None:
    text = WEBHOOK + "2027-05-06 02:14:39,944 INFO deploy: attempt 2/3: deploying geo version 8\n"
    assert attempt_starts(normalise(text)) == [2]


def test_attempt_without_a_total_is_no_counter() -> None:
    assert attempt_starts(normalise("2027-05-06 02:14:39 INFO the attempt 2 code path is used\n")) == []


def test_a_retry_that_deployed_leaves_the_first_attempts_webhook_error_behind() -> None:
    text = WEBHOOK + (
        "2027-05-06 02:14:39,944 INFO deploy: attempt 2/3: deploying geo version 8\n"
        "Model geo version 8 is deployed.\n"
    )
    assert ids(text) == []


def test_the_same_webhook_error_on_every_retry_stays() -> None:
    text = (
        WEBHOOK
        + WEBHOOK.replace("attempt 1/3", "attempt 2/3")
        + WEBHOOK.replace("attempt 1/3", "attempt 3/3")
    )
    assert ids(text)[:1] == ["webhook-unavailable"]


EVENTS = (
    "My model is in namespace lending.\n"
    "$ kubectl get events -A --field-selector type=Warning\n"
    "NAMESPACE     LAST SEEN   TYPE      REASON             OBJECT            MESSAGE\n"
    "team-vision   2m          Warning   FailedScheduling   pod/shelf-9-r2-x   "
    "0/14 nodes are available: 14 Insufficient cpu.\n"
    "lending       61s         Warning   FailedMount        pod/credit-6-r1-y  "
    'MountVolume.SetUp failed for volume "bureau-key" : secret "bureau-key" not found\n'
)


def test_warnings_of_namespaces_named_nowhere_else_are_set_aside() -> None:
    assert ids(EVENTS) == ["missing-secret-or-configmap"]


def test_with_no_namespace_named_every_row_counts() -> None:
    found = ids(EVENTS.replace("My model is in namespace lending.\n", ""))
    assert "insufficient-resources" in found and "missing-secret-or-configmap" in found


ROWS = """\
$ kubectl get pods -n media
NAME                                                         READY   STATUS             RESTARTS        AGE
thumb-6-r2-predictor-00002-deployment-84d7c6b9f5-x7lqm       1/2     CrashLoopBackOff   38 (2m ago)     19h
$ kubectl get pod -n media thumb-6-r2-predictor-00002-deployment-84d7c6b9f5-x7lqm -o json | jq .status
{
  "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}},
  "state": {"waiting": {"reason": "CrashLoopBackOff"}}
}
"""


def test_a_jq_selection_without_the_container_name_is_the_reporters_container() -> None:
    assert ids(ROWS)[:1] == ["oomkilled"]


def test_a_fragment_of_a_pod_running_and_ready_since_is_history() -> None:
    text = """\
$ kubectl get pods -n search
NAME                                                         READY   STATUS    RESTARTS       AGE
ranker-7-r1-predictor-00003-deployment-6d8f9b7c5-k2l3m       2/2     Running   1 (4d2h ago)   6d
$ kubectl describe pod -n search ranker-7-r1-predictor-00003-deployment-6d8f9b7c5-k2l3m | grep -A3 Last
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
"""
    assert ids(text) == []
