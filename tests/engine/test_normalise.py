"""Normalisation cleans the paste but never moves a line."""

from __future__ import annotations

import json

from diagnoser.normalise import CHUNK_CHARS, MAX_INPUT_CHARS, normalise


def test_ansi_codes_and_crlf_are_removed_and_line_numbers_kept() -> None:
    doc = normalise(b"\x1b[31mfirst\x1b[0m\r\nsecond\r\nthird")
    assert doc.line_count == 3
    assert doc.line(1) == "first"
    assert doc.line(3) == "third"
    assert doc.original_line(1) == "first"


def test_colour_codes_written_out_as_text_are_removed() -> None:
    # cat -v, less, a JSON export and a shell script each spell ESC their own way.
    paste = "^[[31mOOMKilled^[[0m\nESC[1;33mwarnESC[0m\n\\u001b[32mok\\u001b[0m\n\\033[0mdone\n"
    doc = normalise(paste)
    assert [doc.line(n) for n in range(1, 5)] == ["OOMKilled", "warn", "ok", "done"]
    assert doc.original_line(1) == "OOMKilled"


def test_bracketed_text_that_only_looks_like_a_colour_code_is_kept() -> None:
    assert normalise("[31m] of 40 items; ESC key pressed").line(1) == "[31m] of 40 items; ESC key pressed"


def test_logs_tab_prefix_is_stripped_but_original_line_kept_for_evidence() -> None:
    paste = (
        "[churn-model-2-predictor-abc][kserve-container] 2024-05-02T10:11:12.345678Z Loading model\n"
        "2024-05-02T10:11:13Z MemoryError: Unable to allocate 2.1 GiB\n"
    )
    doc = normalise(paste)
    assert doc.line(1) == "Loading model"
    assert doc.line(2) == "MemoryError: Unable to allocate 2.1 GiB"
    assert doc.original_line(1).startswith("[churn-model-2-predictor-abc]")


def test_json_lines_records_are_replaced_by_their_message() -> None:
    records = [
        {"textPayload": "ERROR: No matching distribution found for torch==9.9", "severity": "ERROR"},
        {"jsonPayload": {"message": "model loaded"}},
        {"log": "Killed\n"},
    ]
    doc = normalise("\n".join(json.dumps(r) for r in records))
    assert doc.line(1) == "ERROR: No matching distribution found for torch==9.9"
    assert doc.line(2) == "model loaded"
    assert doc.line(3) == "Killed"


def test_one_line_kubernetes_object_is_not_unwrapped() -> None:
    line = '{"apiVersion": "v1", "kind": "Event", "message": "Back-off restarting failed container"}'
    assert normalise(line).line(1) == line


def test_tabs_expand_and_control_bytes_become_spaces() -> None:
    doc = normalise("a\tb\x00c")
    assert doc.line(1) == "a       b c"


def test_invalid_utf8_is_replaced_and_reported() -> None:
    doc = normalise(b"Reason: OOMKilled \xff\xfe\xfd")
    assert "OOMKilled" in doc.line(1)
    assert any("UTF-8" in note for note in doc.notes)


def test_utf16_with_bom_is_decoded() -> None:
    doc = normalise("Reason: OOMKilled".encode("utf-16"))
    assert doc.line(1) == "Reason: OOMKilled"


def test_huge_paste_keeps_its_end_and_says_so() -> None:
    filler = "x" * 99 + "\n"
    lines = MAX_INPUT_CHARS // len(filler) + 1000
    doc = normalise(filler * lines + "Reason: OOMKilled\n")
    assert doc.truncated
    assert doc.first_line > 1
    assert doc.line(doc.last_line) == "Reason: OOMKilled"
    assert doc.last_line == lines + 1
    assert any("only its last" in note for note in doc.notes)


def test_a_final_newline_does_not_count_as_a_line() -> None:
    assert normalise("one\ntwo\n").line_count == 2
    assert normalise("one\ntwo").line_count == 2
    assert normalise("\n").line_count == 1


def test_line_of_maps_offsets_to_paste_line_numbers() -> None:
    doc = normalise("one\ntwo\nthree")
    assert doc.line_of(0) == 1
    assert doc.line_of(doc.text.index("three")) == 3
    assert doc.offset_of(2) == 4


def test_big_paste_is_cleaned_the_same_across_chunk_boundaries() -> None:
    line = "[iris-2-predictor-x][kserve-container] 2026-11-02T10:00:00Z request {n} ok\n"
    count = CHUNK_CHARS * 2 // len(line.format(n=0)) + 10
    doc = normalise("".join(line.format(n=n) for n in range(count)))
    assert doc.line_count == count
    assert all(doc.line(n) == f"request {n - 1} ok" for n in range(1, count + 1))


def test_utf16_without_a_byte_order_mark_is_detected_and_diagnosed() -> None:
    from diagnoser import diagnose

    text = "Last State:     Terminated\n  Reason:       OOMKilled\n  Exit Code:    137\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        report = diagnose(text.encode(encoding))
        assert [f.id for f in report.findings][:1] == ["oomkilled"], encoding
        assert any("UTF-16" in note for note in report.input.notes)


def test_html_markup_of_a_copied_page_is_removed_and_lines_kept() -> None:
    # A dashboard's events table and a toast's source: cells become columns, inline tags vanish.
    paste = (
        "<tr><td>Warning</td><td>Failed</td><td>kubelet</td>"
        "<td>Error: secret &quot;creds&quot; not found</td></tr>\n"
        '<div class="toast"><span>Failed to deploy</span><div>max <b>30</b> &lt;= 20</div></div>\n'
        "<p>first line<br/>\n"
    )
    doc = normalise(paste)
    assert doc.line_count == 3
    cells = ["Warning", "Failed", "kubelet", "Error:", "secret", '"creds"', "not", "found"]
    assert doc.line(1).split() == cells
    assert "Warning  " in doc.line(1)
    assert doc.line(2).strip() == "Failed to deploy  max 30 <= 20"
    assert doc.line(3).strip() == "first line"
    assert doc.original_line(1).startswith("<tr><td>")


def test_angle_bracket_words_that_are_not_html_tags_are_kept() -> None:
    # Python's <module>, Go's <nil>, kubectl's <none>, an escaped &lt;div&gt; written as text.
    paste = 'File "app.py", line 3, in <module>\nmodel type: {onnx <nil>}  <none>  &lt;div&gt;\n'
    doc = normalise(paste)
    assert doc.line(1) == 'File "app.py", line 3, in <module>'
    assert doc.line(2) == "model type: {onnx <nil>}  <none>  <div>"


def test_a_record_at_the_fatal_level_keeps_its_level_before_the_message() -> None:
    fatal = '{"level":"fatal","ts":1.5,"caller":"x/y.go:9","msg":"cannot serve","error":"bind: in use"}'
    info = '{"level":"info","ts":1.4,"msg":"starting"}'
    assert normalise(info + "\n" + fatal + "\n").text == "starting\nFATAL cannot serve: bind: in use\n"


def test_a_fatal_record_nested_in_an_export_keeps_its_level_too() -> None:
    line = '{"jsonPayload":{"level":"fatal","msg":"no config"},"severity":"ERROR"}\n'
    assert normalise(line).text == "FATAL no config\n"
