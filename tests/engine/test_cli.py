"""merlin-diagnose: file or stdin in, readable text or JSON out, clear usage errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from diagnoser import cli
from diagnoser.cli import EXIT_OK, EXIT_USAGE, main

HISTORY_OOM = """error building pyfunc image: failed building pyfunc image

Job conditions:
┌────────┬────────┬──────────────────────┬─────────────────────────────────────────────┐
│ TYPE   │ STATUS │ REASON               │ MESSAGE                                     │
├────────┼────────┼──────────────────────┼─────────────────────────────────────────────┤
│ Failed │ True   │ BackoffLimitExceeded │ Job has reached the specified backoff limit │
└────────┴────────┴──────────────────────┴─────────────────────────────────────────────┘

Pod container status:
┌──────────────────────┬────────────┬───────────┬───────────┐
│ CONTAINER NAME       │ STATUS     │ EXIT CODE │ REASON    │
├──────────────────────┼────────────┼───────────┼───────────┤
│ pyfunc-image-builder │ Terminated │ 137       │ OOMKilled │
└──────────────────────┴────────────┴───────────┴───────────┘
"""


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def test_json_output_has_the_documented_fields() -> None:
    code, out = run(["--json"], HISTORY_OOM.encode())
    assert code == EXIT_OK
    report = json.loads(out)
    assert report["input"]["kind"] == "merlin-history"
    finding = report["findings"][0]
    assert finding["id"] == "oomkilled"
    assert set(finding) >= {
        "id",
        "title",
        "stage",
        "confidence",
        "url",
        "facts",
        "evidence",
        "steps",
        "explained_by",
    }
    assert finding["url"].endswith("#oomkilled")
    assert finding["facts"]["component"] == "image-builder"
    assert all({"line", "text"} == set(e) for e in finding["evidence"])


def test_text_output_names_the_error_and_its_steps_without_colour_when_not_a_tty() -> None:
    code, out = run([], HISTORY_OOM.encode())
    assert code == EXIT_OK
    assert "oomkilled" in out and "Steps:" in out
    assert "\x1b[" not in out


def test_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "history.txt"
    path.write_text(HISTORY_OOM, encoding="utf-8")
    code, out = run([str(path), "--json"])
    assert code == EXIT_OK
    assert json.loads(out)["findings"][0]["id"] == "oomkilled"


def test_missing_file_is_a_usage_error_with_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["/nonexistent/history.txt"])
    assert exit_info.value.code == EXIT_USAGE
    assert "cannot read /nonexistent/history.txt" in capsys.readouterr().err


def test_directory_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run([str(tmp_path)])
    assert exit_info.value.code == EXIT_USAGE
    assert "is a directory" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--frobnicate"])
    assert exit_info.value.code == EXIT_USAGE


def test_empty_and_binary_input_complete_with_a_message() -> None:
    code, out = run(["--json"], b"   \n\t\n")
    assert code == EXIT_OK
    assert json.loads(out)["findings"] == []
    assert "empty" in json.loads(out)["message"]
    code, out = run(["--json"], bytes(range(256)) * 100)
    assert code == EXIT_OK
    assert json.loads(out)["findings"] == []


def test_installed_command_works_in_a_pipe_and_honours_no_color() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "diagnoser"],
        input=HISTORY_OOM.encode(),
        capture_output=True,
        env=env,
        check=False,
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert b"oomkilled" in result.stdout
    assert b"\x1b[" not in result.stdout
    assert not result.stderr


def test_huge_input_keeps_its_end_and_true_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "MAX_READ_BYTES", 20_000)
    monkeypatch.setattr(cli, "READ_CHUNK", 4096)
    noise = [f"2026-11-02T10:00:00Z INFO request {n} served in 12ms" for n in range(2000)]
    path = tmp_path / "model.log"
    path.write_text("\n".join([*noise, "ModuleNotFoundError: No module named 'xgboost'"]) + "\n")

    code, out = run([str(path), "--json"])

    report = json.loads(out)
    assert code == EXIT_OK
    assert report["input"]["truncated"] is True
    assert report["findings"][0]["evidence"][0]["line"] == 2001
    assert "analysing its end" in capsys.readouterr().err


def test_text_that_the_terminal_encoding_cannot_show_is_replaced_not_a_traceback() -> None:
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="cp1252")
    code = main([], stdin=io.BytesIO(HISTORY_OOM.encode()), stdout=stdout)
    assert code == EXIT_OK
    assert b"oomkilled" in raw.getvalue()


# --------------------------------------------------------------- formats, redaction, safety

DESCRIBE_WITH_NAMES = """Name:             churn-model-4-r1-predictor-00001-deployment-7f8e9d6c5-j6p2w
Namespace:        growth-team
IP:               10.24.3.40
Containers:
  kserve-container:
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
    Limits:
      memory:  512Mi
"""


def test_format_json_is_the_same_as_json() -> None:
    _, by_flag = run(["--json"], HISTORY_OOM.encode())
    _, by_format = run(["--format", "json"], HISTORY_OOM.encode())
    assert json.loads(by_flag) == json.loads(by_format)


def test_json_and_a_different_format_together_are_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--json", "--format", "markdown"], HISTORY_OOM.encode())
    assert exit_info.value.code == EXIT_USAGE


def test_format_markdown_prints_the_shared_markdown() -> None:
    code, out = run(["--format", "markdown", "--docs-url", "https://docs.example/"], HISTORY_OOM.encode())
    assert code == EXIT_OK
    assert out.startswith("## ") and "`oomkilled`" in out and "](https://docs.example/" in out


def test_redact_alone_prints_the_redacted_paste() -> None:
    code, out = run(["--redact"], DESCRIBE_WITH_NAMES.encode())
    assert code == EXIT_OK
    assert "churn-model" not in out and "growth-team" not in out and "10.24.3.40" not in out
    assert "<model-1>-4-r1-predictor" in out and "OOMKilled" in out
    assert out.count("\n") == DESCRIBE_WITH_NAMES.count("\n")


def test_redact_with_a_report_format_reports_on_the_redacted_paste() -> None:
    _, plain = run(["--json"], DESCRIBE_WITH_NAMES.encode())
    code, redacted = run(["--redact", "--format", "json"], DESCRIBE_WITH_NAMES.encode())
    assert code == EXIT_OK
    assert "churn-model" not in redacted and "growth-team" not in redacted
    ids = [finding["id"] for finding in json.loads(redacted)["findings"]]
    assert ids == [finding["id"] for finding in json.loads(plain)["findings"]] and ids
    code, markdown = run(["--redact", "--format", "markdown"], DESCRIBE_WITH_NAMES.encode())
    assert "**Redacted:**" in markdown and "churn-model" not in markdown


def test_terminal_controls_from_the_paste_never_reach_the_terminal() -> None:
    hostile = "ModuleNotFoundError: No module named 'xgb\x07\x08\u009b2J\x1b]0;pwned\x07oost'\n"
    _, as_json = run(["--json"], hostile.encode())
    report = json.loads(as_json)
    assert "\u009b" in json.dumps(report["findings"], ensure_ascii=False)  # the engine keeps it as data
    assert not any(c in as_json for c in "\x07\x08\u009b\x1b")  # but the JSON text escapes it
    for argv in ([], ["--format", "markdown"], ["--redact"]):
        _, out = run(argv, hostile.encode())
        assert "xgb" in out
        assert not any(c in out for c in "\x07\x08\u009b\x1b"), argv


def test_our_own_colours_stay_when_the_paste_is_cleaned() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    hostile = HISTORY_OOM.replace("OOMKilled │", "OOMKilled\u009b │")
    assert main([], stdin=io.BytesIO(hostile.encode()), stdout=out) == EXIT_OK
    text = out.getvalue()
    assert "\x1b[1m" in text and "\u009b" not in text


def test_a_single_line_over_the_limit_is_cut_and_the_report_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "MAX_READ_BYTES", 20_000)
    monkeypatch.setattr(cli, "READ_CHUNK", 4096)
    one_line = ("é" * 30_000 + " ModuleNotFoundError: No module named 'xgboost'").encode()
    code, out = run(["--json"], one_line)
    report = json.loads(out)
    assert code == EXIT_OK
    assert any("longer than" in note for note in report["input"]["notes"])
    assert "not valid UTF-8" not in " ".join(report["input"]["notes"])  # cut at a character start
    assert "analysing its end" in capsys.readouterr().err
