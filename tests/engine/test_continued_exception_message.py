"""An exception whose message starts with a line break is printed as its class alone on a
line ("ImportError: ") with the message below it (numpy's C-API banner, XGBoost's "could not
be loaded" text). The class and the message's first line are read as one line, in free text
(``views.continued_exceptions``), as an error line, and inside termination messages."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.normalise import normalise
from diagnoser.views import continued_exception, continued_exceptions

NUMPY_BANNER = (
    '  File "/opt/envs/model/lib/python3.10/site-packages/numpy/core/_multiarray_umath.py", line 44\n'
    "    raise ImportError(msg)\n"
    "ImportError: \n"
    "A module that was compiled using NumPy 1.x cannot be run in\n"
    "NumPy 2.1.3 as it may crash.\n"
)


def test_a_bare_exception_line_is_joined_to_the_first_line_of_its_message() -> None:
    lines = ["xgboost.core.XGBoostError: ", "XGBoost Library (libxgboost.so) could not be loaded."]
    assert continued_exception(lines, 0) == (
        "xgboost.core.XGBoostError: XGBoost Library (libxgboost.so) could not be loaded."
    )


def test_blank_lines_between_the_class_and_its_message_are_skipped() -> None:
    lines = ["ImportError:", "", "IMPORTANT: PLEASE READ THIS FOR ADVICE!"]
    assert continued_exception(lines, 0) == "ImportError: IMPORTANT: PLEASE READ THIS FOR ADVICE!"


def test_a_class_followed_by_a_traceback_frame_or_another_class_is_not_joined() -> None:
    assert continued_exception(["ValueError:", '  File "/app/x.py", line 3, in <module>'], 0) is None
    assert continued_exception(["ValueError:", "KeyError: 'x'"], 0) is None
    assert continued_exception(["ValueError: bad value", "next line"], 0) is None
    assert continued_exception(["Error:", "something"], 0) is None  # not a class name


def test_the_view_holds_the_joined_line_on_the_class_line() -> None:
    text = "text\nRuntimeError:\nCUDA error: no kernel image is available\n"
    pieces = continued_exceptions(normalise(text))
    assert pieces == [(2, "RuntimeError: CUDA error: no kernel image is available")]


def test_numpys_raised_banner_is_a_failed_import() -> None:
    assert [f.id for f in diagnose(NUMPY_BANNER).findings][:1] == ["model-load-error"]


def test_the_printed_banner_without_the_exception_class_is_not() -> None:
    listening = "[I 270101 00:00:01 model_server:289] Listening on port 8080\n"
    printed = "\n".join(NUMPY_BANNER.splitlines()[3:]) + "\n" + listening
    assert diagnose(printed).findings == []


def test_a_termination_message_with_the_message_below_the_class_is_read() -> None:
    history = (
        "error deploying inference service (x-1-r1): timeout waiting inference service to be ready\n"
        "\n"
        "Pod last termination message:\n"
        "xgboost.core.XGBoostError: \n"
        "XGBoost Library (libxgboost.so) could not be loaded.\n"
    )
    assert [f.id for f in diagnose(history).findings][:1] == ["model-load-error"]


def test_many_bare_exception_lines_are_read_in_linear_time() -> None:
    text = "ValueError:\n\n" * 50_000
    pieces = continued_exceptions(normalise(text))
    assert pieces == []
