"""Output carried differently keeps its reading: hard-wrapped by an 80-column terminal, or
indented four spaces as a Markdown code block (Stack Overflow, forums, mail)."""

from __future__ import annotations

import json

from diagnoser import diagnose
from diagnoser.normalise import normalise
from diagnoser.recognise import recognise


def _cut_at(text: str, width: int = 80) -> str:
    """``text`` as a terminal of ``width`` columns copies it: every longer line broken."""
    out = []
    for line in text.splitlines():
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out) + "\n"


def _ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


DESCRIBE_EXEC_FORMAT = """\
    Last State:     Terminated
      Reason:       Error
      Message:      standard_init_linux.go:228: exec user process caused: exec format error
      Exit Code:    1
    Ready:          False
    Restart Count:  4
"""


def test_a_describe_message_cut_by_the_terminal_is_read_whole() -> None:
    pasted = _cut_at(DESCRIBE_EXEC_FORMAT)
    assert "exec f\normat error" in pasted  # the cut falls inside the word
    assert _ids(pasted)[:1] == ["image-wrong-architecture"]


def test_the_continuation_of_a_cut_describe_line_stays_in_its_block() -> None:
    doc = normalise(_cut_at(DESCRIBE_EXEC_FORMAT))
    segments = recognise(doc)
    assert [segment.kind for segment in segments] == ["kubectl-describe-pod"]
    assert (segments[0].start, segments[0].end) == (1, 7)


def test_a_cut_that_falls_on_a_space_keeps_the_words_apart() -> None:
    events = (
        "Events:\n"
        "  Type     Reason     Age                    From     Message\n"
        "  ----     ------     ----                   ----     -------\n"
        "  Normal   Killing    2m35s (x4 over 5m15s)  kubelet  Container kserve-container"
        " failed liveness probe, will be restarted\n"
        "  Warning  BackOff    41s (x6 over 3m)       kubelet  Back-off restarting failed"
        " container kserve-container in pod fraud-1-r1-predictor-00001-deployment-84c6b9f7d-wq5tx\n"
    )
    pasted = _cut_at(events)
    assert "\n failed liveness probe" in pasted  # the space is the next line's first character
    doc = normalise(pasted)
    cut = next(n for n in range(1, doc.last_line) if doc.line(n).endswith("kserve-container"))
    assert doc.joiner(cut) == " "
    assert _ids(pasted)[:1] == ["probe-failure"]


def test_a_wrapped_json_log_record_is_read_as_its_message_once_whole() -> None:
    record = {
        "level": "error",
        "ts": "2026-12-01T09:12:40.118Z",
        "logger": "fallback",
        "msg": "Reconcile error",
        "knative.dev/key": "fin-risk/payout-anomaly-1-r3-predictor-00001",
        "error": 'failed to create deployment "payout-anomaly-1-r3-predictor-00001-deployment": admission'
        ' webhook "validation.gatekeeper.sh" denied the request: [allowed-registries] container'
        " <kserve-container> has an invalid image repo <docker.io/jdoe/payout-anomaly:1.0>",
    }
    pasted = _cut_at(json.dumps(record))
    assert pasted.count("\n") > 4
    assert _ids(pasted)[:1] == ["admission-denied"]


def test_a_markdown_code_block_is_read_without_its_four_spaces() -> None:
    question = (
        "Building my model version fails, the log ends with:\n"
        "\n"
        "    ERROR: Cannot install merlin-sdk==0.45.1 and protobuf==5.28.3\n"
        "\n"
        "    The conflict is caused by:\n"
        "        The user requested protobuf==5.28.3\n"
        "        merlin-sdk 0.45.1 depends on protobuf<5.0.0 and >=3.12.0\n"
        "\n"
        "What should I pin?\n"
    )
    doc = normalise(question)
    assert doc.line(5) == "The conflict is caused by:"
    assert doc.line(6) == "    The user requested protobuf==5.28.3"  # its own indent stays
    assert doc.original_line(5) == "    The conflict is caused by:"  # evidence as pasted
    assert _ids(question)[:1] == ["dependency-resolution-failed"]


def test_indented_output_that_runs_on_without_a_blank_line_is_not_a_code_block() -> None:
    # A termination message's last line, a blank line kept from the message, then the
    # container's own keys at their indentation: describe output, not Markdown.
    describe = (
        "    Last State:     Terminated\n"
        "      Reason:       Error\n"
        "      Message:      Traceback (most recent call last):\n"
        "KeyError: 'CACHE_URL'\n"
        "\n"
        "      Exit Code:    1\n"
        "    Ready:          True\n"
        "Conditions:\n"
    )
    doc = normalise(describe)
    assert doc.line(6) == "      Exit Code:    1"
    assert doc.line(7) == "    Ready:          True"


def test_lines_padded_with_blanks_to_the_console_width_read_as_without_them() -> None:
    # A Windows console's copy pads every line to its width with spaces.
    pasted = "".join(line.ljust(120) + "\n" for line in DESCRIBE_EXEC_FORMAT.splitlines())
    assert _ids(pasted) == _ids(DESCRIBE_EXEC_FORMAT)
    assert normalise(pasted).line(3).endswith("exec format error")


def test_a_terminal_cut_is_measured_on_the_line_as_pasted() -> None:
    # The cut fell on the space after "Get": the line is 80 columns as pasted, 79 once its
    # last blank is taken off, and still a cut whose words stay apart.
    head = "  Warning  Unhealthy  2m35s (x12 over 6m)   kubelet  Liveness probe failed: Get "
    assert len(head) == 80
    pasted = (
        "Events:\n  Type     Reason     Age                 From     Message\n"
        "  ----     ------     ----                ----     -------\n"
        f'{head}\n"http://10.52.3.17:8080/v1/models/doc-embed-1-r3": dial tcp 10.52.3.17:8080: con\n'
        "nect: connection refused\n"
    )
    doc = normalise(pasted)
    assert 4 in doc.wrapped_lines and doc.joiner(4) == " "
    assert 'failed: Get "http://10.52.3.17:8080' in doc.joined_line(4)
