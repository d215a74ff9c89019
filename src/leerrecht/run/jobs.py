"""What the cohort runner works on: a job (one notebook run) and its result."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# jsonschema imports the optional package rfc3987-syntax for format checks that nbformat's
# schemas never use; building its grammar costs 1-4 s per process (measured in
# benchmarks/cohort_rerun.py). Every runner module imports this one, so blocking the import
# here keeps it out of the runner and its workers; jsonschema treats the package as absent.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

KERNEL = "python3"
DEFAULT_TIMEOUT = 600.0  # seconds per notebook
EDITION_NAMES = ("deelnemer", "trainer", "onderzoek")  # see leerrecht.run.editions
# Notebooks for the trainer alone (the cohort report): no trainee edition, no trainee link.
TRAINER_ONLY = frozenset({"90_cohortrapport"})
GRACE = 30.0  # extra seconds before a stuck worker is killed (kernel start, rendering)


@dataclass(frozen=True)
class Job:
    """One notebook run: a notebook, perhaps a case, and its parameters."""

    cohort: str
    stem: str
    case_id: str | None
    parameters: dict[str, Any]
    source: str
    out_dir: str
    taal: str = "nl"

    @property
    def key(self) -> str:
        return f"{self.stem}--{self.case_id}" if self.case_id else self.stem

    @property
    def executed(self) -> Path:
        return Path(self.out_dir) / "notebooks" / f"{self.key}.ipynb"

    def html(self, edition: str) -> Path:
        """Where one edition (deelnemer, trainer or onderzoek) of this run goes."""
        return Path(self.out_dir) / edition / f"{self.key}.html"

    def pdf(self, edition: str) -> Path:
        return Path(self.out_dir) / edition / f"{self.key}.pdf"

    @property
    def editions(self) -> dict[str, Path]:
        names = EDITION_NAMES[1:] if self.stem in TRAINER_ONLY else EDITION_NAMES
        return {name: self.html(name) for name in names}

    @property
    def trainee_html(self) -> Path:
        return self.html("deelnemer")

    @property
    def trainer_html(self) -> Path:
        return self.html("trainer")

    @property
    def staging(self) -> Path:
        return Path(self.out_dir) / ".staging" / f"{self.key}.ipynb"


@dataclass
class Result:
    job: Job
    status: str  # "ok", "failed" or "timeout"
    duration_s: float
    error: str | None = None
    title: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
