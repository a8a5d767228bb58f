import itertools
import time

from parsers_helpers import facts_of, kinds_of, run, sample

from diagnoser.normalise import normalise
from diagnoser.recognise import recognise


def test_empty_input_has_no_segments():
    assert recognise(normalise("")) == []
    assert recognise(normalise("\n \n\t\n")) == []


def test_plain_text_is_one_container_log_segment():
    assert kinds_of("starting server\nlistening on :8080\n") == [("container-log", 1, 2)]


def test_mixed_paste_history_describe_and_log_lines_are_three_segments():
    assert kinds_of(sample("mixed.txt")) == [
        ("merlin-history", 1, 8),
        ("kubectl-describe-pod", 10, 28),
        ("container-log", 30, 32),
    ]


def test_mixed_paste_merges_facts_from_all_segments():
    facts = facts_of(sample("mixed.txt"))
    assert facts.error_chain[0] == "error deploying inference service (churn-model-2-r3)"
    assert facts.conditions[0].reason == "RevisionFailed"
    assert facts.pod_name == "churn-model-2-r3-predictor-00001-deployment-6b7c-q9w8e"
    container = facts.containers["kserve-container"]
    assert [s.reason for s in container.states] == ["CrashLoopBackOff", "OOMKilled"]
    assert container.limits == {"memory": "256Mi"}
    assert facts.events[0].count == 8
    assert [s.kind for s in facts.segments] == ["merlin-history", "kubectl-describe-pod", "container-log"]


def test_history_followed_by_yaml_and_events_splits_at_each_marker():
    text = (
        sample("history_ascii.txt")
        + "\n"
        + sample("status_fragment.yaml").replace("status:", "apiVersion: v1\nkind: Pod\nstatus:", 1)
        + "\n"
        + sample("events_table.txt")
    )
    kinds = [kind for kind, _, _ in kinds_of(text)]
    assert kinds == ["merlin-history", "kubectl-yaml", "kubectl-events"]


def test_two_describes_back_to_back_are_two_segments():
    one = sample("describe_job_deadline.txt")
    kinds = kinds_of(one + one)
    assert [k for k, _, _ in kinds] == ["kubectl-describe-pod", "kubectl-describe-pod"]
    assert kinds[1][1] == 31


def test_logs_tab_lines_win_over_markers_inside_them():
    text = "[pod-a] [kserve-container] 2024-03-05T10:00:00Z Name: my-feature\n" * 3
    assert kinds_of(text) == [("merlin-logs", 1, 3)]


def test_segments_are_ordered_and_non_overlapping_for_every_sample():
    import pathlib

    for path in sorted((pathlib.Path(__file__).parent / "samples").iterdir()):
        _, segments, _ = run(path.read_text(encoding="utf-8"))
        assert segments, path.name
        for a, b in itertools.pairwise(segments):
            assert a.end < b.start, path.name
        assert all(s.start <= s.end for s in segments)


def test_builder_log_inside_a_noisy_log_is_its_own_segment():
    noise = "".join(f"request {i} served in 3ms\n" for i in range(300))
    builder = "INFO[0003] Retrieving image manifest python:3.10\nerror building image: exit status 1\n"
    kinds = kinds_of(noise + builder + noise)
    assert [k for k, _, _ in kinds] == ["container-log", "image-builder-log", "container-log"]


def test_recognise_is_fast_on_a_50_mb_mostly_noise_log():
    line = "2024-03-05 10:00:00,123 INFO served path=/v1/models/churn-model-2:predict status=200 in 3ms\n"
    text = line * (50_000_000 // len(line)) + "Traceback (most recent call last):\nMemoryError\n"
    doc = normalise(text)
    started = time.perf_counter()
    segments = recognise(doc)
    elapsed = time.perf_counter() - started
    assert segments[-1].end == doc.last_line - 1 or segments[-1].end == doc.last_line
    assert elapsed < 60.0, elapsed  # a ceiling against catastrophic growth; speed is benchmarked


def test_recognise_is_fast_on_a_large_logs_tab_paste():
    line = "[churn-model-2-predictor-abc] [kserve-container] 2024-03-05T10:00:00Z request served in 3ms\n"
    text = line * 200_000
    doc = normalise(text)
    started = time.perf_counter()
    _, segments, facts = run(text)
    elapsed = time.perf_counter() - started
    assert [s.kind for s in segments] == ["merlin-logs"]
    assert facts.log_streams == [(1, "kserve-container")]
    assert elapsed < 60.0, elapsed  # a ceiling against catastrophic growth; speed is benchmarked
    del doc
