"""Regressions a review of the fourth session's readings found: each input here once gave a
wrong answer (the slow shape it found, bare literal lines, is in ``hostile_shapes``)."""

from __future__ import annotations

import json

from diagnoser import diagnose

T = "2024-01-01T00:00:00Z "


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_a_running_endpoint_in_a_json_list_keeps_its_old_message_as_history() -> None:
    endpoint = {
        "version_id": 1,
        "environment_name": "p",
        "url": "u",
        "status": "running",
        "message": "timeout waiting inference service to be ready: Back-off restarting failed container",
    }
    assert ids(json.dumps([endpoint, endpoint], indent=2)) == []


def test_a_configmap_in_a_list_is_data_to_its_last_key() -> None:
    configmap = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "r"},
        "data": {"oom.md": "OOMKilled"},
    }
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "status": {"phase": "Running"}}
    assert ids(json.dumps({"kind": "List", "items": [configmap, pod]}, indent=2)) == []


def test_a_scalar_yaml_document_does_not_stretch_the_configuration_before_it() -> None:
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {a: hello}\n---\n  just text\n---\n"
        "status:\n  phase: Running\n"
        '  message: "Back-off restarting failed container kserve-container in pod p"\n'
    )
    findings = diagnose(text).findings
    assert findings and findings[0].id == "container-crash" and findings[0].evidence[0].line == 11


def test_a_clearing_line_just_past_a_window_boundary_still_clears() -> None:
    for pad in (2**20 + 50, 2**20 - 50):
        text = "preprocessing error: rpc error: code = Unavailable desc = connection refused\nx\n200\n"
        assert ids(text + "y" * pad + "\n") == []


def test_lines_with_timestamps_only_are_their_own_source() -> None:
    served = f'[B] [kserve-container] {T}"POST /v1/models/m HTTP/1.1" 200\n'
    text = f"[A] [kserve-container] {T}hello\n{T}ModuleNotFoundError: No module named 'x'\n" + served
    assert ids(text) == ["model-load-error"]


def test_an_escaped_backslash_before_e_is_not_a_colour_code() -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "annotations": {"cmd": 'echo -e "\\e[31m"'}},
    }
    assert not any("damaged" in note for note in diagnose(json.dumps(pod, indent=2)).input.notes)


def test_a_deployment_replica_that_exited_zero_does_not_hide_its_crashing_sibling() -> None:
    rows = (
        "NAME                                                   READY   STATUS      RESTARTS   AGE\n"
        "m-1-predictor-00001-deployment-7d9f8b6c5d-abcde        1/2     Completed   4          5m\n"
        "m-1-predictor-00001-deployment-7d9f8b6c5d-qwert        1/2     Error       4          5m\n"
    )
    assert "container-crash" in ids(rows)


def test_history_container_rows_with_ascii_walls_or_an_extra_cell_are_read() -> None:
    assert ids("| kserve-container |  Terminated | 137 | OOMKilled |\n")[0] == "oomkilled"
    assert ids("│ kserve-container │ Terminated │ 137 │ OOMKilled │ extra │\n")[0] == "oomkilled"
