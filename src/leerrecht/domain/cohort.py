"""The cohort file: who takes part, which notebooks and cases run, with which parameters.

A trainer copies ``cohorts/voorbeeld.yml`` (or runs ``leerrecht cohort new NAME``), edits
it, and runs ``leerrecht cohort run``. The model rejects unknown keys so a misspelt key is
reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.core.yamlio import YamlDocument, read_document, validate_document
from leerrecht.domain.cohort_text import MAX_PARAMETER_BYTES, MESSAGES, describe_error

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


def _taal(info: ValidationInfo) -> str:
    return (info.context or {}).get("taal", "nl")


class Cohort(BaseModel):
    """A training cohort, validated from its YAML file.

    Validate with ``context={"taal": "en"}`` for English messages (Dutch by default).
    """

    model_config = ConfigDict(extra="forbid")

    naam: str = Field(description="Cohort name; used for folder names.")
    titel: str = Field(min_length=1, max_length=200)
    startdatum: dt.date
    einddatum: dt.date
    trainer: str = Field(description="Pseudonym of the trainer.")
    deelnemers: list[str] = Field(default_factory=list, description="Trainee pseudonyms.")
    taal: Literal["nl", "en"] = "nl"
    notebooks: list[str] = Field(default_factory=lambda: list(SUITE), min_length=1)
    casussen: list[str] = Field(default_factory=list)
    parameters: dict[str, dict[str, Any]] = Field(default_factory=dict)
    programma: list[Session] = Field(default_factory=list)
    uitvoermap: str = Field("output", min_length=1)
    antwoordenmap: str = Field("answers", min_length=1)

    @field_validator("naam", "trainer")
    @classmethod
    def _slug(cls, value: str, info: ValidationInfo) -> str:
        if not SLUG.match(value):
            raise ValueError(MESSAGES("bad_name", _taal(info), value=value))
        return value

    @field_validator("deelnemers")
    @classmethod
    def _trainees(cls, value: list[str], info: ValidationInfo) -> list[str]:
        taal = _taal(info)
        bad = [v for v in value if not SLUG.match(v)]
        if bad:
            raise ValueError(MESSAGES("bad_pseudonyms", taal, names=", ".join(map(repr, bad))))
        seen: set[str] = set()
        dupes = sorted({v for v in value if v in seen or seen.add(v)})
        if dupes:
            raise ValueError(MESSAGES("trainee_twice", taal, names=", ".join(dupes)))
        return value

    @field_validator("parameters")
    @classmethod
    def _parameters(cls, value: dict[str, dict[str, Any]], info: ValidationInfo):
        taal = _taal(info)
        size = len(json.dumps(value, default=str))
        if size > MAX_PARAMETER_BYTES:
            raise ValueError(MESSAGES("params_too_big", taal, size=size, limit=MAX_PARAMETER_BYTES))
        for stem, values in value.items():
            for name, item in values.items():
                if isinstance(item, float) and not math.isfinite(item):
                    raise ValueError(MESSAGES("not_finite", taal, where=f"{stem}.{name}"))
        return value

    @field_validator("einddatum")
    @classmethod
    def _dates(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("startdatum")
        if start is not None and value < start:
            raise ValueError(MESSAGES("end_before_start", _taal(info)))
        return value

    @field_validator("programma")
    @classmethod
    def _programme(cls, value: list[Session], info: ValidationInfo) -> list[Session]:
        # A course day before the course starts is a typo (a wrong year or month): refused,
        # as an einddatum before the startdatum is.
        start = info.data.get("startdatum")
        early = [s.datum.isoformat() for s in value if start is not None and s.datum < start]
        if early:
            raise ValueError(
                MESSAGES(
                    "session_before_start",
                    _taal(info),
                    start=start.isoformat(),
                    dates=", ".join(early),
                )
            )
        return value

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


def cohort_language(doc: YamlDocument) -> str:
    """The language a cohort file asks for (``taal: en``), Dutch otherwise."""
    data = doc.data
    return "en" if isinstance(data, dict) and data.get("taal") == "en" else "nl"


def load_cohort_document(path: str | Path) -> tuple[Cohort, YamlDocument]:
    """Load and validate a cohort file (messages in its own ``taal``); keep the node tree."""
    doc = read_document(path, taal="nl")
    taal = cohort_language(doc)
    cohort = validate_document(
        Cohort, doc, context={"taal": taal}, taal=taal, describe=describe_error
    )
    return cohort, doc


def load_cohort(path: str | Path, *, check_references_exist: bool = True) -> Cohort:
    """Load and validate a cohort file; by default also check that its notebooks and cases exist."""
    cohort, doc = load_cohort_document(path)
    if check_references_exist:
        check_references(cohort, doc)
    return cohort


def check_references(cohort: Cohort, doc: YamlDocument | str | Path) -> None:
    """Unknown notebooks or cases are user errors, reported with their line."""
    if not isinstance(doc, YamlDocument):
        doc = read_document(doc, taal=cohort.taal)
    taal = cohort.taal
    problems: list[Problem] = []

    def problem(key: str, loc: tuple[Any, ...], hint_key: str, **fmt: object) -> None:
        where = ".".join(map(str, loc))
        text = MESSAGES(key, taal, **fmt)
        hint = MESSAGES(hint_key, taal, **fmt)
        problems.append(
            Problem(text, file=doc.path, line=doc.line(loc), field=where, hint=hint, taal=taal)
        )

    notebooks = sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb"))
    cases = sorted(p.stem for p in paths.CASESTUDIES.glob("*.yml") if p.stem != "fictief")
    # (field, the names it lists, the names that exist, message, hint)
    lists = (
        ("notebooks", cohort.notebooks, notebooks, "unknown_notebook", "choose_notebook"),
        ("casussen", cohort.casussen, cases, "unknown_case", "choose_case"),
    )
    for field, names, known, key, hint_key in lists:
        for i, name in enumerate(names):
            if name not in known:
                problem(key, (field, i), hint_key, name=name, choices=", ".join(known))
    for stem in cohort.parameters:
        if stem not in cohort.notebooks:
            problem("params_not_run", ("parameters", stem), "params_not_run_hint", name=stem)
    if problems:
        raise UserError(problems)


TEMPLATE = """\
# Cohortbestand voor leerrecht. Draai het met:  leerrecht cohort run {path}
# Elke sleutel staat hieronder uitgelegd. Onbekende sleutels worden geweigerd,
# zodat een tikfout meteen opvalt. Schrijf nooit echte namen van deelnemers of
# plaatsen in dit bestand: gebruik schuilnamen (pseudoniemen).

naam: {naam}              # naam van het cohort: kleine letters, cijfers, - of _; ook de mapnaam
titel: "Cohort {naam}"    # titel op de indexpagina en in het welkomstnotebook
startdatum: {start}       # eerste cursusdag, als jjjj-mm-dd (bijvoorbeeld 2026-09-07)
einddatum: {end}          # laatste cursusdag, niet vóór de startdatum
trainer: trainer-1        # schuilnaam van de trainer (nooit een echte naam)
deelnemers:               # schuilnamen van de deelnemers (nooit echte namen)
  - deelnemer-01
  - deelnemer-02
taal: nl                  # nl of en: taal van knoppen, labels en meldingen

notebooks:                # welke notebooks draaien, in deze volgorde
{notebooks}
casussen:                 # welke casussen 02_casus draait (zie `leerrecht cases list`)
  - isk-nieuwkomer

parameters: {{}}          # per notebook andere instellingen, bijvoorbeeld  03_protocollen: {{seed: 7}}

programma:                # de cursusdagen op de welkomstpagina
  - datum: {start}
    onderwerp: "Kennismaking en de Leerplichtwet"

uitvoermap: output        # waar de HTML-edities komen (daaronder: de naam van het cohort)
antwoordenmap: answers    # waar de antwoorden van deelnemers komen (daaronder: de naam)
"""


def new_cohort_text(naam: str, path: str, today: dt.date | None = None) -> str:
    """A commented cohort file to start from (``leerrecht cohort new``)."""
    if not SLUG.match(naam):
        raise UserError.single(
            MESSAGES("bad_cohort_name", "nl", value=naam),
            field="NAAM",
            hint=MESSAGES("bad_cohort_name_hint", "nl"),
            taal="nl",
        )
    start = today or dt.date.today()
    end = start + dt.timedelta(weeks=12)
    notebooks = "\n".join(f"  - {stem}" for stem in SUITE)
    return TEMPLATE.format(naam=naam, path=path, start=start, end=end, notebooks=notebooks)
