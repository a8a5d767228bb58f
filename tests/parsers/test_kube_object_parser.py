import json

from parsers_helpers import facts_of, sample


def test_pod_yaml_container_states_with_key_lines():
    facts = facts_of(sample("pod.yaml"))
    assert facts.kinds == ["kubectl-yaml"]
    assert facts.pod_name == "churn-model-2-predictor-00001-deployment-7d9f8c6b5-x2k4p"
    assert (facts.namespace, facts.pod_phase) == ("team-risk", "Running")
    container = facts.containers["kserve-container"]
    by_phase = {s.phase: s for s in container.states}
    assert (by_phase["last"].reason, by_phase["last"].exit_code, by_phase["last"].line) == (
        "OOMKilled",
        137,
        52,
    )
    assert (by_phase["current"].state, by_phase["current"].reason, by_phase["current"].line) == (
        "waiting",
        "CrashLoopBackOff",
        61,
    )
    assert container.restart_count == 6 and container.ready is False


def test_pod_yaml_resources_probes_and_init_containers():
    facts = facts_of(sample("pod.yaml"))
    container = facts.containers["kserve-container"]
    assert container.limits == {"cpu": "2", "memory": "512Mi"}
    assert container.requests == {"cpu": "500m", "memory": "512Mi"}
    probe = container.probes[0]
    assert (probe.kind, probe.action, probe.path, probe.port, probe.line) == (
        "liveness",
        "http-get",
        "/v1/models/churn-model-2",
        "8080",
        11,
    )
    assert facts.containers["storage-initializer"].init is True
    assert facts.containers["queue-proxy"].probes[0].action == "tcp-socket"


def test_pod_yaml_folded_quoted_condition_message_is_joined():
    facts = facts_of(sample("pod.yaml"))
    ready = next(c for c in facts.conditions if c.type == "Ready")
    assert ready.message == "containers with unready status: [kserve-container queue-proxy]"
    assert (ready.status, ready.reason, ready.line) == ("False", "ContainersNotReady", 41)


def test_pod_json_gives_same_kind_of_facts_with_located_lines():
    text = sample("pod.json")
    facts = facts_of(text)
    assert facts.kinds == ["kubectl-json"]
    state = facts.containers["kserve-container"].states[0]
    assert (state.state, state.reason) == ("waiting", "ImagePullBackOff")
    assert '"reason": "ImagePullBackOff"' in text.splitlines()[state.line - 1]
    probe = facts.containers["kserve-container"].probes[0]
    assert (probe.kind, probe.port, probe.path) == ("readiness", "8080", "/v1/models/fraud-scorer-1")
    assert facts.pod_phase == "Pending"


def test_truncated_json_is_repaired_with_a_note():
    facts = facts_of(sample("pod_truncated.json"))
    assert facts.pod_name == "fraud-scorer-1-predictor-00001-deployment-abc12"
    assert facts.containers["kserve-container"].limits["memory"] == "1Gi"
    assert any("truncated" in note for note in facts.notes)


def test_damaged_json_falls_back_to_line_scan_for_container_reason():
    lines = sample("pod.json").splitlines()
    # Break the JSON early (a stray brace) but keep the status lines.
    lines.insert(3, "    }}}")
    facts = facts_of("\n".join(lines))
    assert any("JSON" in note for note in facts.notes)
    reasons = [s.reason for c in facts.containers.values() for s in c.states]
    assert "ImagePullBackOff" in reasons


def test_objects_printed_one_after_another_are_each_read_whole():
    # jq '.status.containerStatuses[] | {name, state, lastState}' prints one object per item.
    items = [
        {"name": "queue-proxy", "ready": True, "state": {"running": {}}, "lastState": {}},
        {
            "name": "transformer",
            "ready": False,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}},
        },
    ]
    facts = facts_of("\n".join(json.dumps(item, indent=2) for item in items))
    states = {(s.phase, s.reason) for s in facts.containers["transformer"].states}
    assert states == {("current", "CrashLoopBackOff"), ("last", "OOMKilled")}
    assert not facts.containers["queue-proxy"].states or all(
        s.reason is None for s in facts.containers["queue-proxy"].states
    )
    assert not any("damaged" in note for note in facts.notes)


def test_one_line_json_object_is_recognised_and_read():
    obj = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "churn-model-2-x"},
        "status": {
            "phase": "Failed",
            "reason": "Evicted",
            "message": "The node was low on resource: memory.",
        },
    }
    facts = facts_of("some words before\n" + json.dumps(obj) + "\n")
    assert ("kubectl-json", 2, 2) in [(s.kind, s.start, s.end) for s in facts.segments]
    assert (facts.pod_reason, facts.pod_line) == ("Evicted", 2)


def test_inference_service_model_status_becomes_two_conditions():
    facts = facts_of(sample("isvc.yaml"))
    model = next(c for c in facts.conditions if c.type == "ModelStatus")
    assert (model.status, model.reason) == ("False", "FailedToLoad")
    assert "transitionStatus=BlockedByFailedLoad" in model.message
    failure = next(c for c in facts.conditions if c.type == "ModelLastFailure")
    # The block's message (line 23) and reason (line 24) are its text: it starts at the first.
    assert (failure.reason, failure.line) == ("ModelLoadFailed", 23)
    assert failure.message.startswith("Failed to load model")


def test_inference_service_conditions_with_folded_plain_message():
    facts = facts_of(sample("isvc.yaml"))
    predictor = next(c for c in facts.conditions if c.type == "PredictorReady")
    assert predictor.reason == "RevisionFailed" and predictor.line == 17
    assert "failed with message: Container failed with: Traceback" in predictor.message


def test_list_with_knative_revision_and_event_items():
    facts = facts_of(sample("revision_list.yaml"))
    healthy = facts.conditions[0]
    assert (healthy.type, healthy.reason, healthy.line) == ("ContainerHealthy", "ContainerMissing", 12)
    assert "MANIFEST_UNKNOWN" in healthy.message
    event = facts.events[0]
    assert (event.reason, event.count, event.object, event.type) == (
        "Failed",
        4,
        "pod/fraud-scorer-1-predictor-00001-deployment-abc12",
        "Warning",
    )


def test_job_yaml_conditions_and_template_containers():
    text = (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: team-risk-churn-model-2-3\n  namespace: mlp\n"
        "spec:\n  template:\n    spec:\n      containers:\n      - name: pyfunc-image-builder\n"
        "        image: gcr.io/kaniko-project/executor:v1.21.0\n        resources:\n          limits:\n"
        '            memory: 2Gi\nstatus:\n  conditions:\n  - type: Failed\n    status: "True"\n'
        "    reason: DeadlineExceeded\n    message: Job was active longer than specified deadline\n"
    )
    facts = facts_of(text)
    assert facts.containers["pyfunc-image-builder"].limits == {"memory": "2Gi"}
    cond = facts.conditions[0]
    assert (cond.type, cond.status, cond.reason, cond.line) == ("Failed", "True", "DeadlineExceeded", 19)
    assert facts.pod_name is None


def test_events_projected_without_their_list_or_involved_object_are_events_spanning_their_keys():
    facts = facts_of(
        '- lastTimestamp: "2026-12-01T10:02:07Z"\n'
        "  message: >-\n"
        "    Liveness probe failed: HTTP probe failed with\n"
        "    statuscode: 503\n"
        "  reason: Unhealthy\n"
        "  count: 14\n"
        "  type: Warning\n"
    )
    (event,) = facts.events
    assert (event.reason, event.count, event.type) == ("Unhealthy", 14, "Warning")
    assert event.message == "Liveness probe failed: HTTP probe failed with statuscode: 503"
    assert (event.line, event.end_line) == (2, 7)


def test_a_mapping_with_a_reason_and_message_but_no_event_only_key_is_not_an_event():
    facts = facts_of("- type: Warning\n  reason: Unhealthy\n  message: probe failed\n")
    assert facts.events == []
