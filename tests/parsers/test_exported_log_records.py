"""Log explorers' exports keep each record's source: JSON lines and CSV files."""

import json

from parsers_helpers import facts_of, kinds_of

from diagnoser import diagnose
from diagnoser.csv_export import exports
from diagnoser.normalise import normalise


def _cloud_logging(container: str, pod: str, text: str) -> str:
    return json.dumps(
        {
            "insertId": "x1",
            "resource": {"type": "k8s_container", "labels": {"container_name": container, "pod_name": pod}},
            "severity": "ERROR",
            "textPayload": text,
        }
    )


def test_cloud_logging_records_name_the_container_that_printed_them():
    text = "\n".join(
        [
            _cloud_logging("storage-initializer", "m-1-predictor-abc12-x1y2z", "copying gs://b/m"),
            _cloud_logging("kserve-container", "m-1-predictor-abc12-x1y2z", "loading model"),
            _cloud_logging("kserve-container", "m-1-predictor-abc12-x1y2z", "ready"),
            _cloud_logging("transformer", "m-1-transformer-def34-a1b2c", "KeyError: 'store'"),
        ]
    )
    facts = facts_of(text)
    assert facts.kinds == ["json-lines-log"]
    assert facts.log_streams == [(1, "storage-initializer"), (2, "kserve-container"), (4, "transformer")]
    assert facts.component_at(4) == "transformer"


def test_fluent_bit_and_otel_source_fields_are_read_and_a_record_without_one_ends_the_stream():
    text = "\n".join(
        [
            '{"log":"starting","kubernetes":{"pod_name":"m-2-predictor-abc12-x1y2z",'
            '"container_name":"kserve-container"}}',
            '{"body":"KeyError: 1","k8s.pod.name":"m-2-transformer-abc12-x1y2z",'
            '"k8s.container.name":"transformer"}',
            '{"msg":"a record with no source"}',
        ]
    )
    assert facts_of(text).log_streams == [(1, "kserve-container"), (2, "transformer"), (3, None)]


def test_a_transformer_traceback_exported_from_cloud_logging_is_the_transformers():
    pod = "promo-2-transformer-00001-deployment-5d4c3b2a1-k9j8h"
    text = "\n".join(
        [
            _cloud_logging("transformer", pod, "Traceback (most recent call last):"),
            _cloud_logging("transformer", pod, '  File "/app/transformer.py", line 48, in preprocess'),
            _cloud_logging("transformer", pod, "KeyError: 'store'"),
        ]
    )
    assert [f.id for f in diagnose(text).findings] == ["transformer-error"]


def test_a_load_error_is_not_cleared_by_another_pods_request_served_in_the_same_export():
    failing, serving = "m-3-predictor-aaaaa-11111", "m-3-predictor-bbbbb-22222"
    text = "\n".join(
        [
            _cloud_logging("kserve-container", failing, "_pickle.UnpicklingError: invalid load key, 'v'."),
            _cloud_logging("kserve-container", serving, '"POST /v1/models/m-3:predict HTTP/1.1" 200'),
        ]
    )
    facts = facts_of(text)
    assert facts.source_at(1) != facts.source_at(2)
    assert "model-load-error" in [f.id for f in diagnose(text).findings]


CSV_LOGS = (
    '"timestamp","severity","resource.labels.container_name","textPayload"\n'
    '"2026-12-02T19:05:33.610Z","ERROR","transformer","Traceback (most recent call last):\n'
    '  File ""/app/transformer.py"", line 48, in preprocess\n'
    "KeyError: 'store'\n"
    '"\n'
    '"2026-12-02T19:05:33.611Z","INFO","kserve-container","model loaded"\n'
)


def test_a_csv_export_is_one_segment_and_each_row_reads_as_its_message_line_for_line():
    doc = normalise(CSV_LOGS)
    assert doc.text.splitlines() == [
        '"timestamp","severity","resource.labels.container_name","textPayload"',
        "Traceback (most recent call last):",
        '  File "/app/transformer.py", line 48, in preprocess',
        "KeyError: 'store'",
        "",
        "model loaded",
    ]
    assert kinds_of(CSV_LOGS) == [("csv-log-export", 1, 6)]
    assert facts_of(CSV_LOGS).log_streams == [(2, "transformer"), (6, "kserve-container")]


def test_a_transformer_exception_in_a_csv_cell_is_attributed_to_the_transformer():
    report = diagnose(CSV_LOGS)
    assert [f.id for f in report.findings] == ["transformer-error"]
    assert [e.line for e in report.findings[0].evidence] == [4]


def test_an_exported_event_log_reads_as_events_and_a_scheduled_pod_makes_its_failedscheduling_stale():
    text = (
        "timestamp,jsonPayload.reason,jsonPayload.involvedObject.name,jsonPayload.message\n"
        "2026-12-02T21:01:04Z,FailedScheduling,m-4-predictor-abc12-x1y2z,"
        '"0/6 nodes are available: 6 Insufficient cpu."\n'
        "2026-12-02T21:02:31Z,Scheduled,m-4-predictor-abc12-x1y2z,Successfully assigned ns/m-4 to node-7\n"
        "2026-12-02T21:02:59Z,Started,m-4-predictor-abc12-x1y2z,Started container kserve-container\n"
    )
    facts = facts_of(text)
    assert [(e.reason, e.object, e.line) for e in facts.events] == [
        ("FailedScheduling", "m-4-predictor-abc12-x1y2z", 2),
        ("Scheduled", "m-4-predictor-abc12-x1y2z", 3),
        ("Started", "m-4-predictor-abc12-x1y2z", 4),
    ]
    assert diagnose(text).findings == []
    assert [f.id for f in diagnose(text.rsplit("\n", 3)[0] + "\n").findings] == ["insufficient-resources"]


def test_comma_separated_lines_without_a_message_field_or_rows_are_not_an_export():
    assert list(exports("time,cpu,memory\n10:00,2,4Gi\n")) == []  # a metrics table: no message
    assert list(exports("timestamp,message\nthe next line is prose, not a row of two\n")) == []
    assert list(exports("Time,Line\n")) == []  # a header alone


def test_a_row_that_breaks_the_format_ends_the_export_there():
    text = 'Time,Line\n1,"ok"\n2,"unclosed quote\n3,next\n' + "x" * 10 + "\n"
    (export,) = exports(text)
    assert [row.cells for row in export.rows] == [["1", "ok"]]
    # An unclosed quote never swallows the rest of a big paste: the cell limit stops it.
    huge = 'Time,Line\n1,"' + "a\n" * 200_000
    assert [len(e.rows) for e in exports(huge)] == []


AZURE_CSV = (
    "TimeGenerated [UTC],Computer,ContainerName,PodName,LogMessage,LogSource\n"
    '"12/3/2026, 7:41:03.377 AM",aks-pool-1,transformer,m-5-transformer-abc12-x1y2z,'
    "Traceback (most recent call last):,stderr\n"
    '"12/3/2026, 7:41:03.377 AM",aks-pool-1,transformer,m-5-transformer-abc12-x1y2z,'
    "KeyError: 'FEAST_SERVING_URL',stderr\n"
)


def test_a_log_analytics_csv_with_a_zone_in_its_time_field_is_an_export_read_by_its_container_name():
    assert kinds_of(AZURE_CSV) == [("csv-log-export", 1, 3)]
    assert facts_of(AZURE_CSV).log_streams == [(2, "transformer")]
    assert [f.id for f in diagnose(AZURE_CSV).findings] == ["transformer-error"]


def test_a_csv_re_saved_with_semicolons_is_read_with_its_own_separator():
    text = AZURE_CSV.replace(",", ";").replace('"12/3/2026; ', '"03.12.2026 ')
    (export,) = exports(text)
    assert export.columns.delimiter == ";"
    assert [row.cells[2] for row in export.rows] == ["transformer", "transformer"]
    assert [f.id for f in diagnose(text).findings] == ["transformer-error"]


def test_a_csv_without_a_container_field_takes_the_container_its_log_file_or_stream_names():
    text = (
        "_time,source,_raw\n"
        "2026-12-03T17:30:06Z,/var/log/containers/m-6-transformer-abc12-x1y2z_ns_transformer-8f7e6d5c4b3a.log,"
        "KeyError: 'store'\n"
        "2026-12-03T17:30:07Z,m-6-predictor-abc12-x1y2z_ns_kserve-container-1a2b3c4d5e6f,ready\n"
    )
    assert facts_of(text).log_streams == [(2, "transformer"), (3, "kserve-container")]


def test_a_csv_row_holding_a_shipper_record_takes_the_records_source_field():
    record = json.dumps({"log": "KeyError: 'store'\n", "kubernetes": {"container_name": "transformer"}})
    text = "@timestamp,@message\n2026-12-03 04:15:09.771," + '"' + record.replace('"', '""') + '"\n'
    assert facts_of(text).log_streams == [(2, "transformer")]
    assert [f.id for f in diagnose(text).findings] == ["transformer-error"]


def test_an_export_of_searches_quotes_search_terms_and_reads_as_no_output():
    text = (
        "_time,user,search\n"
        '2026-12-04T20:30:11Z,amira,"search index=k8s (""OOMKilled"" OR ""CrashLoopBackOff"")"\n'
    )
    (export,) = exports(text)
    assert export.columns.message is None and len(export.rows) == 1
    assert normalise(text).text.splitlines()[1] == ""
    assert diagnose(text).findings == []


def test_a_traceback_joined_onto_one_record_line_is_matched_line_by_line():
    record = {
        "textPayload": (
            "Traceback (most recent call last):\n  File \"/app/t.py\", line 3, in <module>\nKeyError: 'x'\n"
        ),
        "resource": {"labels": {"container_name": "transformer"}},
    }
    report = diagnose(json.dumps(record))
    assert report.findings[0].id == "transformer-error"
    assert [e.line for e in report.findings[0].evidence] == [1]


def test_a_byte_order_mark_before_a_pasted_csv_header_is_no_character_of_the_paste():
    assert kinds_of("\ufeff" + AZURE_CSV) == [("csv-log-export", 1, 3)]
    assert kinds_of(("\ufeff" + AZURE_CSV).encode("utf-8")) == [("csv-log-export", 1, 3)]


def _pretty_entries(*entries: tuple[str, str]) -> str:
    return json.dumps(
        [
            {"textPayload": text, "resource": {"type": "k8s_container", "labels": {"container_name": c}}}
            for c, text in entries
        ],
        indent=2,
    )


def test_a_pretty_printed_array_of_records_gives_each_records_text_its_container():
    text = _pretty_entries(("kserve-container", "model loaded"), ("transformer", "panic: index out of range"))
    assert kinds_of(text) == [("json-lines-log", 1, 20)]
    facts = facts_of(text)
    assert facts.component_at(3) == "model" and facts.component_at(12) == "transformer"
    assert facts.component_at(4) is None  # the record's other lines name nothing


def test_a_pretty_printed_records_text_line_reads_as_the_text_itself():
    text = _pretty_entries(("transformer", "panic: index out of range [2] with length 2"))
    assert normalise(text).text.splitlines()[2] == "panic: index out of range [2] with length 2"
    assert [f.id for f in diagnose(text).findings] == ["transformer-error"]


def test_a_nested_ecs_container_name_and_a_hit_source_are_read_as_the_records_source():
    hit = {
        "_index": "logs",
        "_source": {"message": "KeyError: 'store'", "kubernetes": {"container": {"name": "transformer"}}},
    }
    text = "Expanded document\n\n" + json.dumps(hit, indent=2)
    facts = facts_of(text)
    line = normalise(text).text.splitlines().index("KeyError: 'store'") + 1
    assert facts.component_at(line) == "transformer"


def test_a_pretty_printed_kubernetes_object_or_api_answer_is_no_block_of_records():
    waiting = {"waiting": {"message": "x", "reason": "Y"}}
    status = json.dumps({"name": "transformer", "state": waiting}, indent=2)
    endpoint = json.dumps({"status": "running", "message": "timeout creating inference service"}, indent=2)
    assert all(kind != "json-lines-log" for kind, _, _ in kinds_of(status))
    assert all(kind != "json-lines-log" for kind, _, _ in kinds_of(endpoint))


def test_records_of_loki_splunk_and_log_analytics_name_their_text_and_source_their_own_way():
    loki = '{"labels":{"container":"transformer","pod":"m-1"},"line":"KeyError: \'store\'"}'
    splunk = '{"preview":false,"result":{"_raw":"KeyError: \'store\'","container_name":"transformer"}}'
    for text in (loki, splunk):
        assert normalise(text).text == "KeyError: 'store'"
        assert facts_of(text).log_streams[0] == (1, "transformer")
    fluent_bit = '{"log"=>"x", "kubernetes"=>{"container_name"=>"transformer"}}'
    from diagnoser.parsers.log_records import record_container

    assert record_container(fluent_bit) == "transformer"


TAG = "kube.var.log.containers.m-3-transformer-abc12-x1y2z_ns_transformer-0c1d2e3f4a5b.log"


def test_fluentd_stdout_records_after_their_time_and_tag_are_records_with_a_source():
    record = '{"log":"ImportError: no engine","kubernetes":{"container_name":"transformer"}}'
    text = f"2026-12-04 04:18:14.990602288 +0000 {TAG}: {record}\n"
    assert kinds_of(text) == [("json-lines-log", 1, 1)]
    assert normalise(text).text.splitlines() == ["ImportError: no engine"]
    assert facts_of(text).log_streams[0] == (1, "transformer")


def test_fluent_bit_msgpack_stdout_records_with_ruby_style_maps_are_records_with_a_source():
    record = (
        '{"time"=>"t", "log"=>"ImportError: libGL.so.1", "kubernetes"=>{"container_name"=>"transformer"}}'
    )
    text = f"[0] {TAG}: [[1796360604.118204117, {{}}], {record}]\n"
    assert normalise(text).text.splitlines() == ["ImportError: libGL.so.1"]
    assert facts_of(text).log_streams[0] == (1, "transformer")
    assert diagnose(text).findings[0].id == "transformer-error"


def test_records_without_a_source_are_the_transformers_when_its_entry_point_wrote_one() -> None:
    text = (
        '{"level":"info","ts":1.1,"caller":"transformer/main.go:96","msg":"configuration loaded"}\n'
        '{"level":"fatal","ts":1.2,"caller":"server/http_server.go:188","msg":"failed to start"}\n'
    )
    assert [container for _, container in facts_of(text).log_streams] == ["transformer"]


def test_records_without_a_source_or_the_transformers_caller_name_no_container() -> None:
    text = '{"level":"info","ts":1.1,"caller":"app/main.go:10","msg":"up"}\n{"level":"fatal","msg":"x"}\n'
    assert [container for _, container in facts_of(text).log_streams if container] == []
