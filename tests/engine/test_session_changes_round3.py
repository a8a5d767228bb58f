"""Terminal sessions with several attempts, round 3: which command counts as a change, what a
change leaves behind (an older ReplicaSet's pod, a look into the wrong cluster), and what a
describe window cut above its Name: or container line is about."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.attempts import changes_something

EVENTS = "  Type     Reason            Age   From               Message\n  ----     ------            ----  ----               -------\n"  # noqa: E501
TAINT = (
    "  Warning  FailedScheduling  2m    default-scheduler  0/8 nodes are available: 5 node(s) had untolerated"
    " taint {workload: highmem}. preemption: 0/8 nodes are available: 8 Preemption is not helpful for scheduling.\n"  # noqa: E501
)
OLD = "seg-3-r1-predictor-00001-deployment-84f7c2d9b-9sx4m"
NEW = "seg-3-r1-predictor-00002-deployment-6c2a9f5d7-jb8tq"
HEADER = "NAME                                                   READY   STATUS             RESTARTS   AGE\n"


def findings(text: str) -> list[tuple[str, str]]:
    return [(finding.id, finding.confidence) for finding in diagnose(text).findings]


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_a_command_run_with_a_variable_for_it_still_changes_the_deployment() -> None:
    assert changes_something('KUBE_EDITOR="sed -i s#:2.1#:2.1.0#" kubectl -n fx edit isvc rate-2-r1')
    assert changes_something("KUBECONFIG=prod.yaml kubectl apply -f isvc.yaml")
    assert changes_something("sudo kubectl -n fx delete pod x")
    assert not changes_something('KUBE_EDITOR="vim" kubectl -n fx get isvc rate-2-r1')


def test_a_symptom_the_earlier_cause_cannot_explain_ends_that_attempt() -> None:
    text = (
        '$ kubectl -n fx get revision r-00001 -o jsonpath="{.status}"\n'
        'Revision "r-00001" failed with message: Unable to fetch image "reg.test/m:2.1": failed to resolve image'  # noqa: E501
        " to digest: HEAD https://reg.test/v2/m/manifests/2.1: unexpected status code 404 Not Found.\n"
        "$ kubectl -n fx edit isvc r\n"
        "inferenceservice.serving.kserve.io/r edited\n"
        f"$ kubectl -n fx describe pod {NEW} | tail -3\n"
        f"Events:\n{EVENTS}"
        "  Warning  Unhealthy         4s (x118 over 9m38s)  kubelet  Readiness probe failed: HTTP probe failed"  # noqa: E501
        " with statuscode: 404\n"
    )
    assert ids(text)[:1] == ["probe-failure"]
    assert "image-not-found" not in ids(text)


def test_a_crash_after_a_memory_change_still_keeps_the_oom_kill() -> None:
    text = (
        "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
        "$ kubectl -n fx set resources deployment r-predictor --limits=memory=6Gi\n"
        "deployment.apps/r-predictor resource requirements updated\n"
        f"$ kubectl -n fx get pods\n{HEADER}"
        f"{NEW}   0/1     CrashLoopBackOff   3          4m\n"
    )
    assert "oomkilled" in ids(text)


def test_a_context_switch_sets_aside_the_wrong_clusters_failure_when_the_new_one_fails() -> None:
    text = (
        "$ kubectl -n credit get pods\n"
        'Error from server (Forbidden): pods is forbidden: User "mei@example.test" cannot list resource "pods"'  # noqa: E501
        ' in API group "" in the namespace "credit"\n'
        "$ kubectl config use-context serving-prod\n"
        'Switched to context "serving-prod".\n'
        f"$ kubectl -n credit logs {NEW} -c kserve-container --previous\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/conda/lib/python3.9/site-packages/mlflow/pyfunc/model.py", line 374, in _load_pyfunc\n'
        "    python_model = cloudpickle.load(f)\n"
        "ModuleNotFoundError: No module named 'limits'\n"
    )
    assert ids(text)[:1] == ["model-load-error"]
    assert "rbac-forbidden" not in ids(text)


def test_a_context_switch_to_a_working_cluster_keeps_the_failure() -> None:
    text = (
        f"$ kubectl -n pay get pods\n{HEADER}"
        f"{OLD}   0/2     CreateContainerConfigError   0          18m\n"
        f"$ kubectl -n pay describe pod {OLD} | sed -n '/^Events:/,$p'\n"
        f"Events:\n{EVENTS}"
        '  Warning  Failed            16m (x12 over 18m)  kubelet  Error: secret "feature-store" not found\n'
        "$ kubectl config use-context staging\n"
        'Switched to context "staging".\n'
        f"$ kubectl -n pay get pods\n{HEADER}"
        f"{NEW}   2/2     Running            0          4d\n"
    )
    assert ids(text)[:1] == ["missing-secret-or-configmap"]


def test_two_describe_windows_of_two_pods_keep_their_events_apart() -> None:
    text = (
        f"$ kubectl -n risk describe pod {OLD} | tail -4\nEvents:\n{EVENTS}{TAINT}"
        f"$ kubectl -n risk patch isvc seg-3-r1 --type=merge -p '{{}}'\n"
        "inferenceservice.serving.kserve.io/seg-3-r1 patched\n"
        f"$ kubectl -n risk get pods -w\n{HEADER}"
        f"{OLD}   0/2     Pending            0          13m\n"
        f"{NEW}   0/2     Pending            0          0s\n"
        f"{OLD}   0/2     Terminating        0          13m\n"
        f"$ kubectl -n risk describe pod {NEW} | tail -4\nEvents:\n{EVENTS}{TAINT}"
    )
    assert ids(text) == ["unschedulable-node-constraints"]


def test_the_older_replica_sets_pod_after_a_change_is_replaced() -> None:
    old, new = "seg-3-r1-predictor-8c5f2d7b9-lz6qw", "seg-3-r1-predictor-6d9b4e2c8-fq7mh"
    text = (
        f"$ kubectl -n cust describe pod {old} | grep Failed\n"
        '  Warning  Failed     2m (x3 over 3m)  kubelet  Failed to pull image "reg.test/ds/seg:3": rpc error: code ='  # noqa: E501
        ' NotFound desc = failed to pull and unpack image "reg.test/ds/seg:3": failed to resolve reference'
        ' "reg.test/ds/seg:3": reg.test/ds/seg:3: not found\n'
        "$ kubectl -n cust patch isvc seg-3-r1 --type=json -p '[]'\n"
        "inferenceservice.serving.kserve.io/seg-3-r1 patched\n"
        f"$ kubectl -n cust get pods\n{HEADER}"
        f"{old}                     0/1     ImagePullBackOff   0          6m\n"
        f"{new}                     0/1     InvalidImageName   0          41s\n"
    )
    assert ids(text)[:1] == ["invalid-image-name"]
    assert "image-not-found" not in ids(text)


def test_two_replica_sets_without_a_change_between_them_both_stay() -> None:
    old, new = "seg-3-r1-predictor-8c5f2d7b9-lz6qw", "seg-3-r1-predictor-6d9b4e2c8-fq7mh"
    text = (
        f"$ kubectl -n cust get pods\n{HEADER}"
        f"{old}                     0/1     ImagePullBackOff   0          6m\n"
        f"$ kubectl -n cust get pods -o wide\n{HEADER}"
        f"{new}                     0/1     InvalidImageName   0          41s\n"
    )
    assert {"invalid-image-name"} <= set(ids(text))


def test_a_replica_sets_quota_refusal_stays_when_the_running_pods_are_other_versions() -> None:
    text = (
        "$ kubectl -n basket get events | grep FailedCreate\n"
        "42s         Warning   FailedCreate   replicaset/basket-24-r1-predictor-00001-deployment-8c2f5d9b4"
        '   Error creating: pods "basket-24-r1-predictor-00001-deployment-8c2f5d9b4-m9pt4" is forbidden:'
        " exceeded quota: basket-compute, requested: requests.memory=7Gi, used: requests.memory=34Gi,"
        " limited: requests.memory=40Gi\n"
        f"$ kubectl -n basket get pods\n{HEADER}"
        "basket-22-r1-predictor-00001-deployment-79f4c2b8d-vn8xs   2/2     Running   0          6d\n"
        "basket-23-r1-predictor-00001-deployment-6d4b8f7c9-q2w8d   2/2     Running   0          27m\n"
    )
    assert ids(text)[:1] == ["resource-quota-exceeded"]


def test_a_replica_sets_old_refusal_is_stale_once_its_own_pods_run() -> None:
    text = (
        "$ kubectl -n basket get events | grep FailedCreate\n"
        "12m         Warning   FailedCreate   replicaset/basket-23-r1-predictor-00001-deployment-6d4b8f7c9"
        '   Error creating: pods "basket-23-r1-predictor-00001-deployment-6d4b8f7c9-x7k2q" is forbidden:'
        " exceeded quota: basket-compute, requested: requests.memory=7Gi, used: requests.memory=34Gi,"
        " limited: requests.memory=40Gi\n"
        f"$ kubectl -n basket get pods\n{HEADER}"
        "basket-23-r1-predictor-00001-deployment-6d4b8f7c9-q2w8d   2/2     Running   0          2m\n"
    )
    assert ids(text) == []


def test_a_describe_window_cut_above_its_container_is_not_another_workloads_row() -> None:
    text = (
        f"$ kubectl -n media get pods\n{HEADER}"
        f"{NEW}   1/2     CrashLoopBackOff   3 (22s ago)   6m40s\n"
        f"$ kubectl -n media describe pod {NEW}\n"
        "    Container ID:   containerd://f2c5e8b1d4a7\n"
        "    Image:          reg.test/media/clip:3\n"
        "    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
        "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
        "    Ready:          False\n    Restart Count:  3\n"
        "    Limits:\n      memory:  2Gi\n"
    )
    assert ids(text)[:1] == ["oomkilled"]


def test_a_grep_of_a_running_pods_last_state_is_that_containers_past() -> None:
    text = (
        f"$ kubectl -n search get pods\n{HEADER}"
        f"{OLD}   2/2     Running            1 (4d2h ago)   6d\n"
        f'$ kubectl -n search describe pod {OLD} | grep -A3 "Last State"\n'
        "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
    )
    assert "oomkilled" not in ids(text)
