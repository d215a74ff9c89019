"""The cohort file: who takes part, which notebooks and cases run, with which parameters.

A trainer copies ``cohorts/voorbeeld.yml`` (or runs ``leerrecht cohort new NAME``), edits
it, and runs ``leerrecht cohort run``. The model rejects unknown keys so a misspelt key is
reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.core.yamlio import load_model, node_line, read_yaml

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
SLUG_HINT = "use lower-case letters, digits, '-' or '_' (max 63), starting with a letter or digit"

# Notebooks the suite ships, in course order. The runner also accepts any other
# notebook present in notebooks/ so researchers can add their own.
SUITE = [
    "00_welkom",
    "01_leerplichtwet",
    "02_casus",
    "03_protocollen",
    "04_landelijke_cijfers",
    "05_escalatiemodel",
    "06_gesprek",
    "07_netwerk",
    "08_leerrecht",
    "90_cohortrapport",
]


class Session(BaseModel):
    """One course day in the programme shown on the welcome page."""

    model_config = ConfigDict(extra="forbid")
    datum: dt.date
    onderwerp: str = Field(min_length=1)


class Cohort(BaseModel):
    """A training cohort, validated from its YAML file."""

    model_config = ConfigDict(extra="forbid")

    naam: str = Field(description="Cohort name; used for folder names.")
    titel: str = Field(min_length=1)
    startdatum: dt.date
    einddatum: dt.date
    trainer: str = Field(description="Pseudonym of the trainer.")
    deelnemers: list[str] = Field(default_factory=list, description="Trainee pseudonyms.")
    taal: Literal["nl", "en"] = "nl"
    notebooks: list[str] = Field(default_factory=lambda: list(SUITE), min_length=1)
    casussen: list[str] = Field(default_factory=list)
    parameters: dict[str, dict[str, Any]] = Field(default_factory=dict)
    programma: list[Session] = Field(default_factory=list)
    uitvoermap: str = "output"
    antwoordenmap: str = "answers"

    @field_validator("naam", "trainer")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"{value!r} is not a valid name: {SLUG_HINT}")
        return value

    @field_validator("deelnemers")
    @classmethod
    def _trainees(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not SLUG.match(v)]
        if bad:
            raise ValueError(f"not valid pseudonyms: {', '.join(map(repr, bad))}: {SLUG_HINT}")
        seen: set[str] = set()
        dupes = sorted({v for v in value if v in seen or seen.add(v)})
        if dupes:
            raise ValueError(f"trainee listed twice: {', '.join(dupes)}")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Cohort:
        if self.einddatum < self.startdatum:
            raise ValueError("einddatum lies before startdatum")
        return self

    # Resolved locations -------------------------------------------------------------
    @property
    def output_path(self) -> Path:
        return (paths.ROOT / self.uitvoermap / self.naam).resolve()

    @property
    def answers_root(self) -> Path:
        """The folder given as ``antwoordenmap``; answers of this cohort live below it."""
        return (paths.ROOT / self.antwoordenmap).resolve()

    @property
    def answers_path(self) -> Path:
        return self.answers_root / self.naam


def load_cohort(path: str | Path, *, check_references_exist: bool = True) -> Cohort:
    """Load and validate a cohort file; by default also check that its notebooks and cases exist."""
    path = Path(path)
    cohort = load_model(Cohort, path)
    if check_references_exist:
        check_references(cohort, path)
    return cohort


def check_references(cohort: Cohort, path: Path) -> None:
    """Unknown notebooks or cases are user errors, reported with their line."""
    _, node = read_yaml(path)
    problems: list[Problem] = []
    available = sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb"))
    for i, name in enumerate(cohort.notebooks):
        if name not in available:
            problems.append(
                Problem(
                    f"unknown notebook {name!r}",
                    file=path,
                    line=node_line(node, ("notebooks", i)),
                    field=f"notebooks.{i}",
                    hint=f"choose from: {', '.join(available)}",
                )
            )
    for stem in cohort.parameters:
        if stem not in cohort.notebooks:
            problems.append(
                Problem(
                    f"parameters given for {stem!r}, which is not in 'notebooks'",
                    file=path,
                    line=node_line(node, ("parameters", stem)),
                    field=f"parameters.{stem}",
                    hint="add the notebook to 'notebooks' or remove these parameters",
                )
            )
    known_cases = sorted(p.stem for p in paths.CASESTUDIES.glob("*.yml") if p.stem != "fictief")
    for i, case_id in enumerate(cohort.casussen):
        if case_id not in known_cases:
            problems.append(
                Problem(
                    f"unknown case {case_id!r}",
                    file=path,
                    line=node_line(node, ("casussen", i)),
                    field=f"casussen.{i}",
                    hint=f"choose from: {', '.join(known_cases)} (see `leerrecht cases list`)",
                )
            )
    if problems:
        raise UserError(problems)


TEMPLATE = """\
# Cohort file for leerrecht. Run it with:  leerrecht cohort run {path}
# Every key is explained below; unknown keys are refused (so typos are caught).

naam: {naam}              # cohort name: lower-case letters, digits, - or _; used for folders
titel: "Cohort {naam}"    # title shown on the index page and the welcome notebook
startdatum: {start}       # first course day (YYYY-MM-DD)
einddatum: {end}          # last course day
trainer: trainer-1        # pseudonym of the trainer (never a real name)
deelnemers:               # pseudonyms of the trainees (never real names)
  - deelnemer-01
  - deelnemer-02
taal: nl                  # nl or en: language of buttons and labels in the notebooks

notebooks:                # which notebooks run, in this order
{notebooks}
casussen:                 # which case studies 02_casus runs (see `leerrecht cases list`)
  - isk-nieuwkomer

parameters: {{}}          # per-notebook overrides, e.g.  03_protocollen: {{seed: 7}}

programma:                # course days shown on the welcome page
  - datum: {start}
    onderwerp: "Kennismaking en de Leerplichtwet"

uitvoermap: output        # where the HTML editions are written (below it: the cohort name)
antwoordenmap: answers    # where trainees' answers are saved (below it: the cohort name)
"""


def new_cohort_text(naam: str, path: str, today: dt.date | None = None) -> str:
    """A commented cohort file to start from (``leerrecht cohort new``)."""
    if not SLUG.match(naam):
        raise UserError.single(f"{naam!r} is not a valid cohort name", hint=SLUG_HINT)
    start = today or dt.date.today()
    end = start + dt.timedelta(weeks=12)
    notebooks = "\n".join(f"  - {stem}" for stem in SUITE)
    return TEMPLATE.format(naam=naam, path=path, start=start, end=end, notebooks=notebooks)
