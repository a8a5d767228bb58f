"""uv's source-build failures and conda's unreadable specs (round bj).

uv reports a package it could not build from source with a boxed headline ("Failed to build
`pkg`", "Call to `backend.build_wheel` failed"), or, in older releases, with "Caused by: Build
backend failed to build wheel through `build_wheel()`"; uv has no setup.py fallback, so either
ends the install. conda stops before solving when a spec in conda.yaml cannot be parsed.
All are the model's dependencies failing to install; uv's success lines are not.
"""

from __future__ import annotations

from diagnoser import diagnose


def ids(text: str) -> list[str]:
    return [f.id for f in diagnose(text).findings]


def test_uv_failed_to_build_headline_is_a_dependency_failure() -> None:
    paste = (
        "  × Failed to build `pycocotools==2.0.8`\n"
        "  ├─▶ The build backend returned an error\n"
        "  ╰─▶ Call to `setuptools.build_meta.build_wheel` failed (exit status: 1)\n"
    )
    assert ids(paste)[:1] == ["dependency-resolution-failed"]


def test_uv_call_to_backend_failed_alone_is_a_dependency_failure() -> None:
    paste = "  `-> Call to `setuptools.build_meta:__legacy__.build_wheel` failed (exit code: 1)\n"
    assert ids(paste)[:1] == ["dependency-resolution-failed"]


def test_old_uv_caused_by_build_backend_is_a_dependency_failure() -> None:
    paste = (
        "error: Failed to prepare distributions\n"
        "  Caused by: Build backend failed to build wheel through `build_wheel()` with exit status: 1\n"
    )
    assert ids(paste)[:1] == ["dependency-resolution-failed"]


def test_conda_invalid_version_spec_is_a_dependency_failure() -> None:
    paste = "InvalidVersionSpec: Invalid version '1.26.*.0': invalid character(s)\n"
    assert ids(paste)[:1] == ["dependency-resolution-failed"]


def test_uv_built_and_installed_is_not_a_failure() -> None:
    paste = "   Built pycocotools==2.0.8\nPrepared 61 packages in 38.20s\nInstalled 61 packages in 1.12s\n"
    assert ids(paste) == []
