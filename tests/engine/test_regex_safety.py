"""Catalog regexes must stay linear on hostile input; the compiler enforces the shape."""

from __future__ import annotations

import pytest

from diagnoser.regex_safety import RegexRuleError, check_linear, required_literal


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a+)+b",
        r"x.*y",
        r"[^\"]+\"",
        r"a{2,}",
        r"(?:ab{1,3}){1,4}",
        r"(a)\1",
        r"foo(?=bar)",
        r"(?<!x)y",
        r"(?:a|a){1,40}b",
        r"x[^\n]{0,1000}[^\n]{0,1000}y",
    ],
)
def test_patterns_that_can_backtrack_are_rejected(pattern: str) -> None:
    with pytest.raises(RegexRuleError):
        check_linear(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"Failed to pull image \"(?P<image>[^\"]{1,300})\"",
        r"exit code \d{1,3}",
        r"(?:OOMKilled|Error)",
        r"(?:_pickle\.|pickle\.)?UnpicklingError",
        r"\s{0,5}\d{1,3}",
    ],
)
def test_bounded_patterns_are_accepted(pattern: str) -> None:
    check_linear(pattern)


def test_required_literal_is_the_longest_fixed_run() -> None:
    assert required_literal(r"Failed to pull image \"(?P<image>[^\"]{1,300})\"") == 'Failed to pull image "'
    assert required_literal(r"^ERROR: No matching distribution found for (?P<req>\S{1,200})") == (
        "ERROR: No matching distribution found for "
    )


def test_no_literal_for_alternation_ignorecase_or_short_runs() -> None:
    assert required_literal(r"OOMKilled|Error") is None
    assert required_literal(r"(?i)oomkilled") is None
    assert required_literal(r"ab\d{1,3}") is None
