"""Whatever is pasted, the engine answers: no exception, no runaway time, a clear message.

Time bounds here are generous ceilings that catch catastrophic backtracking or
quadratic loops (minutes, not milliseconds); speed itself is measured by
``benchmarks/bench_engine.py``, not by tests.
"""

from __future__ import annotations

import json
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnoser import diagnose
from diagnoser.catalog import load_catalog
from diagnoser.report import to_text

CEILING_SECONDS = 20.0


def analyse_within_ceiling(data: str | bytes, ceiling: float = CEILING_SECONDS):
    start = time.perf_counter()
    report = diagnose(data)
    elapsed = time.perf_counter() - start
    assert elapsed < ceiling, f"analysis took {elapsed:.1f}s"
    json.loads(report.to_json())  # both renderings must work on whatever came out
    to_text(report, color=True)
    return report


@pytest.mark.parametrize("paste", ["", " ", "\n\n\t \r\n", "\x00\x00"])
def test_empty_or_blank_input_says_it_is_empty(paste: str) -> None:
    report = analyse_within_ceiling(paste)
    assert report.findings == []
    assert "empty" in report.message or "No known error" in report.message


def test_binary_data_is_analysed_as_text_with_a_note() -> None:
    data = random.Random(1).randbytes(200_000)
    report = analyse_within_ceiling(data)
    assert report.input.notes, "binary input should be mentioned in the notes"


def test_invalid_utf8_is_reported_and_the_rest_still_analysed() -> None:
    data = b"\xfa\xfb garbage\nerror building pyfunc image: OOMKilled\n\xc3\x28\n"
    report = analyse_within_ceiling(data)
    assert any("UTF-8" in note for note in report.input.notes)
    assert "oomkilled" in [f.id for f in report.findings]


def test_single_five_megabyte_line() -> None:
    line = ("0123456789abcdef" * (5 * 1024 * 1024 // 16)).encode()
    analyse_within_ceiling(line)


def test_fifty_megabyte_paste_finds_the_failure_at_its_end() -> None:
    noise = "[fraud-scorer-2-predictor-abc][kserve-container] 2026-11-02T10:00:00Z INFO predict ok 200\n"
    tail = (
        "[fraud-scorer-2-predictor-abc][kserve-container] 2026-11-02T10:00:01Z "
        "ModuleNotFoundError: No module named 'xgboost'\n"
    )
    data = (noise * (50 * 1024 * 1024 // len(noise)) + tail).encode()
    report = analyse_within_ceiling(data, ceiling=60)
    assert "model-load-error" in [f.id for f in report.findings]
    assert report.findings[0].evidence[0].line == data.count(b"\n")


def test_deeply_nested_json_does_not_overflow() -> None:
    analyse_within_ceiling('{"apiVersion": "v1", "kind": "Pod", "x": ' + "[" * 200_000)
    analyse_within_ceiling("[" * 200_000 + "]" * 200_000)


def test_truncated_pod_json_still_yields_what_it_can() -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "churn-model-3-predictor-x"},
        "status": {
            "containerStatuses": [
                {
                    "name": "kserve-container",
                    "ready": False,
                    "restartCount": 4,
                    "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}},
                    "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                }
            ]
        },
    }
    text = json.dumps(pod, indent=4)
    analyse_within_ceiling(text[: len(text) * 3 // 4])


def test_yaml_alias_bomb_is_not_expanded() -> None:
    bomb = ["apiVersion: v1", "kind: Pod", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 12):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    bomb.append("status:\n  phase: Running\n  reason: *k")
    analyse_within_ceiling("\n".join(bomb), ceiling=5)


@pytest.mark.parametrize("char", ["a", " ", "│", "─", "{", "[", '"', ":", "-", "\\", "0", "x"])
def test_long_runs_of_one_character(char: str) -> None:
    analyse_within_ceiling(char * 2_000_000)
    analyse_within_ceiling((char * 200 + "\n") * 10_000)


def near_misses() -> list[str]:
    """Each message signal's literal repeated on long lines with text that almost matches."""
    texts = []
    for error in load_catalog().errors:
        for signal in error.signals:
            for literal in signal.literals:
                texts.append(f"{error.id}: " + (literal + "x" * 7 + '"' + " ") * 20_000)
                texts.append((literal + "\n") * 20_000)
    return texts


def test_near_misses_of_every_catalog_pattern_stay_fast() -> None:
    for text in near_misses():
        analyse_within_ceiling(text, ceiling=5)


FORMAT_TOKENS = [
    *"│┌┬┐├┼┤└┴┘─ |+-:\"'{}[](),.#=\n\t\r\x1bABCxyz0123456789",
    "Reason: ", "OOMKilled", "Exit Code: 137", "Events:", "Containers:", "State: ", "Last State: ",
    "Name: ", "apiVersion: v1\n", "kind: Pod\n", '"reason": ', "status:\n", "  - name: ", "Warning ",
    "Failed ", "BackOff ", "error building pyfunc image: ", "Pod container status:\n", "TYPE ",
    "CONTAINER NAME", "Job conditions:\n", "2026-11-02T10:00:00Z ", "[pod][kserve-container] ",
    "INFO[0003] ", "manifest unknown", "exceeded quota: ", "Insufficient memory", "&a ", "*a",
]  # fmt: skip
FORMAT_ALPHABET = st.sampled_from(FORMAT_TOKENS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FORMAT_ALPHABET, max_size=400).map("".join))
def test_random_format_soup_never_raises(text: str) -> None:
    analyse_within_ceiling(text, ceiling=5)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=5000))
def test_random_bytes_never_raise(data: bytes) -> None:
    analyse_within_ceiling(data, ceiling=5)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_random_unicode_never_raises(text: str) -> None:
    analyse_within_ceiling(text, ceiling=5)
