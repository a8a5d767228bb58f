"""Native failures named in the words of a process manager or a loader (round bh).

gunicorn's arbiter and supervisord name the fatal signal of the process they watch instead
of the shell's "Illegal instruction"; cffi and ctypes raise OSError (not ImportError) for a
missing library or an undefined symbol. Each must read as the native crash or the load
failure it is, while the signals of a requested stop (SIGTERM) stay unreported.
"""

from __future__ import annotations

from diagnoser import diagnose


def ids(text: str) -> list[str]:
    return [f.id for f in diagnose(text).findings]


def test_gunicorn_worker_sent_sigill_is_a_native_crash() -> None:
    paste = "[2026-11-02 04:10:24 +0000] [1] [ERROR] Worker (pid:9) was sent SIGILL!\n"
    assert ids(paste)[:1] == ["container-crash"]


def test_gunicorn_worker_sent_sigterm_on_reload_is_not_a_crash() -> None:
    paste = "[2026-11-02 06:00:02 +0000] [1] [ERROR] Worker (pid:12) was sent SIGTERM!\n"
    assert "container-crash" not in ids(paste)


def test_gunicorn_worker_sent_sigkill_stays_a_memory_kill() -> None:
    paste = "[1] [ERROR] Worker (pid:12) was sent SIGKILL! Perhaps out of memory?\n"
    assert "container-crash" not in ids(paste)[:1]


def test_supervisor_terminated_by_signal_name_is_a_native_crash() -> None:
    paste = "05:31:09,448 WARN exited: scorer (terminated by SIGSEGV (core dumped); not expected)\n"
    assert ids(paste)[:1] == ["container-crash"]


def test_terminated_by_numbered_signal_with_description_is_a_native_crash() -> None:
    paste = "child process 8 (python -m server) terminated by signal 4 (Illegal instruction)\n"
    assert ids(paste)[:1] == ["container-crash"]


def test_supervisor_terminated_by_sigterm_is_not_a_crash() -> None:
    paste = "2026-11-02 07:12:44,310 WARN stopped: scorer (terminated by SIGTERM)\n"
    assert "container-crash" not in ids(paste)


def test_cffi_cannot_load_library_is_a_model_load_error() -> None:
    paste = (
        "OSError: cannot load library 'libsndfile.so': libsndfile.so: "
        "cannot open shared object file: No such file or directory\n"
    )
    assert ids(paste)[:1] == ["model-load-error"]


def test_ctypes_undefined_symbol_is_a_model_load_error() -> None:
    paste = (
        "OSError: /opt/conda/lib/python3.10/site-packages/torchvision/_C.so: "
        "undefined symbol: _ZN3c1017RegisterOperatorsD1Ev\n"
    )
    assert ids(paste)[:1] == ["model-load-error"]
