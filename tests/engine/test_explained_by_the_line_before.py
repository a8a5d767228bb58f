"""A hit that the line just before it explains away (``not_after`` in the catalog,
``engine._not_explained_by_the_line_before``).

gunicorn prints "Worker (pid:N) was sent SIGKILL! Perhaps out of memory?" for any SIGKILL of
a worker, including the one it sends itself to a worker it has just timed out ("WORKER
TIMEOUT (pid:N)"): that kill is the server's, not the kernel's OOM killer. Only the same
worker's timeout, a few lines above and from the same pod, explains it; a Merlin pyfunc
server's "Model initialized successfully." clears a load error logged before it.
"""

from __future__ import annotations

import pytest

from diagnoser import diagnose
from diagnoser.catalog import CatalogError
from diagnoser.catalog.schema import validate

TIMEOUT = "[2026-10-16 10:31:44 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:{pid})\n"
SIGKILL = (
    "[2026-10-16 10:31:45 +0000] [1] [ERROR] Worker (pid:{pid}) was sent SIGKILL! Perhaps out of memory?\n"
)
BOOT = "[2026-10-16 10:31:45 +0000] [{pid}] [INFO] Booting worker with pid: {pid}\n"


def ids(text: str) -> list[str]:
    return [finding.id for finding in diagnose(text).findings]


def prefixed(pod: str, text: str) -> str:
    return "".join(f"[{pod}][kserve-container] 2026-10-16T10:31:45Z {line}\n" for line in text.splitlines())


def test_a_sigkill_right_after_that_workers_timeout_is_not_an_oom_kill() -> None:
    assert "oomkilled" not in ids(TIMEOUT.format(pid=12) + SIGKILL.format(pid=12) + BOOT.format(pid=20))


def test_a_sigkill_without_a_timeout_before_it_is_still_an_oom_kill() -> None:
    assert ids(BOOT.format(pid=12) + SIGKILL.format(pid=12))[0] == "oomkilled"


def test_the_timeout_of_another_worker_does_not_explain_a_sigkill() -> None:
    assert ids(TIMEOUT.format(pid=12) + SIGKILL.format(pid=14))[0] == "oomkilled"


def test_a_timeout_far_above_the_sigkill_does_not_explain_it() -> None:
    filler = "".join(BOOT.format(pid=30 + n) for n in range(20))
    assert ids(TIMEOUT.format(pid=12) + filler + SIGKILL.format(pid=12))[0] == "oomkilled"


def test_another_pods_timeout_does_not_explain_this_pods_sigkill() -> None:
    text = prefixed("geo-3-r1-predictor-00001-deployment-7b8c9d6f5-k4w7e", TIMEOUT.format(pid=8)) + prefixed(
        "geo-3-r1-predictor-00001-deployment-7b8c9d6f5-q2z9x", SIGKILL.format(pid=8)
    )
    assert ids(text)[0] == "oomkilled"


def test_the_same_pods_timeout_explains_its_sigkill_in_logs_tab_output() -> None:
    pod = "geo-3-r1-predictor-00001-deployment-7b8c9d6f5-k4w7e"
    assert "oomkilled" not in ids(prefixed(pod, TIMEOUT.format(pid=8) + SIGKILL.format(pid=8)))


def test_not_after_must_be_a_regex_string() -> None:
    entry = {
        "id": "demo",
        "title": "t",
        "stage": "deployment",
        "role": "cause",
        "summary": "s",
        "meaning": "m",
        "steps": ["x"],
        "signals": [{"message": "Worker died here", "not_after": ["WORKER TIMEOUT"]}],
    }
    with pytest.raises(CatalogError, match="not_after must be a regex string"):
        validate([entry])


LOAD_ERROR = (
    "ERROR:root:Unable to initalize model\n"
    "ERROR:root:Traceback (most recent call last):\n"
    '  File "/merlin/model/code/churn/model.py", line 31, in load_context\n'
    "    import shap\n"
    "ModuleNotFoundError: No module named 'shap'\n"
)


def test_a_pyfunc_model_initialized_after_a_logged_import_error_has_loaded() -> None:
    assert "model-load-error" not in ids(LOAD_ERROR + "INFO:root:Model initialized successfully.\n")


def test_initialized_before_the_error_does_not_clear_it() -> None:
    assert ids("INFO:root:Model initialized successfully.\n" + LOAD_ERROR)[0] == "model-load-error"
