"""Readings of what Merlin SDK users copy from notebooks and CI (batch bo): the History message
inside the SDK's exception tuple names the failed component through the Knative revision, and
the Merlin UI's Deploy form rejects replicas before any request is sent."""

from __future__ import annotations

from diagnoser import diagnose


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def _tuple(revision: str, condition: str, failure: str) -> str:
    """A ModelEndpointDeploymentError tuple repr: the History message on one line, escaped."""
    message = f'Revision "{revision}" failed with message: Container failed with: {failure}'
    row = f"│ {condition} │ False │ RevisionFailed │ {message} │"
    return (
        "ModelEndpointDeploymentError: ('trip-eta', 4, 'error deploying inference service (trip-eta-4-r2): "
        "timeout waiting inference service to be ready\\n\\nModel service conditions:\\n"
        "│ TYPE │ STATUS │ REASON │ MESSAGE │\\n" + row.replace("'", "\\'") + "')\n"
    )


def test_a_transformer_revision_failing_with_an_exception_is_a_transformer_error() -> None:
    found = ids(_tuple("trip-eta-4-r2-transformer-00002", "TransformerReady", "KeyError: 'FEATURE_TABLE'."))
    assert found[0] == "transformer-error"
    assert "model-load-error" not in found


def test_a_predictor_revision_failing_with_an_exception_stays_a_model_load_error() -> None:
    found = ids(_tuple("trip-eta-4-r2-predictor-00001", "PredictorReady", "ValueError: model file is empty."))
    assert found[0] == "model-load-error"
    assert "transformer-error" not in found


def test_the_deploy_forms_replica_field_errors_are_rejected_autoscaling_settings() -> None:
    for error in (
        "Max Replicas value has exceeded allowed number of replicas: 8",
        "Max Replicas cannot be less than Min Replicas",
        "Min Replicas cannot be less than 0",
    ):
        found = ids(f"Min Replicas\n2\nMax Replicas\n12\n{error}\n")
        assert found[:1] == ["autoscaling-config-invalid"], error


def test_the_deploy_forms_replica_labels_alone_are_no_finding() -> None:
    assert ids("Resources\nCPU  2\nMemory  4Gi\nMin Replicas  1\nMax Replicas  4\nDeploy\n") == []
