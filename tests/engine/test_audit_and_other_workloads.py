"""Audit events carry the API's answer; an export's lines about other teams' pods, and keys
that name settings, are not the deployment's failure."""

import json

from diagnoser import diagnose
from diagnoser.not_output import inside_data


def _audit(verb: str, code: int, message: str | None, **extra: object) -> str:
    status: dict = {"metadata": {}, "code": code}
    if message is not None:
        status.update(status="Failure", message=message, reason="Forbidden")
    event = {
        "kind": "Event",
        "apiVersion": "audit.k8s.io/v1",
        "verb": verb,
        "objectRef": {"resource": "inferenceservices", "namespace": "ns", "name": "m-2-r1"},
        "responseStatus": status,
        **extra,
    }
    return json.dumps(event)


def test_an_audit_events_failed_answer_is_an_api_error_even_beside_the_request_object():
    request = {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {"name": "m-2-r1", "labels": {"team": "a"}},
        "spec": {"predictor": {"minReplicas": 1}},
    }
    denial = 'admission webhook "validation.gatekeeper.sh" denied the request: [need-label] missing label'
    found = diagnose(_audit("create", 403, denial, requestObject=request)).findings
    assert [f.id for f in found] == ["admission-denied"]
    assert found[0].confidence == "high"


def test_a_read_answered_404_before_a_create_answered_201_is_no_failure():
    text = "\n".join(
        [
            _audit("get", 404, 'inferenceservices.serving.kserve.io "m-2-r1" not found'),
            _audit("create", 201, None),
        ]
    )
    report = diagnose(text)
    assert report.findings == []
    assert not report.looks_wrong


def test_kubelet_lines_about_another_namespaces_pod_are_set_aside():
    merlin = "fin/pd-7-r1-predictor-00001-deployment-59c8d7e6f-wq4lt"
    other = "prometheus-k8s-1_monitoring(5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d)"
    text = "\n".join(
        [
            f'E1204 02:11:40.552311 1904 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to '
            f'\\"StartContainer\\" for \\"prometheus\\" with CrashLoopBackOff: \\"back-off 5m0s restarting '
            f'failed container=prometheus pod={other}\\"" pod="monitoring/prometheus-k8s-1"',
            f'I1204 02:18:21.305887 1904 kubelet.go:2511] "SyncLoop (probe)" probe="readiness" '
            f'status="ready" pod="{merlin}"',
        ]
    )
    assert diagnose(text).findings == []


def test_the_same_crash_loop_of_a_merlin_pod_is_kept():
    pod = "pd-7-r1-predictor-00001-deployment-59c8d7e6f-wq4lt"
    text = (
        'E1204 02:11:40.552311 1904 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to '
        '\\"StartContainer\\" for \\"kserve-container\\" with CrashLoopBackOff: \\"back-off 5m0s restarting '
        f"failed container=kserve-container pod={pod}_fin(5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d)"
        f'\\"" pod="fin/{pod}"'
    )
    assert "container-crash" in [f.id for f in diagnose(text).findings]


def test_a_key_naming_a_setting_holds_data_whatever_error_words_it_has():
    line = '  "error_budget_policy": "page-on-OOMKilled-or-CrashLoopBackOff"'
    assert inside_data(line, line.index("OOMKilled"))
    spoken = '  "error_message": "container was OOMKilled"'
    assert not inside_data(spoken, spoken.index("OOMKilled"))
