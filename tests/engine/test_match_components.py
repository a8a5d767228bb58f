"""Findings name the component that failed, since the fix differs between them."""

from __future__ import annotations

from diagnoser import diagnose


def finding(text: str, error_id: str):
    found = {f.id: f for f in diagnose(text).findings}
    assert error_id in found, f"{error_id} not found; got {list(found)}"
    return found[error_id]


def test_builder_log_pasted_after_logs_tab_lines_is_not_blamed_on_their_container() -> None:
    paste = "\n".join(
        [
            "[iris-1-transformer-abc] [transformer] 2026-11-02T10:00:00Z feature lookup took 12ms",
            "[iris-1-transformer-abc] [transformer] 2026-11-02T10:00:01Z feature lookup took 9ms",
            "",
            "INFO[0031] RUN conda env create -n merlin-model -f /merlin/model/conda.yaml",
            "Solving environment: ...working...",
            "CondaMemoryError: The conda process ran out of memory. Increase system memory and/or try again.",
        ]
    )
    oom = finding(paste, "oomkilled")
    assert oom.component == "image-builder"
    assert "container" not in oom.facts


def test_kubectl_logs_prefix_names_the_container_not_the_pod() -> None:
    line = (
        "[pod/driver-eta-1-predictor-00001-deployment-abc/kserve-container] 2026-11-02T10:00:00Z "
        "Memory cgroup out of memory: Killed process 12 (python)"
    )
    oom = finding(line, "oomkilled")
    assert oom.component == "model"
    assert oom.facts["container"] == "kserve-container"


def test_a_load_context_frame_in_the_builds_dry_run_is_a_model_that_failed_to_load() -> None:
    paste = "\n".join(
        [
            "INFO[0218] Running: [/bin/sh -c python -m pyfuncserver --model_dir /merlin/model --dry_run]",
            "Traceback (most recent call last):",
            '  File "/merlin/model/code/rules.py", line 48, in load_context',
            "    self._lookup = build_lookup(frame)",
            "LookupBuildError: merchant_id has mixed types",
            "error building image: error building stage: failed to execute command: "
            "waiting for process to exit: exit status 1",
        ]
    )
    load = finding(paste, "model-load-error")
    assert load.component == "image-builder"
