"""The plugin's options are validated by MkDocs before anything is built."""

from __future__ import annotations

import pytest
from merlin_troubleshooting.config import TroubleshootingConfig


def validated(**options):
    config = TroubleshootingConfig()
    config.load_dict(options)
    return config.validate()


def test_defaults():
    config = TroubleshootingConfig()
    config.load_dict({})
    errors, warnings = config.validate()
    assert (errors, warnings) == ([], [])
    assert config.enabled is True
    assert config.pyodide == "self-hosted"
    assert config.runtime_dir == "node_modules/pyodide"
    assert config.troubleshooting_page == "deploying-a-model/troubleshooting-deployment-errors.md"


@pytest.mark.parametrize("url", ["https://cdn.example/pyodide/v314.0.7/full/", "/static/pyodide/"])
def test_pyodide_url_accepted(url):
    errors, _ = validated(pyodide=url)
    assert errors == []


@pytest.mark.parametrize("value", ["https://cdn.example/pyodide", "cdn", "ftp://x/"])
def test_pyodide_bad_value(value):
    errors, _ = validated(pyodide=value)
    assert errors and "ending in '/'" in str(errors[0][1])


def test_enabled_must_be_bool():
    errors, _ = validated(enabled="yes")
    assert errors and errors[0][0] == "enabled"
