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
