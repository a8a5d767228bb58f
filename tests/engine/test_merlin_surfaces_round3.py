"""Merlin's own surfaces, round 3 (corpus batch bd): a batch prediction job run again after a
failure, the image builder's tag listing that never reached the registry, the transformer
simulation's wrapper, and a build that timed out because its pod never scheduled."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.attempts import last_attempt_start
from diagnoser.normalise import normalise

QUOTA_FAILURE = (
    "ValueError: Prediction job 80 failed: failed creating spark application: "
    'sparkapplications.sparkoperator.k8s.io "forecast-8-80" is forbidden: exceeded quota: '
    "supply-quota, requested: count/sparkapplications.sparkoperator.k8s.io=1, used: "
    "count/sparkapplications.sparkoperator.k8s.io=5, limited: "
    "count/sparkapplications.sparkoperator.k8s.io=5\n"
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_a_prediction_job_created_again_at_the_prompt_starts_a_new_attempt() -> None:
    run = ">>> job = v8.create_prediction_job(job_config=cfg)\n"
    text = f"{run}{QUOTA_FAILURE}{run}"
    assert last_attempt_start(normalise(text)) == 3


def test_a_prediction_job_that_completed_after_a_failed_run_is_healthy() -> None:
    text = (
        f">>> job = v8.create_prediction_job(job_config=cfg)\n{QUOTA_FAILURE}"
        ">>> job = v8.create_prediction_job(job_config=cfg)\n"
        "Running prediction job 81 from model forecast version 8 under project supply\n"
        ">>> job.status\n<JobStatus.COMPLETED: 'completed'>\n"
    )
    assert ids(text) == []


def test_a_prediction_job_that_fails_again_keeps_its_cause() -> None:
    text = (
        f">>> job = v8.create_prediction_job(job_config=cfg)\n{QUOTA_FAILURE}"
        f">>> job = v8.create_prediction_job(job_config=cfg)\n{QUOTA_FAILURE}"
    )
    assert ids(text)[:1] == ["resource-quota-exceeded"]


def test_listing_image_tags_that_never_reached_the_registry_is_unreachable() -> None:
    text = (
        "error getting image tags for harbor.acme.test:8443/ml/credit: "
        'Get "https://harbor.acme.test:8443/v2/": '
        "dial tcp 10.1.2.3:8443: i/o timeout\n"
    )
    assert ids(text)[:1] == ["image-registry-unreachable"]


def test_the_simulation_wrapper_names_a_config_that_did_not_compile() -> None:
    text = (
        '{"error":"failed creating transformer executor: '
        'failed initializing standard transformer: unknown name amt (1:1)"}'
    )
    assert ids(text)[:1] == ["transformer-config-invalid"]


def test_the_simulation_wrapper_of_a_feast_connection_is_not_the_config() -> None:
    text = (
        '{"error":"failed creating transformer executor: failed initializing standard transformer: '
        'dial tcp 10.9.8.7:6566: connect: connection refused"}'
    )
    assert "transformer-config-invalid" not in ids(text)


def test_a_build_pod_that_never_scheduled_explains_the_build_timeout() -> None:
    text = (
        "timeout building pyfunc image\n\n"
        "LAST SEEN   TYPE      REASON             OBJECT                  MESSAGE\n"
        "20m         Warning   FailedScheduling   pod/credit-9-abc-x1y2z  "
        "0/6 nodes are available: 6 Insufficient memory.\n"
    )
    assert ids(text)[:2] == ["insufficient-resources", "image-build-timeout"]
