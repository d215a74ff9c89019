"""Shared fixtures."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


@pytest.fixture
def notebooks_dir(tmp_path, monkeypatch):
    """A private notebooks/ folder the runner and cohort checks use instead of the suite's."""
    from leerrecht.core import paths

    folder = tmp_path / "notebooks"
    folder.mkdir()
    monkeypatch.setattr(paths, "NOTEBOOKS", folder)
    return folder


@pytest.fixture(scope="session")
def example_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The example cohort, run once per test session: (the finished process, its output folder).

    The e2e, accessibility and rendering tests all read this one run; a test that needs to
    change the output works on a copy.
    """
    from support.cohortrun import cohort_run

    out = tmp_path_factory.mktemp("example-run")
    return cohort_run(out), out / "voorbeeld"
