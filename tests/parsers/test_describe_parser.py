from parsers_helpers import facts_of, sample

from diagnoser.parsers.describe import parse_probe


def test_describe_pod_identity_and_phase():
    facts = facts_of(sample("describe_pod_crashloop.txt"))
    assert facts.kinds == ["kubectl-describe-pod"]
    assert facts.pod_name == "churn-model-2-predictor-00001-deployment-7d9f8c6b5-x2k4p"
    assert facts.namespace == "team-risk"
    assert facts.pod_phase == "Running"
    assert facts.pod_line == 1


def test_describe_current_and_last_state_with_reason_lines():
    container = facts_of(sample("describe_pod_crashloop.txt")).containers["kserve-container"]
    current, last = container.states
    assert (current.phase, current.state, current.reason, current.line) == (
        "current",
        "waiting",
        "CrashLoopBackOff",
        33,
    )
    assert (last.phase, last.state, last.reason, last.exit_code, last.line) == (
        "last",
        "terminated",
        "OOMKilled",
        137,
        35,
    )


def test_describe_multiline_termination_message_at_column_zero_is_joined():
    last = facts_of(sample("describe_pod_crashloop.txt")).containers["kserve-container"].states[1]
    assert last.message.splitlines() == [
        "Loading model from /mnt/models",
        "Traceback (most recent call last):",
        "ValueError: could not allocate tensor",
    ]


def test_describe_resources_ready_restarts_and_probes():
    container = facts_of(sample("describe_pod_crashloop.txt")).containers["kserve-container"]
    assert container.limits == {"cpu": "2", "memory": "512Mi", "nvidia.com/gpu": "1"}
    assert container.requests["ephemeral-storage"] == "1Gi"
    assert container.ready is False and container.restart_count == 6
    assert container.image == "asia.gcr.io/acme/churn-model-2:r3"
    liveness, readiness = container.probes
    assert (liveness.kind, liveness.action, liveness.port, liveness.path, liveness.line) == (
        "liveness",
        "http-get",
        "8080",
        "/v1/models/churn-model-2",
        52,
    )
    assert (readiness.action, readiness.port) == ("tcp-socket", "8012")


def test_describe_init_container_is_marked_init():
    facts = facts_of(sample("describe_pod_crashloop.txt"))
    init = facts.containers["storage-initializer"]
    assert init.init is True
    assert init.states[0].reason == "Completed" and init.states[0].exit_code == 0
    assert facts.containers["kserve-container"].init is False


def test_describe_conditions_table():
    facts = facts_of(sample("describe_pod_crashloop.txt"))
    assert [(c.type, c.status) for c in facts.conditions] == [
        ("Initialized", "True"),
        ("Ready", "False"),
        ("ContainersReady", "False"),
        ("PodScheduled", "True"),
    ]


def test_describe_events_fold_count_and_wrapped_message():
    facts = facts_of(sample("describe_pod_crashloop.txt"))
    unhealthy = next(e for e in facts.events if e.reason == "Unhealthy")
    assert unhealthy.count == 5
    assert unhealthy.message.endswith("dial tcp 10.4.2.17:8012: connect: connection refused")
    assert unhealthy.type == "Warning"
    assert unhealthy.object == "pod/churn-model-2-predictor-00001-deployment-7d9f8c6b5-x2k4p"
    backoff = next(e for e in facts.events if e.reason == "BackOff")
    assert backoff.count == 25 and backoff.line == 81


def test_describe_job_gives_builder_container_and_deadline_event_not_pod():
    facts = facts_of(sample("describe_job_deadline.txt"))
    assert facts.pod_name is None
    builder = facts.containers["pyfunc-image-builder"]
    assert builder.limits == {"cpu": "1", "memory": "2Gi"}
    deadline = next(e for e in facts.events if e.reason == "DeadlineExceeded")
    assert deadline.object == "job/team-risk-churn-model-2-3"
    assert deadline.line == 30


def test_describe_evicted_pod_reason_and_message():
    text = (
        "Name:         fraud-scorer-1-predictor-00001-deployment-abc12\n"
        "Namespace:    team-fraud\n"
        "Status:       Failed\n"
        "Reason:       Evicted\n"
        "Message:      The node was low on resource: ephemeral-storage.\n"
        "Containers:\n"
        "  kserve-container:\n"
        "    Image:  asia.gcr.io/acme/fraud-scorer:1\n"
        "Events:  <none>\n"
    )
    facts = facts_of(text)
    assert (facts.pod_phase, facts.pod_reason, facts.pod_line) == ("Failed", "Evicted", 4)
    assert facts.pod_message == "The node was low on resource: ephemeral-storage."


def test_describe_probe_variants():
    assert parse_probe("liveness", "exec [cat /tmp/ready] delay=0s", 3).action == "exec"
    grpc = parse_probe("readiness", "grpc <pod>:9000  delay=0s", 4)
    assert (grpc.action, grpc.port) == ("grpc", "9000")
    assert parse_probe("startup", "nonsense", 5) is None


def test_describe_pod_status_lines_without_the_name_above_are_the_pods_status():
    text = (
        "Node:             gke-ml-spot-pool-4c6e8a0b-x2t9/\n"
        "Status:           Failed\n"
        "Reason:           NodeAffinity\n"
        "Message:          Pod was rejected: Predicate NodeAffinity failed\n"
    )
    facts = facts_of(text)
    assert facts.kinds == ["kubectl-describe-pod"]
    assert (facts.pod_phase, facts.pod_reason) == ("Failed", "NodeAffinity")
    assert facts.pod_message == "Pod was rejected: Predicate NodeAffinity failed"


def test_a_describe_window_without_its_name_line_takes_the_pod_its_command_names():
    text = (
        "$ kubectl -n risk describe pod seg-3-r1-predictor-00002-deployment-6c2a9f5d7-jb8tq | tail -4\n"
        "Events:\n"
        "  Type     Reason            Age   From               Message\n"
        "  ----     ------            ----  ----               -------\n"
        "  Warning  FailedScheduling  2m    default-scheduler  0/8 nodes are available: 8 Insufficient cpu.\n"
    )
    facts = facts_of(text)
    assert [e.object for e in facts.events] == ["pod/seg-3-r1-predictor-00002-deployment-6c2a9f5d7-jb8tq"]


def test_a_describe_window_under_a_command_naming_no_single_pod_names_none():
    text = (
        "$ kubectl -n risk describe pods -l app=seg | tail -4\n"
        "Events:\n"
        "  Type     Reason            Age   From               Message\n"
        "  ----     ------            ----  ----               -------\n"
        "  Warning  FailedScheduling  2m    default-scheduler  0/8 nodes are available: 8 Insufficient cpu.\n"
    )
    assert [e.object for e in facts_of(text).events] == [None]
