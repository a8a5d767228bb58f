"""Loki's exports name each line's stream by labels: logcli's label sets, Grafana's common labels."""

from parsers_helpers import facts_of

from diagnoser import diagnose
from diagnoser.normalise import normalise

T = "m-8-transformer-00001-deployment-7d5c4b3a2-wt6ph"
P = "m-8-predictor-00001-deployment-5e4d3c2b1-n9m8k"


def test_logcli_label_sets_name_each_lines_container_and_are_not_part_of_its_text():
    text = (
        f'2026-12-03T14:58:09Z {{app="m-8", container="transformer", pod="{T}"}} panic: boom\n'
        f'2026-12-03T14:57:51Z {{app="m-8", container="kserve-container", pod="{P}"}} INFO ready\n'
    )
    assert normalise(text).text.splitlines() == ["panic: boom", "INFO ready"]
    facts = facts_of(text)
    assert facts.log_streams == [(1, "transformer"), (2, "kserve-container")]
    assert facts.source_at(1) != facts.source_at(2)
    assert [f.id for f in diagnose(text).findings] == ["transformer-error"]


def test_grafanas_txt_download_takes_the_container_of_its_common_labels():
    text = (
        'Common labels: {"app":"m-2","container":"transformer","namespace":"ns"}\n'
        'Line limit: "1000 (2 returned)"\n\n\n'
        "1796288432621\t2026-12-03T09:00:32.621Z\tTraceback (most recent call last):\n"
        "1796288432626\t2026-12-03T09:00:32.626Z\tModuleNotFoundError: No module named 'feast'\n"
    )
    assert normalise(text).text.splitlines()[5] == "ModuleNotFoundError: No module named 'feast'"
    assert facts_of(text).component_at(6) == "transformer"
    assert diagnose(text).findings[0].id == "transformer-error"


def test_the_older_grafana_txt_rows_and_logcli_common_labels_are_read_too():
    text = (
        '2026/12/04 19:31:02 Common labels: {namespace="etl", container="worker"}\n'
        "2026-12-04 19:22:48.118\tERROR something\n"
    )
    assert normalise(text).text.splitlines()[1] == "ERROR something"
    assert facts_of(text).container_at(2) == "worker"
