"""Lines about a deployment a later one in the same paste replaced are history
(diagnoser/superseded.py): an older Merlin revision ``-r<N>`` of the model version, a pod the
session deleted while its replacement runs, a Knative revision older than the ready one."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.normalise import normalise
from diagnoser.superseded import superseded_lines

R2 = "price-5-r2-predictor-00001-deployment-6d9f8b7c5-k2j4p"
R3 = "price-5-r3-predictor-00001-deployment-58c7d6e9b-q4m8s"
OOM_STATE = (
    "  kserve-container:\n    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
    "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"
    "    Ready:          False\n    Restart Count:  6\n"
)
RUNNING_STATE = (
    "  kserve-container:\n    State:          Running\n    Ready:          True\n    Restart Count:  0\n"
)
HEADER = "NAME                                                        READY   STATUS    RESTARTS   AGE\n"


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def describe(pod: str, containers: str) -> str:
    return f"$ kubectl -n lab describe pod {pod}\nName:             {pod}\nNamespace:        lab\nContainers:\n{containers}"  # noqa: E501


def test_the_failure_of_an_older_revision_is_history_once_a_newer_one_runs() -> None:
    text = (
        describe(R2, OOM_STATE)
        + describe(R3, RUNNING_STATE)
        + f"$ kubectl -n lab get pods\n{HEADER}{R3}   2/2     Running   0          3m\n"
    )
    assert ids(text) == []


def test_the_failure_of_the_newest_revision_still_counts() -> None:
    text = describe(R3, RUNNING_STATE) + describe(R2.replace("-r2-", "-r4-"), OOM_STATE)
    assert ids(text)[:1] == ["oomkilled"]


def test_a_revision_named_only_in_a_command_or_a_not_found_answer_replaces_nothing() -> None:
    newer = R2.replace("-r2-", "-r3-")
    text = describe(R2, OOM_STATE) + (
        f'$ kubectl -n lab get pod {newer}\nError from server (NotFound): pods "{newer}" not found\n'
    )
    assert ids(text)[:1] == ["oomkilled"]


def test_a_deleted_pod_with_a_replacement_is_history() -> None:
    old, new = (
        "fraud-9-r1-predictor-00001-deployment-6c8e4a2d7-fj3lp",
        "fraud-9-r1-predictor-00001-deployment-6c8e4a2d7-9wz4c",
    )
    pull = (
        f"$ kubectl -n risk describe pod {old} | tail -2\n"
        '  Warning  Failed     2m30s (x4 over 4m)   kubelet  Failed to pull image "registry.test/risk/fraud:2.0.7": '  # noqa: E501
        'rpc error: code = NotFound desc = failed to pull and unpack image "registry.test/risk/fraud:2.0.7": '
        "registry.test/risk/fraud:2.0.7: not found\n"
        "  Warning  Failed     2m30s (x4 over 4m)   kubelet  Error: ErrImagePull\n"
    )
    deleted = f'$ kubectl -n risk delete pod {old}\npod "{old}" deleted\n'
    running = f"$ kubectl -n risk get pods\n{HEADER}{new}   2/2     Running   0          27s\n"
    assert ids(pull + deleted + running) == []
    assert "image-not-found" in ids(pull + deleted)  # deleted, and nothing in its place: still the answer


def test_a_knative_revision_older_than_the_ready_one_is_history_by_its_command() -> None:
    doc = normalise(
        "$ kubectl get revision\n"
        "NAME                        CONFIG NAME           K8S SERVICE NAME   GENERATION   READY   REASON\n"
        "intent-8-r1-predictor-00001  intent-8-r1-predictor                    1            False   ExitCode1\n"  # noqa: E501
        "intent-8-r1-predictor-00002  intent-8-r1-predictor                    2            True\n"
        "$ kubectl get revision intent-8-r1-predictor-00001 -o jsonpath='{.status.conditions}'\n"
        "Ready\tFalse\tExitCode1\tContainer failed with: ModuleNotFoundError: No module named 'x'\n"
    )
    replaced = superseded_lines(doc)
    assert replaced(3) and replaced(6)
    assert not replaced(4)


def test_kn_revision_list_rows_older_than_the_ready_revision_are_history() -> None:
    doc = normalise(
        "$ kn revision list\n"
        "NAME                     SERVICE               TRAFFIC   TAGS   GENERATION   AGE   CONDITIONS   READY   REASON\n"  # noqa: E501
        "fx-2-r1-predictor-00003  fx-2-r1-predictor                      3            4m    0 OK / 4     False   ContainerMissing : x\n"  # noqa: E501
        "fx-2-r1-predictor-00002  fx-2-r1-predictor     100%             2            2h    4 OK / 4     True\n"  # noqa: E501
        "fx-2-r1-predictor-00001  fx-2-r1-predictor                      1            3h    1 OK / 4     False   ExitCode137 : x\n"  # noqa: E501
    )
    replaced = superseded_lines(doc)
    assert replaced(5)
    assert not replaced(3)


def test_deployments_of_another_cluster_replace_nothing() -> None:
    prod = "clf-4-r1-predictor-00001-deployment-8a0c2e4b6-d7tnw"
    staging = "clf-4-r2-predictor-00001-deployment-6e8a0c2d4-k3vwq"
    doc = normalise(
        f'$ kubectl describe pod {prod}\n  Warning  Failed  3m  kubelet  Error: secret "fs" not found\n'
        '$ kubectl config use-context gke_staging\nSwitched to context "gke_staging".\n'
        f"{HEADER}{staging}   2/2     Running   0          4d\n"
    )
    replaced = superseded_lines(doc)
    assert not replaced(1) and not replaced(2)


NODE_DOWN = (
    "41m   Warning   NodeNotReady   node/aks-ml-4   Node aks-ml-4 status is now: NodeNotReady\n"
    "NAME         STATUS     ROLES    AGE   VERSION\naks-ml-4     NotReady   <none>   63d   v1.29.7\n"
)
TIER = "tier-7-r1-predictor-00001-deployment-7d9f1b3c5-fz3km"
ASSIGNED = f"41m   Normal   Scheduled   pod/{TIER}   Successfully assigned merchant/{TIER} to aks-ml-2\n"
UNPICKLE = "_pickle.UnpicklingError: invalid load key, 'v'.\n"


def test_a_node_failure_is_not_the_failure_of_pods_that_run_elsewhere_and_fail_on_their_own() -> None:
    found = ids(f"$ kubectl get events\n{ASSIGNED}{NODE_DOWN}$ kubectl logs {TIER} -p\n{UNPICKLE}")
    assert found[0] == "model-load-error"
    assert "node-not-ready" not in found


def test_a_node_failure_stays_when_nothing_else_fails() -> None:
    assert ids(f"$ kubectl get events\n{ASSIGNED}{NODE_DOWN}")[:1] == ["node-not-ready"]


def test_a_node_failure_stays_while_a_present_pod_has_no_node_yet() -> None:
    pending = (
        "NAME                                                   READY   STATUS    RESTARTS   AGE   IP       NODE\n"  # noqa: E501
        "tier-7-r1-predictor-00001-deployment-7d9f1b3c5-m7k2p   0/2     Pending   0          6m    <none>   <none>\n"  # noqa: E501
    )
    found = ids(f"$ kubectl get events\n{ASSIGNED}{NODE_DOWN}$ kubectl get pods -o wide\n{pending}{UNPICKLE}")
    assert "node-not-ready" in found


def test_a_log_prefix_naming_an_older_revisions_pod_makes_its_lines_history() -> None:
    labels = '{{container="kserve-container", pod="intent-2-r{n}-predictor-00001-deployment-{rs}"}}'
    old = labels.format(n=1, rs="58c7d9f6b-7tqvn")
    new = labels.format(n=2, rs="6b9f8d7c5-mk2wd")
    crash = "ModuleNotFoundError: No module named 'lightgbm'"
    text = (
        f"2026-12-03 08:12:40.330\t{old}\t{crash}\n"
        f"2026-12-03 10:55:12.904\t{new}\tINFO:     Application startup complete.\n"
    )
    assert [finding.id for finding in diagnose(text).findings] == []
    same = text.replace("-r2-", "-r1-")
    assert [finding.id for finding in diagnose(same).findings][:1] == ["model-load-error"]
