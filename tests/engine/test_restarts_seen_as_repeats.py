"""A start-up failure one container logs at two different times is two starts of it: the
crash loop it explains is listed after it (engine._restarts_seen_as_repeats)."""

from __future__ import annotations

from diagnoser import diagnose

LOKI = '2026-12-02 07:40:{second}.502\t{{namespace="ranking", container="{container}"}}\t{text}\n'
EXEC = "exec /usr/local/bin/serve: exec format error"


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def test_a_start_up_failure_at_two_times_shows_the_container_restarting() -> None:
    text = LOKI.format(second="11", container="kserve-container", text=EXEC) + LOKI.format(
        second="38", container="kserve-container", text=EXEC
    )
    assert ids(text) == ["image-wrong-architecture", "container-crash"]


def test_one_start_up_failure_is_not_a_restart() -> None:
    once = LOKI.format(second="11", container="kserve-container", text=EXEC)
    assert ids(once) == ["image-wrong-architecture"]


def test_the_same_line_pasted_twice_alike_is_not_a_restart() -> None:
    assert ids(EXEC + "\n" + EXEC + "\n") == ["image-wrong-architecture"]


def test_the_failure_in_two_containers_is_not_one_container_restarting() -> None:
    text = LOKI.format(second="11", container="kserve-container", text=EXEC) + LOKI.format(
        second="38", container="transformer", text=EXEC
    )
    assert "container-crash" not in ids(text)


def test_a_fatal_record_of_the_standard_transformer_at_two_times_is_a_restart() -> None:
    record = '{{"level":"fatal","ts":{ts},"caller":"transformer/main.go:141","msg":"cannot start"}}\n'
    text = record.format(ts="1796398211.1") + record.format(ts="1796398241.7")
    assert ids(text) == ["transformer-error", "container-crash"]
