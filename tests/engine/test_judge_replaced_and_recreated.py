"""History in event rows that the kubelet or a rollout has since moved past
(diagnoser/judge.py): a pod stopped while a replacement of the same workload starts, a
NetworkNotReady row before the pod's containers were pulled, containerd's "failed to reserve
container name" before that container started; and what stays current: a ready container
that keeps restarting, a pod stopped because it was evicted."""

from __future__ import annotations

from diagnoser import diagnose

HEADER = "LAST SEEN   TYPE      REASON      OBJECT                                   MESSAGE\n"
OLD = "pod/ranker-4-r2-predictor-5f8c2a9d71-8wq4n"
NEW = "pod/ranker-4-r2-predictor-7d4b9c6f58-lt6vd"
PULL_FAILED = (
    f'38m   Warning   Failed      {OLD}   Failed to pull image "registry.example/ml/ranker-4:4-rc1": '
    "rpc error: code = NotFound desc = failed to pull and unpack image "
    '"registry.example/ml/ranker-4:4-rc1": failed to resolve reference "registry.example/ml/ranker-4:4-rc1": '
    "registry.example/ml/ranker-4:4-rc1: not found\n"
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_a_pod_stopped_while_its_replacement_starts_was_replaced() -> None:
    rows = (
        HEADER
        + PULL_FAILED
        + f"23m   Normal    Scheduled   {NEW}   Successfully assigned ml/x to node-b\n"
        + f"23m   Normal    Started     {NEW}   Started container kserve-container\n"
        + f"22m   Normal    Killing     {OLD}   Stopping container kserve-container\n"
    )
    assert ids(rows) == []


def test_a_stopped_pod_without_a_replacement_in_the_paste_still_counts() -> None:
    rows = HEADER + PULL_FAILED + f"22m   Normal    Killing     {OLD}   Stopping container kserve-container\n"
    assert ids(rows)[:1] == ["image-not-found"]


def test_a_pod_stopped_because_it_was_evicted_was_not_replaced() -> None:
    rows = (
        HEADER
        + f'3m   Warning   Evicted     {OLD}   Usage of EmptyDir volume "cache" exceeds the limit "2Gi".\n'
        + f"3m   Normal    Killing     {OLD}   Stopping container kserve-container\n"
        + f"2m   Normal    Scheduled   {NEW}   Successfully assigned ml/x to node-b\n"
    )
    assert ids(rows)[:1] == ["evicted"]


def test_network_not_ready_before_the_containers_were_pulled_is_over() -> None:
    pod = "pod/txn-12-r1-predictor-00001-deployment-84bd6c7f9-h7r5k"
    rows = (
        HEADER
        + f"2m30s   Warning   NetworkNotReady   {pod}   network is not ready: container runtime network not "
        "ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: "
        "cni plugin not initialized\n"
        + f'1m41s   Normal    Pulling           {pod}   Pulling image "registry.example/ml/txn-12:1"\n'
        + f"1m19s   Normal    Started           {pod}   Started container kserve-container\n"
    )
    assert ids(rows) == []


def test_network_not_ready_alone_still_counts() -> None:
    pod = "pod/txn-12-r1-predictor-00001-deployment-84bd6c7f9-h7r5k"
    rows = (
        HEADER + f"2m30s   Warning   NetworkNotReady   {pod}   network is not ready: container runtime "
        "network not ready: NetworkReady=false reason:NetworkPluginNotReady\n"
    )
    assert ids(rows) == ["node-not-ready"]


def test_a_reserved_container_name_then_that_container_started_is_over() -> None:
    pod = "pod/geo-2-r3-predictor-00002-deployment-5b6c7d8e9f-wk3nt"
    reserved = (
        f'6m26s   Warning   Failed   {pod}   Error: failed to reserve container name "kserve-container_g'
        '_ml_6f2a_0": name "kserve-container_g_ml_6f2a_0" is reserved for "8d1f3b5a7c9e0d2f"\n'
    )
    started = f"5m51s   Normal    Started   {pod}   Started container kserve-container\n"
    other = f"5m51s   Normal    Started   {pod}   Started container queue-proxy\n"
    assert ids(HEADER + reserved + started) == []
    assert ids(HEADER + reserved + other) == ["node-not-ready"]


DESCRIBE_READY_RESTARTING = """\
  kserve-container:
    State:          Running
      Started:      Fri, 12 Mar 2027 13:21:40 +0000
    Last State:     Terminated
      Reason:       Error
      Exit Code:    137
    Ready:          True
    Restart Count:  {restarts}
Events:
  Type     Reason     Age                   From     Message
  ----     ------     ----                  ----     -------
{events}"""
EVENTS = (
    "  Warning  Unhealthy  4m40s (x27 over 15m)  kubelet  Liveness probe failed: HTTP probe failed with "
    "statuscode: 404\n"
    "  Normal   Killing    4m40s (x9 over 14m)   kubelet  Container kserve-container failed liveness probe, "
    "will be restarted\n"
)


def test_a_ready_container_that_keeps_restarting_keeps_its_events() -> None:
    assert ids(DESCRIBE_READY_RESTARTING.format(restarts=9, events=EVENTS))[:1] == ["probe-failure"]


def test_a_ready_container_restarted_once_is_recovered() -> None:
    assert ids(DESCRIBE_READY_RESTARTING.format(restarts=1, events=EVENTS)) == []
