"""Test helpers shared by several test files (a plain module: conftest names collide)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]


def make_notebook(path: Path, *sources: str, parameters: str = "", title: str = "Proef") -> Path:
    """A notebook with a title, a parameters cell and the given code cells (all hidden)."""
    hidden = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}
    cells = [new_markdown_cell(f"# {title}")]
    if parameters:
        meta = {"jupyter": {"source_hidden": True}, "tags": ["hide-input", "parameters"]}
        cells.append(new_code_cell(textwrap.dedent(parameters), metadata=meta))
    cells += [new_code_cell(textwrap.dedent(src), metadata=dict(hidden)) for src in sources]
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def write_cohort(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
