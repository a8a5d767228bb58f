"""Readings that keep near misses from a confident wrong answer (batch ad): events in time
order whatever order they were pasted in, a Job's failed try next to one that completed, a
completed init container in the History pod table, an earlier attempt quoted above the
reporter's note of a fix, and an InferenceService's status cut from its header."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.judge import chronological
from diagnoser.model import Event

POD = "pod/churn-3-r1-predictor-00001-deployment-7d9f8b6c5d-4xk2p"


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_events_pasted_newest_first_are_read_oldest_first_by_their_ages() -> None:
    events = [
        Event("Started", "", age=20),
        Event("Scheduled", "", age=60),
        Event("FailedScheduling", "", age=90),
    ]
    assert [e.reason for e in chronological(events)] == ["FailedScheduling", "Scheduled", "Started"]
    assert chronological(list(reversed(events))) == list(reversed(events))  # already in order


def test_a_scheduling_failure_listed_below_the_start_that_followed_it_is_history() -> None:
    rows = (
        f"2m4s    Normal    Started            {POD}   Started container kserve-container\n"
        f"2m31s   Normal    Scheduled          {POD}   Successfully assigned team/x to node-1\n"
        f"3m40s   Normal    TriggeredScaleUp   {POD}   pod triggered scale-up: [{{pool 2->3 (max: 6)}}]\n"
        f"3m52s   Warning   FailedScheduling   {POD}   0/5 nodes are available: 5 Insufficient memory.\n"
        "LAST SEEN   TYPE      REASON             OBJECT   MESSAGE\n"
    )
    assert "insufficient-resources" not in ids(rows)


def test_a_jobs_failed_try_next_to_a_completed_one_is_history() -> None:
    rows = (
        "NAME                   READY   STATUS      RESTARTS   AGE\n"
        "route-eta-12-4-7xk2p   0/1     Error       0          16m\n"
        "route-eta-12-4-q9d4m   0/1     Completed   0          13m\n"
    )
    assert ids(rows) == []
    assert "container-crash" in ids(rows.replace("Completed", "Error    "))


def test_the_failed_container_is_the_model_not_the_completed_init_container() -> None:
    history = (
        "error deploying inference service (churn-3-r1): timeout waiting inference service to be ready\n\n"
        "Pod container status:\n"
        "┌─────────────────────┬────────────┬───────────┬───────────┐\n"
        "│ CONTAINER NAME      │ STATUS     │ EXIT CODE │ REASON    │\n"
        "├─────────────────────┼────────────┼───────────┼───────────┤\n"
        "│ storage-initializer │ Terminated │ 0         │ Completed │\n"
        "│ kserve-container    │ Terminated │ 1         │ Error     │\n"
        "└─────────────────────┴────────────┴───────────┴───────────┘\n\n"
        "Pod last termination message:\n"
        "FileNotFoundError: [Errno 2] No such file or directory: '/mnt/models/model.joblib'\n"
    )
    assert ids(history)[0] == "model-load-error"


def test_a_quoted_failure_above_a_fix_and_healthy_pods_is_the_earlier_attempt() -> None:
    text = (
        "this is what History said:\n"
        "Pod container status:\n"
        "kserve-container   Terminated   137   OOMKilled\n\n"
        "fixed by raising memory to 6Gi, redeployed, it's up now:\n"
        "NAME                                                           READY   STATUS    RESTARTS   AGE\n"
        "churn-3-r1-predictor-00002-deployment-5d7f8c9b6-2wq8n   2/2     Running   0          6m\n"
    )
    assert "oomkilled" not in ids(text)


def test_an_inference_service_status_cut_from_status_is_read_as_one() -> None:
    text = (
        "Status:\n"
        "  Conditions:\n"
        "    Last Transition Time:  2026-12-02T17:45:31Z\n"
        '    Message:               Revision "churn-3-r1-predictor-00001" failed with message: '
        "0/6 nodes are available: 6 Insufficient cpu.\n"
        "    Reason:                RevisionFailed\n"
        "    Severity:              Info\n"
        "    Status:                False\n"
        "    Type:                  PredictorConfigurationReady\n"
    )
    report = diagnose(text)
    assert "kserve-status" in report.input.kinds
    assert report.findings[0].id == "insufficient-resources"


def describe_isvc(ready: str, *events: str) -> str:
    header = (
        "Name:         churn-3-r1\nNamespace:    team\nAPI Version:  serving.kserve.io/v1beta1\n"
        "Kind:         InferenceService\nStatus:\n  Conditions:\n"
        "    Last Transition Time:  2026-12-02T17:45:31Z\n"
        f"    Status:                {ready}\n    Type:                  Ready\nEvents:\n"
        "  Type     Reason                 Age                From                Message\n"
        "  ----     ------                 ----               ----                -------\n"
    )
    return header + "".join(f"  {event}\n" for event in events)


OLD_FAILURE = (
    "Warning  InternalError          51m (x4 over 55m)  v1beta1Controllers  fails to reconcile predictor: "
    'Revision "churn-3-r1-predictor-00001" failed with message: Container failed with: Traceback '
    "(most recent call last): ModuleNotFoundError: No module named 'lightgbm'."
)
READY = (
    "Normal   InferenceServiceReady  40m                v1beta1Controllers  "
    "InferenceService [churn-3-r1] is Ready"
)
REFUSED = (
    "Warning  InternalError          5m                 v1beta1Controllers  fails to reconcile predictor: "
    'Internal error occurred: failed calling webhook "webhook.serving.knative.dev": failed to call webhook: '
    'Post "https://webhook.knative-serving.svc:443/defaulting?timeout=10s": dial tcp 10.52.2.18:443: '
    "connect: connection refused"
)


def test_describe_isvc_events_are_read_as_events_and_a_later_ready_settles_them() -> None:
    report = diagnose(describe_isvc("True", OLD_FAILURE, READY))
    assert report.findings == []
    assert "InferenceServiceReady" in str(report.input)


def test_a_reconcile_error_without_a_later_ready_event_still_counts() -> None:
    assert ids(describe_isvc("False", REFUSED))[:1] == ["webhook-unavailable"]
    assert "webhook-unavailable" not in ids(describe_isvc("True", REFUSED, READY.replace("40m", "1m")))


def _isvc_status(target: str, transition: str) -> str:
    return (
        "status:\n  conditions:\n  - lastTransitionTime: '2026-12-02T15:41:19Z'\n"
        '    message: \'Revision "fraud-3-r2-predictor-00002" failed with message: Unable to fetch image'
        ' "registry.example.io/ml/fraud-3:2": failed to resolve image to digest: GET'
        " https://registry.example.io/v2/ml/fraud-3/manifests/2: MANIFEST_UNKNOWN: manifest unknown.'\n"
        "    reason: RevisionFailed\n    status: 'False'\n    type: PredictorConfigurationReady\n"
        "  modelStatus:\n    lastFailureInfo:\n"
        "      message: \"Container failed with: ModuleNotFoundError: No module named 'lightgbm'\"\n"
        "      reason: ModelLoadFailed\n"
        f"    states:\n      activeModelState: ''\n      targetModelState: {target}\n"
        f"    transitionStatus: {transition}\n"
    )


def test_a_last_failure_kept_while_the_latest_revision_has_no_pod_is_an_earlier_attempts():
    found = ids(_isvc_status("Pending", "InProgress"))
    assert found[:1] == ["image-not-found"]
    assert "model-load-error" not in found


def test_a_last_failure_of_a_model_that_failed_to_load_is_current():
    assert "model-load-error" in ids(_isvc_status("FailedToLoad", "BlockedByFailedLoad"))


def test_a_last_failure_kept_while_the_model_container_runs_between_crashes_is_current():
    # KServe also sets targetModelState Pending while the container is Running between two
    # crashes of a crash loop, keeping the failure: that failure is the current one.
    status = _isvc_status("Pending", "InProgress").replace(
        'Unable to fetch image "registry.example.io/ml/fraud-3:2": failed to resolve image to digest: GET'
        " https://registry.example.io/v2/ml/fraud-3/manifests/2: MANIFEST_UNKNOWN: manifest unknown.",
        "Back-off restarting failed container kserve-container",
    )
    assert "Back-off restarting" in status
    assert ids(status)[:1] == ["model-load-error"]
    # And with no other condition saying why the latest revision has no pod.
    bare = "status:\n  modelStatus:\n" + _isvc_status("Pending", "InProgress").split("  modelStatus:\n")[1]
    assert ids(bare)[:1] == ["model-load-error"]


def test_a_described_inferenceservice_knows_its_kind_so_not_ready_is_the_timeout_fallback():
    report = diagnose(describe_isvc("False"))
    assert [(f.id, f.confidence) for f in report.findings] == [("deployment-timeout", "low")]
    # A describe cut after "Kind:" says nothing of the kind: a pod's Ready False is not a timeout.
    assert ids(describe_isvc("False").split("Status:\n", 1)[1]) == []
