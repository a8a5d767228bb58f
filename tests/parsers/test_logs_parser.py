from parsers_helpers import facts_of, kinds_of, sample

from diagnoser.normalise import normalise


def test_logs_tab_streams_record_first_line_of_each_container_run():
    facts = facts_of(sample("logs_tab.txt"))
    assert facts.kinds == ["merlin-logs"]
    assert facts.log_streams == [(1, "storage-initializer"), (3, "kserve-container"), (6, "transformer")]


def test_logs_tab_prefix_without_brackets_from_merlin_log_service():
    text = (
        "fraud-scorer-1-predictor-abc kserve-container 2024-03-05T10:00:00Z starting server\n"
        "fraud-scorer-1-predictor-abc kserve-container 2024-03-05T10:00:01Z OSError: model not found\n"
        "fraud-scorer-1-transformer-def transformer 2024-03-05T10:00:02Z ready\n"
    )
    facts = facts_of(text)
    assert facts.kinds == ["merlin-logs"]
    assert facts.log_streams == [(1, "kserve-container"), (3, "transformer")]


def test_logs_with_ansi_colour_codes_in_prefix():
    text = "\x1b[31m[pod-a]\x1b[0m \x1b[31m[kserve-container]\x1b[0m 2024-03-05T10:00:00Z hello\n"
    assert facts_of(text).log_streams == [(1, "kserve-container")]


def test_kubectl_timestamps_only_is_logs_without_streams():
    text = "2024-03-05T10:00:00.123456789Z INFO starting\n2024-03-05T10:00:01.5Z ERROR boom\n"
    facts = facts_of(text)
    assert facts.kinds == ["merlin-logs"] and facts.log_streams == []


def test_kaniko_output_is_an_image_builder_segment():
    text = (
        "INFO[0001] Retrieving image manifest python:3.10-slim\n"
        "INFO[0010] RUN pip install -r requirements.txt\n"
        "Collecting numpy==1.99.0\n"
        "ERROR: Could not find a version that satisfies the requirement numpy==1.99.0\n"
        "error building image: error building stage: failed to execute command: exit status 1\n"
    )
    assert kinds_of(text) == [("image-builder-log", 1, 5)]


def test_json_lines_records_are_a_json_lines_segment():
    text = (
        '{"severity":"ERROR","textPayload":"OOMKilled while loading model","timestamp":"2024-03-05"}\n'
        '{"severity":"INFO","jsonPayload":{"message":"retrying"}}\n'
    )
    assert kinds_of(text) == [("json-lines-log", 1, 2)]


def test_kubectl_logs_prefix_without_timestamps_names_each_lines_container():
    pod = "churn-3-r1-predictor-00001-deployment-7d9f8b6c5d-4xk2p"
    text = (
        f"[pod/{pod}/storage-initializer] INFO:root:Copying contents of gs://b/churn to local\n"
        f"[pod/{pod}/kserve-container] INFO:root:Loading model from /mnt/models\n"
        f"[pod/{pod}/kserve-container] OSError: model not found\n"
    )
    facts = facts_of(text)
    assert facts.log_streams == [(1, "storage-initializer"), (2, "kserve-container")]
    assert [source for _, source in facts.log_sources] == [
        f"[pod/{pod}/storage-initializer] ",
        f"[pod/{pod}/kserve-container] ",
    ]


def test_a_bracketed_word_at_a_line_start_is_not_a_kubectl_prefix():
    assert facts_of("[pod/readme] see the docs\n[INFO] started\n").log_streams == []


def test_loki_stream_labels_after_the_time_name_the_container_and_are_stripped():
    text = (
        '2026-12-01 11:02:41.118\t{namespace="ml", pod="m-1-transformer-00001-deployment-5d4c3-x1y2z",'
        ' container="transformer"}\tTraceback (most recent call last):\n'
        '2026-12-01 11:02:41.119\t{namespace="ml", pod="m-1-transformer-00001-deployment-5d4c3-x1y2z",'
        " container=\"transformer\"}\tKeyError: 'store'\n"
        '2026-12-01T11:02:42Z {app="m-1", namespace="ml", pod="m-1-predictor-00001-deployment-6f7a8-q1w2e"}'
        " model loaded\n"
    )
    facts = facts_of(text)
    assert facts.kinds == ["merlin-logs"]
    assert facts.log_streams == [(1, "transformer"), (3, "m-1-predictor-00001-deployment-6f7a8-q1w2e")]
    assert facts.component_at(2) == "transformer" and facts.component_at(3) == "model"
    assert normalise(text).text.splitlines()[1] == "KeyError: 'store'"


def test_logcli_jsonl_labels_name_the_container():
    text = (
        '{"labels":{"container":"storage-initializer","namespace":"ml","pod":"m-2-predictor-abc12-x1y2z"},'
        '"line":"copying gs://bucket/model","timestamp":"2026-12-01T08:00:00Z"}\n'
    )
    assert facts_of(text).log_streams[0] == (1, "storage-initializer")
