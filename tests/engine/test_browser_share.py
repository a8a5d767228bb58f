"""``diagnoser.browser``: the worker's entry points (``analyze``, ``share``), with their options."""

from __future__ import annotations

import json

from diagnoser.browser import analyze, share

PASTE = """Name:             churn-model-4-r1-predictor-00001-deployment-7f8e9d6c5-j6p2w
Namespace:        growth-team
Containers:
  kserve-container:
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
Events:
  Warning  BackOff  8s (x18 over 4m)  kubelet  Back-off restarting failed container kserve-container
"""


def test_share_adds_redacted_markdown_text_and_replacements_without_the_values() -> None:
    report = json.loads(analyze(PASTE, json.dumps({"share": True})))
    share = report["share"]
    assert set(share) == {"markdown", "redacted_text", "replacements"}
    assert "churn-model" not in share["markdown"] and "churn-model" not in share["redacted_text"]
    assert "growth-team" not in json.dumps(share)
    assert all(set(item) == {"placeholder", "kind", "count"} for item in share["replacements"])
    assert {item["kind"] for item in share["replacements"]} >= {"model", "namespace"}
    del report["share"]
    assert report == json.loads(analyze(PASTE, "{}"))  # the user's own view: the paste as it is


def test_redact_analyses_the_redacted_paste_with_the_same_findings() -> None:
    plain = json.loads(analyze(PASTE, "{}"))
    redacted = json.loads(analyze(PASTE, json.dumps({"redact": True})))
    assert [f["id"] for f in redacted["findings"]] == [f["id"] for f in plain["findings"]]
    assert "churn-model" not in json.dumps(redacted) and "share" not in redacted


def test_bad_or_unknown_options_are_ignored() -> None:
    for options in ("", "not json", "[1, 2]", '{"share": "yes", "future": 1}', "[" * 100_000):
        report = json.loads(analyze(PASTE, options))
        assert report["findings"] and "share" not in report


def test_share_later_leaves_share_out_and_share_gives_the_same_part_on_its_own() -> None:
    later = json.loads(analyze(PASTE, json.dumps({"share": "later"})))
    inline = json.loads(analyze(PASTE, json.dumps({"share": True})))
    assert "share" not in later
    assert json.loads(share(PASTE, json.dumps({"share": True}))) == inline.pop("share")
    assert later == inline
