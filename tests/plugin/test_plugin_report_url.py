"""The ``report_url`` option: off by default, validated, and handed to the page as ``data-report-url``."""

from __future__ import annotations

import html as html_module
import re

import pytest
from merlin_troubleshooting.config import TroubleshootingConfig
from merlin_troubleshooting.widget import render_widget, widget_urls

GITHUB = "https://github.com/org/docs/issues/new?title={title}&body={body}"


def validated(**options) -> tuple[TroubleshootingConfig, list]:
    config = TroubleshootingConfig()
    config.load_dict(options)
    errors, _warnings = config.validate()
    return config, errors


def test_report_url_is_off_by_default_and_the_widget_then_has_no_attribute() -> None:
    config, errors = validated()
    assert errors == [] and config.report_url == ""
    assert "data-report-url" not in render_widget(widget_urls("./", "self-hosted", "b"))


@pytest.mark.parametrize(
    "url", [GITHUB, "http://tracker.internal/new?body={body}", "https://jira.example/create?summary={title}"]
)
def test_an_http_template_with_a_placeholder_is_accepted(url: str) -> None:
    config, errors = validated(report_url=url)
    assert errors == [] and config.report_url == url


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("javascript:alert(1)//{body}", "http(s) URL"),
        ("ftp://tracker.example/{body}", "http(s) URL"),
        ("https://{body}", "http(s) URL"),
        ("https://github.com/org/docs/issues/new", "must contain {body} or {title}"),
        ("/issues/new?body={body}", "http(s) URL"),
    ],
)
def test_other_values_are_refused_with_a_message(url: str, complaint: str) -> None:
    _config, errors = validated(report_url=url)
    assert errors and errors[0][0] == "report_url" and complaint in str(errors[0][1])


def test_a_blank_value_turns_it_off() -> None:
    config, errors = validated(report_url="   ")
    assert errors == [] and config.report_url == ""


def test_the_widget_carries_the_template_escaped() -> None:
    html = render_widget(widget_urls("./", "self-hosted", "b"), report_url=GITHUB)
    value = re.search(r'data-report-url="([^"]*)"', html).group(1)
    assert "&amp;body=" in value and html_module.unescape(value) == GITHUB
    assert "\n\n" not in html
