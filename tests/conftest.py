"""Shared fixtures."""

from __future__ import annotations

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
def voorbeeld_run(tmp_path_factory):
    """The example cohort (Dutch) run once per test session: (process, output folder).

    Shared by the end-to-end tests and the language checks of the editions.
    """
    from support.cohortrun import cohort_run

    out = tmp_path_factory.mktemp("e2e")
    return cohort_run(out), out / "voorbeeld"
