"""gcloud's YAML LogEntry documents and RFC 5424 syslog lines name the container that
printed each record, as the Logs tab's prefix does."""

import yaml
from parsers_helpers import facts_of

from diagnoser import diagnose
from diagnoser.normalise import normalise


def _entry(container: str, pod: str, text: str) -> dict:
    return {
        "insertId": "a1",
        "logName": "projects/p/logs/stderr",
        "resource": {
            "labels": {"container_name": container, "namespace_name": "ns", "pod_name": pod},
            "type": "k8s_container",
        },
        "severity": "ERROR",
        "textPayload": text,
        "timestamp": "2026-12-04T03:41:15.310552901Z",
    }


def _gcloud_yaml(*entries: dict) -> str:
    """What ``gcloud logging read`` prints: one explicit document per entry, keys sorted,
    long scalars folded at 80 columns."""
    return "".join(yaml.safe_dump(entry, explicit_start=True, default_flow_style=False) for entry in entries)


PREDICTOR = "m-7-r2-predictor-00001-deployment-5c8d7f9b6-h2lxv"
TRANSFORMER = "m-7-r2-transformer-00001-deployment-68b4c5d7f-q9wrt"


def test_gcloud_yaml_documents_name_their_container_and_the_text_is_unwrapped():
    text = _gcloud_yaml(
        _entry("kserve-container", PREDICTOR, "INFO:     Application startup complete."),
        _entry("transformer", TRANSFORMER, "KeyError: 'zone'"),
    )
    facts = facts_of(text)
    assert facts.kinds == ["json-lines-log"]
    second = text.count("\n", 0, text.index("---", 3)) + 1
    assert facts.log_streams == [(1, "kserve-container"), (second, "transformer")]
    assert "\nKeyError: 'zone'\n" in normalise(text).text  # the doubled quote is undone


def test_a_folded_text_payload_is_read_as_one_line_and_keeps_the_line_count():
    long = "FileNotFoundError: [Errno 2] No such file or directory: " + " ".join(["'/app/a b c'"] * 8)
    text = _gcloud_yaml(_entry("transformer", TRANSFORMER, long))
    assert text.count("\n  ") >= 2  # folded by the emitter
    doc = normalise(text)
    assert long in doc.text.split("\n")
    assert doc.text.count("\n") == text.count("\n")


def test_a_transformer_traceback_read_with_gcloud_yaml_is_the_transformers():
    text = _gcloud_yaml(
        _entry("kserve-container", PREDICTOR, "INFO:     Uvicorn running on http://0.0.0.0:8080"),
        _entry("transformer", TRANSFORMER, "Traceback (most recent call last):"),
        _entry("transformer", TRANSFORMER, "FileNotFoundError: [Errno 2] No such file: '/app/m.json'"),
    )
    assert [f.id for f in diagnose(text).findings] == ["transformer-error"]


def test_rfc5424_syslog_lines_name_the_program_as_the_container():
    text = "\n".join(
        [
            f"<134>1 2026-12-04T15:02:11.204Z {TRANSFORMER} transformer - - - starting",
            f"<131>1 2026-12-04T15:02:11.301Z {TRANSFORMER} transformer - - - panic: runtime error: boom",
            f"<134>1 2026-12-04T15:02:12.730Z {PREDICTOR} kserve-container - - - INFO: ready",
        ]
    )
    facts = facts_of(text)
    assert facts.log_streams == [(1, "transformer"), (3, "kserve-container")]
    assert normalise(text).text.split("\n")[1] == "panic: runtime error: boom"
    assert [f.id for f in diagnose(text).findings] == ["transformer-error"]


def test_a_syslog_line_with_structured_data_and_no_app_name_names_no_container():
    text = '<165>1 2026-12-04T22:14:15.003Z node-1 - 8710 ID47 [origin ip="10.0.0.1"] hello'
    facts = facts_of(text)
    assert facts.log_streams == []
    assert normalise(text).text == "hello"
