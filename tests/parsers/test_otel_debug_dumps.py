"""The OpenTelemetry Collector's debug exporter dumps: bodies unwrapped, records' sources read."""

from __future__ import annotations

from diagnoser import diagnose, otel_debug
from diagnoser.normalise import normalise
from diagnoser.recognise import recognise

RESOURCE = """\
2026-11-30T08:02:11.481Z\tinfo\tLogsExporter\t{"kind": "exporter", "data_type": "logs", "name": "debug"}
2026-11-30T08:02:11.481Z\tinfo\tResourceLog #0
Resource SchemaURL: https://opentelemetry.io/schemas/1.6.1
Resource attributes:
     -> k8s.pod.name: Str(churn-7-r2-transformer-00001-deployment-5b8c7d9f4-q2wtx)
     -> k8s.container.name: Str({container})
     -> k8s.namespace.name: Str(growth)
ScopeLogs #0
ScopeLogs SchemaURL:
InstrumentationScope
"""


def record(number: int, body: str, path_container: str = "") -> str:
    path = (
        f"     -> log.file.path: Str(/var/log/pods/growth_churn-7-r2_0f1e2d3c/{path_container}/0.log)\n"
        if path_container
        else ""
    )
    return (
        f"LogRecord #{number}\nObservedTimestamp: 2026-11-30 08:02:10.9 +0000 UTC\n"
        f"Timestamp: 2026-11-30 08:02:10.8 +0000 UTC\nSeverityText:\nSeverityNumber: Unspecified(0)\n"
        f"Body: Str({body})\nAttributes:\n     -> log.iostream: Str(stderr)\n{path}"
        "Trace ID:\nSpan ID:\nFlags: 0\n"
    )


TRACEBACK = [
    "Traceback (most recent call last):",
    '  File "/app/main.py", line 3, in <module>',
    "    import lightgbm",
    "OSError: libgomp.so.1: cannot open shared object file: No such file or directory",
]


def dump(container: str, bodies: list[str]) -> str:
    return RESOURCE.replace("{container}", container) + "".join(record(i, b) for i, b in enumerate(bodies))


def test_a_body_becomes_its_text_and_every_line_keeps_its_number():
    text = dump("transformer", TRACEBACK)
    unwrapped = otel_debug.unwrap(text)
    assert unwrapped.count("\n") == text.count("\n")
    assert "OSError: libgomp.so.1: cannot open shared object file: No such file or directory\n" in unwrapped
    assert "Body: Str(" not in unwrapped


def test_a_body_over_several_lines_loses_only_its_wrapper():
    text = dump(
        "kserve-container", ['Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad']
    )
    unwrapped = otel_debug.unwrap(text)
    assert (
        '\nTraceback (most recent call last):\n  File "x.py", line 1\nValueError: bad\nAttributes:'
        in unwrapped
    )


def test_a_body_with_no_field_after_it_keeps_the_lines_below():
    text = "LogRecord #0\nBody: Str(first line)\nsomething else entirely (not a field)"
    assert otel_debug.unwrap(text) == "LogRecord #0\nfirst line\nsomething else entirely (not a field)"


def test_records_take_their_resources_container_or_their_own_log_path():
    text = (
        dump("transformer", TRACEBACK[:1])
        + RESOURCE.replace("k8s.container.name", "k8s.other")
        + record(0, "ready", path_container="kserve-container")
    )
    assert [r.container for r in otel_debug.records(text)] == ["transformer", "kserve-container"]


def test_a_dump_is_one_segment_of_its_own_kind_beside_the_collectors_log_lines():
    kinds = [s.kind for s in recognise(normalise(dump("transformer", TRACEBACK)))]
    assert "otel-debug-log" in kinds


def test_a_transformers_traceback_seen_through_the_collector_is_the_transformers():
    ids = [f.id for f in diagnose(dump("transformer", TRACEBACK)).findings]
    assert ids[:1] == ["transformer-error"]
    assert "model-load-error" not in ids


def test_the_same_traceback_from_the_model_container_is_a_model_load_error():
    ids = [f.id for f in diagnose(dump("kserve-container", TRACEBACK)).findings]
    assert ids[:1] == ["model-load-error"]


def test_a_fragment_below_a_resources_attributes_takes_its_container():
    text = (
        "     -> k8s.container.name: Str(transformer)\nLogRecord #0\n"
        "Body: Str(exec /app/run: exec format error)\n"
    )
    assert [r.container for r in otel_debug.records(text)] == ["transformer"]


def test_text_without_records_is_left_alone():
    text = "Body: Str(not a dump)\nnothing else"
    assert otel_debug.unwrap(text) == text
    assert otel_debug.records(text) == []
