"""Refresh the expected outputs that nbval compares, and strip every other output.

Usage: python tools/refresh_checked_outputs.py notebooks/00_welkom.ipynb [...]

Runs each notebook with its default parameters (papermill), copies the outputs of cells
marked ``# NBVAL_CHECK_OUTPUT`` into the source notebook and clears all other outputs, so
notebooks are committed clean except for what the test command checks.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat
import papermill

MARK = "NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        papermill.execute_notebook(str(path), str(out), progress_bar=False, cwd=str(path.parent))
        executed = nbformat.read(out, as_version=4)
    source = nbformat.read(path, as_version=4)
    # papermill inserts an injected-parameters cell only when parameters are passed;
    # match cells by id so an inserted cell can never shift outputs onto the wrong cell.
    by_id = {cell.get("id"): cell for cell in executed.cells}
    checked = 0
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            # nbval skips a cell with outputs but no execution count ("unrun"): keep both.
            ran = by_id[cell.get("id")]
            cell.outputs = ran.outputs
            cell.execution_count = ran.execution_count
            checked += 1
        else:
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(source, path)
    return checked


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {refresh(Path(name))} checked cell(s) refreshed")
