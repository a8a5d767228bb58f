"""Readings learnt from public KServe and Knative bug reports (round 3): a ``kn service
update`` is a change like ``kubectl apply``, and a KServe transformer pod's own container is
called ``kserve-container`` too, so the pod's name says whose log a ``kubectl logs`` shows."""

from __future__ import annotations

import pytest

from diagnoser import diagnose
from diagnoser.attempts import changes_something

MODULE_MISSING = (
    "Traceback (most recent call last):\n"
    '  File "/app/image_transformer/image_transformer.py", line 21, in <module>\n'
    "    from PIL import Image\n"
    "ModuleNotFoundError: No module named 'PIL'\n"
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


@pytest.mark.parametrize(
    "command",
    [
        "kn service update risk-scorer -e BUMP=1",
        "kn -n scoring service update risk-scorer --image registry.test/risk:2",
        "kn service create digits --image docker.io/acme/digits:0.9",
        "kn revision delete risk-scorer-00001",
    ],
)
def test_a_knative_cli_command_that_changes_a_service_is_a_change(command: str) -> None:
    assert changes_something(command)


@pytest.mark.parametrize(
    "command", ["kn service list", "kn -n scoring service describe risk-scorer", "kn version"]
)
def test_a_knative_cli_command_that_only_reads_is_no_change(command: str) -> None:
    assert not changes_something(command)


def test_a_kserve_transformer_pods_kserve_container_log_is_the_transformers() -> None:
    pod = "cifar10-transformer-00001-deployment-5c8f7d9b6-wz4kx"
    text = f"$ kubectl logs {pod} -n demo -c kserve-container --previous\n{MODULE_MISSING}"
    assert ids(text)[:1] == ["transformer-error"]


def test_a_predictor_pods_kserve_container_log_stays_the_models_even_with_transformer_in_its_name() -> None:
    pod = "transformer-bench-predictor-00001-deployment-6d8f7b9c5-z7xwq"
    text = f"$ kubectl logs {pod} -n demo -c kserve-container --previous\n{MODULE_MISSING}"
    found = ids(text)
    assert found[:1] == ["model-load-error"]
    assert "transformer-error" not in found
