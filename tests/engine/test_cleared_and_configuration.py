"""Two readings that keep a passed or quoted failure from being reported.

A load error that a later request to the model answered with 200 was caught or retried
(``cleared_by`` in the catalog, ``engine._not_cleared``); in Logs-tab output only a line of
the same pod clears it. And the configuration of a whole Kubernetes object (a ConfigMap's
files, the spec, annotations) is what people wrote, never output (``kube_object``).
"""

from __future__ import annotations

from diagnoser import diagnose

LOAD_ERROR = (
    "Traceback (most recent call last):\n"
    '  File "/opt/app/model.py", line 22, in initialize\n'
    "    self._model = joblib.load(path)\n"
    "AttributeError: Can't get attribute 'Featurizer' on <module '__main__'>\n"
)
SERVED = 'INFO:     10.4.2.17:51234 - "POST /v1/models/churn-3:predict HTTP/1.1" 200 OK\n'


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def prefixed(pod: str, text: str) -> str:
    return "".join(f"[{pod}][kserve-container] 2026-11-30T10:00:00Z {line}\n" for line in text.splitlines())


def test_a_load_error_followed_by_a_served_predict_request_has_passed() -> None:
    assert "model-load-error" not in ids(LOAD_ERROR + SERVED)


def test_a_request_served_before_the_load_error_does_not_clear_it() -> None:
    assert ids(SERVED + LOAD_ERROR)[0] == "model-load-error"


def test_a_health_check_or_server_start_does_not_clear_a_load_error() -> None:
    started = (
        'INFO:     Uvicorn running on http://0.0.0.0:8080\nINFO:     10.0.0.1:1 - "GET / HTTP/1.1" 200 OK\n'
    )
    assert ids(LOAD_ERROR + started)[0] == "model-load-error"


def test_another_pod_serving_does_not_clear_this_pods_load_error() -> None:
    text = prefixed("churn-3-r1-predictor-abc12-x1y2z", LOAD_ERROR) + prefixed(
        "churn-2-r4-predictor-def34-q7w8e", SERVED
    )
    assert ids(text)[0] == "model-load-error"


def test_the_same_pod_serving_clears_its_own_load_error() -> None:
    pod = "churn-3-r1-predictor-abc12-x1y2z"
    assert "model-load-error" not in ids(prefixed(pod, LOAD_ERROR + SERVED))


def test_the_users_own_request_outside_the_logs_clears_a_logged_error() -> None:
    text = (
        prefixed("churn-3-r1-predictor-abc12-x1y2z", LOAD_ERROR)
        + "$ curl -s -X POST .../v1/models/churn-3:predict\n"
        + SERVED
    )
    assert "model-load-error" not in ids(text)


CONFIGMAP = """\
apiVersion: v1
data:
  oom.md: |
    If the pod shows OOMKilled, raise the memory request.
  pull.md: |
    ErrImagePull with "manifest unknown" means the tag does not exist.
kind: ConfigMap
metadata:
  annotations:
    note: "Back-off restarting failed container is expected during rollouts"
  name: runbook
"""


def test_a_configmaps_files_and_annotations_are_not_output() -> None:
    assert ids(CONFIGMAP) == []


def test_a_configmap_whose_data_is_its_last_key_is_bounded_by_the_document() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runbook\n"
    text += "data:\n  oom.md: |\n    OOMKilled means ...\n"
    assert ids(text) == []


def test_a_pods_status_after_its_spec_is_still_read() -> None:
    pod = """\
apiVersion: v1
kind: Pod
metadata:
  name: churn-3-r1-predictor-00001-deployment-7d9f8-4xk2p
spec:
  containers:
  - name: kserve-container
    args: ["--note", "OOMKilled"]
status:
  phase: Running
  containerStatuses:
  - name: kserve-container
    ready: false
    restartCount: 3
    state:
      waiting:
        reason: CrashLoopBackOff
    lastState:
      terminated:
        exitCode: 137
        reason: OOMKilled
"""
    assert ids(pod)[0] == "oomkilled"


def endpoint(status: str) -> str:
    return (
        "{\n"
        '  "id": "c3d9e0a2",\n'
        f'  "status": "{status}",\n'
        '  "environment_name": "id-staging",\n'
        '  "message": "timeout creating inference service",\n'
        '  "url": "http://churn-3.team.models.example.com/v1/models/churn-3"\n'
        "}\n"
    )


def test_a_running_merlin_endpoints_old_message_is_history() -> None:
    assert ids(endpoint("running")) == [] and ids(endpoint("serving")) == []


def test_a_failed_merlin_endpoints_message_is_its_error() -> None:
    assert ids(endpoint("failed"))[0] == "deployment-timeout"


def test_a_pending_deployment_refusal_is_over_once_the_endpoint_is_shown_running() -> None:
    refusal = (
        'HTTP response body: {"error":"Request validation failed: there is `%s` deployment for the model version"}\n'  # noqa: E501
        "In [8]: [e.status for e in v12.list_endpoint()]\nOut[8]: [<Status.RUNNING: 'running'>]\n"
    )
    assert [f.id for f in diagnose(refusal % "pending").findings] == []
    assert [f.id for f in diagnose(refusal % "running").findings] == ["deployment-conflict"]
