"""Words about an error are not the error: commands, comments, asserts, alert rules,
templates and logged requests give no finding, while the same words as output still do.
Also the last field of a tab-separated row copied from a log UI is read as a line."""

from __future__ import annotations

import pytest

from diagnoser import diagnose
from diagnoser.not_output import inside_data, line_is_not_output

POD = "ocr-3-r1-predictor-00001-deployment-7b6c4d9f8-pz4cx"


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


@pytest.mark.parametrize(
    "line",
    [
        '    # users see "requested max replicas is more than max permissible"',
        "## OOMKilled after the upgrade",
        '    assert classify("Reason: OOMKilled Exit Code: 137") == "memory"',
        '>>> raise RuntimeError("CUDA out of memory")',
        '      summary: "{{ $labels.pod }} was OOMKilled (exit code 137)"',
    ],
)
def test_comments_asserts_and_templates_are_not_output(line: str) -> None:
    assert line_is_not_output(line)
    assert ids(line) == []


@pytest.mark.parametrize(
    "line",
    [
        f'$ kubectl logs {POD} | grep -E "CUDA out of memory|OOMKilled"',
        f'dev@bastion-2:~/ml$ kubectl logs {POD} | grep "Back-off pulling image"',
        f"$ kubectl logs {POD} | grep -i OOMKilled",
        "$ echo 'exec format error' >> notes.txt",
    ],
)
def test_the_words_of_a_typed_command_are_not_output(line: str) -> None:
    assert ids(line) == []


GLUED = [
    (
        f"dana@ws-42:~/merlin$ kubectl logs {POD} --previousexec /usr/local/bin/python: exec format error",
        "image-wrong-architecture",
    ),
    (
        "PS C:\\Users\\dana> kubectl get pod x -o jsonpath='{.status.containerStatuses[0].lastState}'"
        '{"terminated":{"exitCode":137,"reason":"OOMKilled"}}',
        "oomkilled",
    ),
]


@pytest.mark.parametrize(("line", "expected"), GLUED)
def test_output_glued_to_the_end_of_a_typed_command_still_speaks(line: str, expected: str) -> None:
    assert expected in ids(line)


@pytest.mark.parametrize(
    "line",
    [
        '#12 ERROR: process "/bin/sh -c pip install -r requirements.txt" did not complete successfully',
        "Error: container has runAsNonRoot and image will run as root",
        '2026-11-02T10:00:00Z level=error msg="Back-off restarting failed container kserve-container"',
    ],
)
def test_output_lines_that_look_like_them_still_speak(line: str) -> None:
    assert not line_is_not_output(line)


def test_a_label_matcher_in_a_selector_or_a_matcher_list_is_data() -> None:
    promql = 'kube_pod_container_status_last_terminated_reason{namespace="ml", reason="OOMKilled"} == 1'
    assert inside_data(promql, promql.index("OOMKilled"))
    item = '      - reason = "OOMKilled"'
    assert inside_data(item, item.index("OOMKilled"))
    assert ids(f"groups:\n  - rules:\n    - expr: {promql}\n") == []


def test_logfmt_keys_speak_outside_a_selector() -> None:
    line = 'level=error msg="failed" reason="OOMKilled" container=kserve-container'
    assert not inside_data(line, line.index("OOMKilled"))


def test_an_alert_notifications_annotations_are_data_but_its_output_below_is_not() -> None:
    text = (
        "[FIRING:1] ModelCrashLooping (kserve-container ml critical)\n"
        "Annotations:\n"
        " - runbook = look for OOMKilled / exit code 137 in Last State first\n"
        "\n"
        f"$ kubectl logs {POD} --previous\n"
        "exec /usr/local/bin/start.sh: exec format error\n"
    )
    found = ids(text)
    assert "image-wrong-architecture" in found
    assert "oomkilled" not in found


def test_a_logged_request_quoting_an_incident_is_data_even_under_a_speaking_key() -> None:
    line = (
        '2026-10-14 10:31:09,204 DEBUG predict payload={"instances": [{"ticket": "INC-1", '
        '"body": "Back-off restarting failed container api; Last State: Terminated Reason: OOMKilled"}]}'
    )
    assert inside_data(line, line.index("OOMKilled"))
    assert ids(line + '\nINFO:     10.0.0.7:5000 - "POST /v1/models/triage:predict HTTP/1.1" 200 OK\n') == []


def test_a_response_body_under_a_speaking_key_still_speaks() -> None:
    line = (
        'HTTP response body: {"kind":"Status",'
        '"message":"pods \\"x\\" is forbidden: exceeded quota: ml-quota"}'
    )
    assert not inside_data(line, line.index("exceeded quota"))


def test_the_last_field_of_a_tab_separated_log_ui_row_is_read_as_a_line_of_its_own() -> None:
    row = (
        f"Nov 4, 2026 @ 10:03:41.228\t{POD}\tkserve-container\t"
        "ModuleNotFoundError: No module named 'lightgbm'\n"
    )
    assert ids(row)[:1] == ["model-load-error"]


def test_a_record_with_only_keys_of_its_own_says_what_its_values_say() -> None:
    line = (
        '{"t":"2026-12-01T10:00:00Z","r":"Failed",'
        '"m":"Error: container has runAsNonRoot and image will run as root"}'
    )
    assert not inside_data(line, line.index("container has"))
    answer = '{"predictions": [{"label": "OOMKilled", "score": 0.91}]}'
    assert inside_data(answer, answer.index("OOMKilled"))


def test_the_value_of_a_yaml_entry_whose_key_names_data_is_data() -> None:
    env = '      value: "Readiness probe failed: model not loaded yet"'
    assert inside_data(env, env.index("Readiness"))
    rule = '        summary: "Model container was OOMKilled"'
    assert inside_data(rule, rule.index("OOMKilled"))
    assert ids(f"    - name: FALLBACK_TEXT\n{env}\n") == []
    # A key that speaks, and a tool's capitalised "Summary:", are not data.
    said = "    message: Back-off restarting failed container kserve-container"
    assert not inside_data(said, said.index("Back-off"))
    tool = "Summary: container was OOMKilled"
    assert not inside_data(tool, tool.index("OOMKilled"))


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ('        {"expr": "sum(kube_pod_last_terminated_reason{reason=\\"OOMKilled\\"})"}', "OOMKilled"),
        ('        {"expr": "sum(kube_pod_last_terminated_reason{reason="OOMKilled"})"}', "OOMKilled"),
        ('      memory_limit: "2Gi"   # users who get OOMKilled raise memory_request', "OOMKilled"),
        ('    timeout: "30m"          # "timeout building pyfunc image" after this', "timeout building"),
        ('      if grep -nE "OOMKilled|CrashLoopBackOff" model.log; then', "OOMKilled"),
        ("  - kubectl logs -l app=x --tail=-1 | grep -i crashloopbackoff", "crashloopbackoff"),
    ],
)
def test_escaped_selectors_trailing_yaml_comments_and_search_lines_are_data(line: str, word: str) -> None:
    assert inside_data(line, line.index(word))


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("      Reason:       OOMKilled", "OOMKilled"),
        ('  message: "Back-off restarting failed container" # seen twice', "Back-off"),
        ('  "reason": "OOMKilled", "note": "a # inside"', "OOMKilled"),
    ],
)
def test_the_value_before_a_comment_still_speaks(line: str, word: str) -> None:
    assert not inside_data(line, line.index(word))


@pytest.mark.parametrize(
    "line",
    [
        '10.8.3.14 - - [04/Dec/2026:09:12:40 +0000] "GET /api/v1/logs?search=OOMKilled HTTP/1.1" 200 1873',
        "INFO  GET /v1/endpoints/3f1e/logs?component_type=transformer&search=CrashLoopBackOff HTTP/1.1 200",
        '"GET https://merlin.mlp.internal/api/logs?q=exec+format+error HTTP/2" 200 96 "merlin-ui"',
    ],
)
def test_words_in_an_access_logs_request_target_are_what_a_client_asked_for(line: str) -> None:
    assert ids(line) == []


def test_an_error_after_an_access_logs_request_line_is_still_output() -> None:
    line = '"POST /v1/models/iris:predict HTTP/1.1" 500 - worker killed: OOMKilled'
    start = line.index("OOMKilled")
    assert not inside_data(line, start)
    assert inside_data(line.replace("iris:predict", "iris?q=OOMKilled"), line.index("iris") + 7)


@pytest.mark.parametrize(
    "line",
    [
        '          + display_name = "kserve-container OOMKilled"',
        '      ~ condition_filter = "reason=\\"CrashLoopBackOff\\"" -> "reason=\\"OOMKilled\\""',
        '      - description = "pages when a model is OOMKilled"',
    ],
)
def test_a_terraform_plans_attributes_are_configuration(line: str) -> None:
    assert line_is_not_output(line)
    assert ids(line) == []
