"""Readings added for corpus batch bp (near misses, round 8).

An event cleared only by a later event about the same object; a pod's component read from
KServe's last ``-predictor-`` / ``-transformer-`` segment, whatever the model's name holds; a
replaced deployment's History error is no output backing a sentence that quotes it; start-up
probe blips judged with ages rounded to the minute; a build that pushed after the reporter's
change ends the build failures before it; a Feast call in a notebook cell is not the
transformer's.
"""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.judge import _age_resolution
from diagnoser.model import (
    COMPONENT_MODEL,
    COMPONENT_STORAGE_INITIALIZER,
    COMPONENT_TRANSFORMER,
    component_of,
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


FLUX_HEADER = (
    "NAMESPACE     LAST SEEN   TYPE      REASON                   OBJECT                       MESSAGE\n"
)
FAILED = (
    "flux-system   14m         Warning   HealthCheckFailed        Kustomization/ml-serving     health check"
    " failed after 10m0.02s: timeout waiting for:"
    " [InferenceService/pricing/quote-3-r1 status: 'InProgress']\n"
)


def passed(kustomization: str) -> str:
    return (
        f"flux-system   12m         Normal    HealthCheckSucceeded     Kustomization/{kustomization}"
        "   Health check passed in 4.81s\n"
    )


def test_another_kustomizations_health_check_pass_does_not_clear_the_failure() -> None:
    assert ids(FLUX_HEADER + FAILED + passed("infra-addons")) == ["deployment-timeout"]


def test_the_same_kustomizations_later_pass_clears_it() -> None:
    assert ids(FLUX_HEADER + FAILED + passed("ml-serving")) == []


def test_a_pass_outside_any_event_row_still_clears_an_event() -> None:
    assert ids(FLUX_HEADER + FAILED + "\nHealth check passed in 1m12.48s\n") == []


def test_the_last_role_segment_of_a_pod_name_is_its_component() -> None:
    assert component_of("swin-transformer-3-r1-predictor-00001-deployment-84d9c-h5q2n") == COMPONENT_MODEL
    assert component_of("driver-eta-2-r1-transformer-00001-deployment-6c5d8-h3k9z") == COMPONENT_TRANSFORMER
    assert component_of("driver-eta-2-r1-predictor-00001-deployment-6c5d8-h3k9z") == COMPONENT_MODEL


def test_a_container_named_after_its_pod_keeps_the_containers_component() -> None:
    name = "lead-score-2-predictor-00001-deployment-64d9f-vx5pn storage-initializer"
    assert component_of(name) == COMPONENT_STORAGE_INITIALIZER


def test_a_predictor_pod_of_a_model_named_transformer_is_no_transformer_error() -> None:
    pods = (
        "NAME                                                     READY   STATUS             RESTARTS   AGE\n"
        "swin-transformer-3-r1-predictor-00001-deployment-84d9c-h5q2n   1/2   CrashLoopBackOff   6   14m\n"
    )
    assert "transformer-error" not in ids(pods)


HISTORY_PAGE = (
    "Deployment History\n"
    "Deployment Time\tDeployment Status\n"
    "25 minutes ago  Current\tDeployed\n"
    "1 day ago\tFailed\n"
    "Error message\n"
    "error building pyfunc image: OOMKilled\n"
)


def test_a_sentence_quoting_a_replaced_deployments_error_is_no_current_failure() -> None:
    told = 'Halo, kemarin build gagal dengan "error building pyfunc image: OOMKilled", lalu redeploy.\n\n'
    assert ids(told + HISTORY_PAGE) == []


def test_ages_in_whole_minutes_are_a_minute_coarse() -> None:
    assert _age_resolution(360, 300) == 60
    assert _age_resolution(90, 60) == 0


def test_a_readiness_failure_a_rounded_minute_after_the_start_is_a_blip() -> None:
    rows = (
        "Type      Reason      From      Message                                                  Age\n"
        "Normal    Started     kubelet   Started container kserve-container   6 mins ago\n"
        'Warning   Unhealthy   kubelet   Readiness probe failed: Get "http://10.60.2.41:8012/": dial tcp'
        " 10.60.2.41:8012: connect: connection refused   5 mins ago\n"
    )
    assert ids(rows) == []


UV_FAILED = (
    "$ uv pip compile requirements.in -o requirements.txt\n"
    "  × No solution found when resolving dependencies:\n"
    "  ╰─▶ Because merlin-sdk==0.46.0 depends on pandas>=2.1,<2.3 and you require pandas==2.3.1, we can"
    " conclude that your requirements are unsatisfiable.\n\n"
)
PUSHED = (
    "INFO[0120] Taking snapshot of full filesystem...\n"
    "INFO[0165] Pushed registry.example.internal/merlin/churn-2@sha256:"
    "0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f\n"
)


def test_a_build_that_pushed_after_the_reporters_change_ends_the_earlier_build_failure() -> None:
    assert ids(UV_FAILED + "I changed the pin to pandas==2.2.3 and re-ran the build:\n\n" + PUSHED) == []


def test_a_push_after_the_change_does_not_end_a_deployment_failure_before_it() -> None:
    history = (
        "error deploying inference service (churn-2-r1): timeout waiting inference service to be ready\n\n"
        "Pod container status:\n"
        "CONTAINER NAME     STATUS       EXIT CODE   REASON\n"
        "kserve-container   Terminated   137         OOMKilled\n\n"
    )
    assert "oomkilled" in ids(history + "I changed the memory to 6Gi and rebuilt:\n\n" + PUSHED)


def test_a_notebook_cells_feast_call_is_not_the_transformers() -> None:
    cell = (
        "Cell In[4], line 2\n"
        '----> 2 rows = store.get_online_features(features=["m:txn_7d"], entity_rows=[{"m": 8}]).to_df()\n'
        "_InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n"
        "\tstatus = StatusCode.UNAVAILABLE\n"
    )
    assert "feature-retrieval-failed" not in ids(cell)
