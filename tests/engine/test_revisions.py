"""A failure that names only a revision older than its configuration's latest ready one is
history (diagnoser/revisions.py)."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.normalise import normalise
from diagnoser.revisions import latest_ready, only_older_revisions

OLD = '{"name":"churn-3-predictor-00001","ready":{"status":"False","reason":"ProgressDeadlineExceeded","message":"Initial scale was never achieved"}}\n'  # noqa: E501
READY_JSON = '{"latestCreatedRevisionName": "churn-3-predictor-00002", "latestReadyRevisionName": "churn-3-predictor-00002"}\n'  # noqa: E501


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_the_latest_ready_revision_is_read_from_json_yaml_and_describe() -> None:
    text = (
        READY_JSON
        + "    latestReadyRevision: other-predictor-00007\n"
        + "  Latest Ready Revision:  third-00003\n"
    )
    assert latest_ready(normalise(text)) == {"churn-3-predictor": 2, "other-predictor": 7, "third": 3}


def test_a_failure_of_an_older_revision_beside_a_newer_ready_one_is_history() -> None:
    assert ids(OLD) == ["deployment-timeout"]
    assert ids(OLD + READY_JSON) == []


def test_a_failure_of_the_latest_revision_still_counts() -> None:
    assert ids(OLD.replace("00001", "00002") + READY_JSON) == ["deployment-timeout"]


def test_a_line_naming_a_newer_revision_too_is_not_only_older() -> None:
    latest = {"churn-3-predictor": 2}
    assert only_older_revisions("churn-3-predictor-00001 failed", latest)
    assert not only_older_revisions("churn-3-predictor-00001 then churn-3-predictor-00003 failed", latest)
    assert not only_older_revisions("no revision named here", latest)


REVISION_LIST = """apiVersion: v1
items:
- apiVersion: serving.knative.dev/v1
  kind: Revision
  metadata:
    labels:
      serving.knative.dev/configuration: churn-3-r1-predictor
      serving.knative.dev/configurationGeneration: "1"
    name: churn-3-r1-predictor-00001
  status:
    conditions:
    - lastTransitionTime: "2026-12-01T10:00:00Z"
      message: Initial scale was never achieved
      reason: ProgressDeadlineExceeded
      status: "False"
      type: Ready
- apiVersion: serving.knative.dev/v1
  kind: Revision
  metadata:
    labels:
      serving.knative.dev/configuration: churn-3-r1-predictor
      serving.knative.dev/configurationGeneration: "2"
    name: churn-3-r1-predictor-00002
  status:
    conditions:
    - lastTransitionTime: "2026-12-01T11:00:00Z"
      status: "True"
      type: Ready
kind: List
"""


def test_an_older_revision_in_a_yaml_list_of_revisions_is_set_aside_by_a_newer_ready_one() -> None:
    assert ids(REVISION_LIST) == []


def test_the_newest_revision_failing_in_a_yaml_list_still_counts() -> None:
    swapped = REVISION_LIST.replace('Generation: "1"', 'Generation: "9"')
    assert ids(swapped) == ["deployment-timeout"]


def test_a_bare_sequence_of_revisions_under_a_sentence_is_read_as_objects() -> None:
    items = REVISION_LIST.split("items:\n", 1)[1].replace("kind: List\n", "")
    bare = "the revisions, newest last:\n\n" + items
    assert ids(bare) == []


def test_a_revision_without_labels_is_known_by_its_name() -> None:
    lines = REVISION_LIST.splitlines()
    unlabelled = "\n".join(line for line in lines if "knative.dev/configuration" not in line)
    assert ids(unlabelled.replace("    labels:\n", "") + "\n") == []
