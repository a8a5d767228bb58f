"""Python's adjacent string literals (pprint or repr of an SDK object, a long value split
over lines) are joined and unescaped into a view, so the message inside is matched as the
lines it holds (diagnoser/views.py ``python_literal_runs``)."""

from __future__ import annotations

from diagnoser import diagnose
from diagnoser.normalise import normalise
from diagnoser.views import python_literal_runs

PPRINT = """\
{'environment_name': 'id-staging',
 'message': 'error deploying inference service (churn-3-r1): timeout waiting '
            'inference service to be ready\\n'
            '\\n'
            "RuntimeError: Can't fetch model. Failed to fetch model. No model found in "
            'gs://bucket/artifacts/9/model.',
 'status': 'failed',
 'version_id': 3}
"""


def test_adjacent_literals_are_joined_and_split_at_their_newlines() -> None:
    lines = python_literal_runs(normalise(PPRINT))
    assert lines == [
        (2, "error deploying inference service (churn-3-r1): timeout waiting inference service to be ready"),
        (
            5,
            "RuntimeError: Can't fetch model. Failed to fetch model. No model found in gs://bucket/artifacts/9/model.",
        ),
    ]


def test_the_message_of_a_pprinted_endpoint_is_diagnosed() -> None:
    assert [finding.id for finding in diagnose(PPRINT).findings][:1] == ["artifact-not-found"]


def test_separate_values_are_not_joined() -> None:
    text = "{'a': 'first value',\n 'b': 'second value'}\n"
    assert python_literal_runs(normalise(text)) == []


def test_a_nested_dicts_literals_keep_their_first_piece() -> None:
    text = (
        "[{'endpoint': {'message': 'error deploying inference service m-1: timeout waiting '\n"
        "                          'inference service to be ready\\n',\n"
        "               'status': 'failed'}}]\n"
    )
    assert python_literal_runs(normalise(text)) == [
        (1, "error deploying inference service m-1: timeout waiting inference service to be ready")
    ]
