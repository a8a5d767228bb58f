"""A build in the Logs tab that ends with kaniko's ``Pushed <image>@sha256:...``: the builder's
lines above the push did not fail the build, while another container's lines keep their
meaning (diagnoser/parsers/builder_log.py ``parse_logs``)."""

from __future__ import annotations

from diagnoser import diagnose

BUILDER = "[seller-19-image-builder-x7k2p][pyfunc-image-builder] 2027-03-12T03:{m}:09.003Z "
MODEL = "[seller-19-r1-predictor-00001-deployment-6d8f-x2c4v][kserve-container] 2027-03-12T02:{m}:00.000Z "
CACHE_DENIED = (
    "WARN[0486] error uploading layer to cache: failed to push to destination "
    "registry.example/ml/cache:4b6d8f0a2c4e: DENIED: Permission "
    '"artifactregistry.repositories.uploadArtifacts" denied on resource "projects/p/repositories/cache"\n'
)
PUSHED = "INFO[0569] Pushed registry.example/ml/seller-19@sha256:6e1f0a9b3c5d7e2f4a6b8c0d1e3f5a7b9c2d\n"


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_builder_lines_above_its_push_in_the_logs_tab_did_not_fail_the_build() -> None:
    text = BUILDER.format(m="18") + "INFO[0400] Taking snapshot of full filesystem...\n"
    text += BUILDER.format(m="18") + "ERROR: No matching distribution found for optional-extra==9\n"
    text += BUILDER.format(m="19") + PUSHED
    assert ids(text) == []


def test_another_containers_lines_before_the_push_still_speak() -> None:
    crash = MODEL.format(m="10") + "ModuleNotFoundError: No module named 'catboost'\n"
    text = crash + BUILDER.format(m="18") + "INFO[0400] Taking snapshot of full filesystem...\n"
    text += BUILDER.format(m="19") + PUSHED
    assert "model-load-error" in ids(text)


def test_a_cache_layer_push_warning_is_not_the_image_push() -> None:
    assert "image-push-failed" not in ids(CACHE_DENIED)
