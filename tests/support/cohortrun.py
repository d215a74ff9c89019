"""`leerrecht cohort run` as a trainer types it, for the tests that look at a whole run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.testing import ROOT

EXAMPLE = ROOT / "cohorts" / "voorbeeld.yml"


def cohort_run(
    out: Path, *extra: str, cohort: Path = EXAMPLE, timeout: int = 900
) -> subprocess.CompletedProcess:
    """Run ``cohort`` (default: the example cohort) into ``out``; never raises on failure."""
    command = [sys.executable, "-m", "leerrecht", "cohort", "run", str(cohort), "--out", str(out)]
    return subprocess.run(
        [*command, "--no-progress", *extra], capture_output=True, text=True, timeout=timeout
    )
