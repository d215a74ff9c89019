"""The shift from leerplicht to leerrecht as data: positions, the comparison, statements.

The files live in ``data/leerrecht/``:

``posities.yml``     who says what (report, advice, bill, stance, local practice), each with
                     date, one-line proposal, meaning for the officer, status and sources;
``vergelijking.yml`` today's law against the proposals, one sourced cell per aspect and column;
``stellingen.yml``   statements for the stance exercise with arguments for and against, and
                     the reflection questions;
``indicatoren.yml``  which national figures (``data/landelijk``) the indicator panel shows and
                     which policy events it marks.

Every position, critique, cell and argument must carry at least one http(s) source URL; a
missing or malformed one is a :class:`~leerrecht.core.errors.UserError` naming file:line.
References between the files (a column's position, an indicator, an event date) are checked
too, so a typo cannot silently drop a row from the notebook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.core.yamlio import node_line, read_yaml, validation_problems

FOLDER_NAME = "leerrecht"
FILES = {
    "posities": "posities.yml",
    "vergelijking": "vergelijking.yml",
    "stellingen": "stellingen.yml",
    "indicatoren": "indicatoren.yml",
}
STANCES = ("eens", "oneens", "twijfel")
URL_PATTERN = r"^https?://\S+$"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def _as_text(value: Any) -> Any:
    """YAML reads 2013-05-16 as a date and 2023 as a number; keep both as text."""
    if isinstance(value, dt.date | int):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def _check_partial_date(value: str) -> str:
    from leerrecht.domain.figures import parse_partial_date

    parse_partial_date(value)  # raises ValueError with a plain message
    return value


PartialDate = Annotated[str, BeforeValidator(_as_text)]
Url = Annotated[str, Field(pattern=URL_PATTERN)]
Text = Annotated[str, Field(min_length=1)]
Ident = Annotated[str, Field(pattern=ID_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """One source: its URL, whether it is primary or secondary, and a title to show."""

    url: Url
    soort: Literal["primair", "secundair"]
    titel: Text


class Critique(_Strict):
    """What critics say about a position, with its own sources."""

    tekst: Text
    bronnen: list[Source] = Field(min_length=1)


class Position(_Strict):
    """Who proposes or says what about leerrecht."""

    id: Ident
    wie: Text
    titel: Text
    datum: PartialDate
    soort: Literal["rapport", "advies", "wetsvoorstel", "standpunt", "praktijk"]
    voorstel: Text
    ambtenaar: Text
    status: Text
    status_zeker: bool
    status_per: PartialDate
    bronnen: list[Source] = Field(min_length=1)
    kritiek: list[Critique] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_and_balance(self) -> Position:
        _check_partial_date(self.datum)
        _check_partial_date(self.status_per)
        if not self.status_zeker and "⚠" not in self.status:
            raise ValueError("an unconfirmed status must say so with ⚠ in 'status'")
        # Balance: every proposal is shown with what its critics say (practice is exempt).
        if self.soort != "praktijk" and not self.kritiek:
            raise ValueError(f"a {self.soort} needs at least one entry under 'kritiek'")
        return self

    @property
    def primary(self) -> bool:
        return any(s.soort == "primair" for s in self.bronnen)


class PositionsFile(_Strict):
    posities: list[Position] = Field(min_length=1)


class Sourced(_Strict):
    """A text with its sources: a cell of the comparison table, an argument for or against."""

    tekst: Text
    bronnen: list[Url] = Field(min_length=1)


Cell = Sourced
Argument = Sourced


class _Titled(_Strict):
    """A heading in Dutch with its English version (for English editions)."""

    titel: Text
    titel_en: Text

    def title(self, taal: str = "nl") -> str:
        return self.titel if taal == "nl" else self.titel_en


class Column(_Titled):
    id: Ident
    positie: Ident | None = None


class Aspect(_Titled):
    id: Ident
    cellen: dict[str, Cell]


class ComparisonFile(_Strict):
    kolommen: list[Column] = Field(min_length=2)
    aspecten: list[Aspect] = Field(min_length=1)


class Statement(_Strict):
    """A statement to agree or disagree with; arguments on both sides are required."""

    id: Ident
    stelling: Text
    voor: list[Argument] = Field(min_length=1)
    tegen: list[Argument] = Field(min_length=1)


class ReflectionQuestion(_Strict):
    id: Ident
    vraag: Text
    vraag_en: Text  # the same question in English

    def question(self, taal: str = "nl") -> str:
        return self.vraag if taal == "nl" else self.vraag_en


class StatementsFile(_Strict):
    stellingen: list[Statement] = Field(min_length=1)
    reflecties: list[ReflectionQuestion] = Field(default_factory=list)


class IndicatorChoice(_Strict):
    naam: Text
    wel: Text
    niet: Text
    wel_en: Text  # the same two readings in English
    niet_en: Text

    def reading(self, taal: str = "nl") -> tuple[str, str]:
        """What the series can show and what it cannot, in ``taal``."""
        return (self.wel, self.niet) if taal == "nl" else (self.wel_en, self.niet_en)


class IndicatorsFile(_Strict):
    van: Text
    tot: Text
    indicatoren: list[IndicatorChoice] = Field(min_length=1)
    gebeurtenissen: list[PartialDate] = Field(default_factory=list)


@dataclass(frozen=True)
class LeerrechtData:
    """All four files, validated and cross-checked."""

    positions: list[Position]
    columns: list[Column]
    aspects: list[Aspect]
    statements: list[Statement]
    reflections: list[ReflectionQuestion]
    indicators: IndicatorsFile

    def position(self, position_id: str) -> Position:
        return next(p for p in self.positions if p.id == position_id)

    def statement(self, statement_id: str) -> Statement:
        return next(s for s in self.statements if s.id == statement_id)

    def urls(self) -> set[str]:
        """Every source URL in the data (for the notebook's source list and tests)."""
        found = {s.url for p in self.positions for s in p.bronnen}
        found |= {s.url for p in self.positions for c in p.kritiek for s in c.bronnen}
        found |= {u for a in self.aspects for c in a.cellen.values() for u in c.bronnen}
        found |= {u for s in self.statements for a in (*s.voor, *s.tegen) for u in a.bronnen}
        return found


M = TypeVar("M", bound=BaseModel)


def _read(model: type[M], path: Path) -> tuple[M | None, Any, list[Problem]]:
    """Validate one file; return (model or None, YAML node tree, problems)."""
    data, node = read_yaml(path)
    if data is None:
        return None, node, [Problem("the file is empty", file=path, hint="see the comments")]
    try:
        return model.model_validate(data), node, []
    except ValidationError as exc:
        return None, node, validation_problems(exc, path, node)


def _unique(items: list[Any], what: str, path: Path, node: Any) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, item in enumerate(items):
        if item.id in seen:
            line = node_line(node, (what, index, "id"))
            problems.append(Problem(f"duplicate id {item.id!r}", path, line, "id"))
        seen.add(item.id)
    return problems


def _check_comparison(
    table: ComparisonFile, positions: set[str], path: Path, node: Any
) -> list[Problem]:
    problems = _unique(table.kolommen, "kolommen", path, node)
    problems += _unique(table.aspecten, "aspecten", path, node)
    for index, column in enumerate(table.kolommen):
        if column.positie is not None and column.positie not in positions:
            problems.append(
                Problem(
                    f"unknown position {column.positie!r}",
                    path,
                    node_line(node, ("kolommen", index, "positie")),
                    "positie",
                    f"use an id from posities.yml: {', '.join(sorted(positions))}",
                )
            )
    wanted = [c.id for c in table.kolommen]
    for index, aspect in enumerate(table.aspecten):
        where = node_line(node, ("aspecten", index, "cellen"))
        for missing in [c for c in wanted if c not in aspect.cellen]:
            problems.append(
                Problem(
                    f"no cell for column {missing!r}",
                    path,
                    where,
                    f"aspecten.{aspect.id}.cellen",
                    "every aspect needs one sourced cell per column",
                )
            )
        for extra in [c for c in aspect.cellen if c not in wanted]:
            problems.append(
                Problem(
                    f"cell for unknown column {extra!r}",
                    path,
                    node_line(node, ("aspecten", index, "cellen", extra)),
                    f"aspecten.{aspect.id}.cellen",
                    f"columns are: {', '.join(wanted)}",
                )
            )
    return problems


def _check_indicators(
    choice: IndicatorsFile, path: Path, node: Any, landelijk: Path | None
) -> list[Problem]:
    from leerrecht.domain import figures

    problems: list[Problem] = []
    for field in ("van", "tot"):
        try:
            figures.parse_schoolyear(getattr(choice, field))
        except ValueError as exc:
            problems.append(Problem(str(exc), path, node_line(node, (field,)), field))
    known = set(figures.indicator_units(figures.read_package(landelijk)))
    for index, item in enumerate(choice.indicatoren):
        if item.naam not in known:
            problems.append(
                Problem(
                    f"unknown indicator {item.naam!r}",
                    path,
                    node_line(node, ("indicatoren", index, "naam")),
                    "naam",
                    f"choose from data/landelijk: {', '.join(sorted(known))}",
                )
            )
    dates = set(figures.load_timeline(landelijk)["datum"])
    for index, date in enumerate(choice.gebeurtenissen):
        if date not in dates:
            problems.append(
                Problem(
                    f"no event with datum {date!r} in tijdlijn.csv",
                    path,
                    node_line(node, ("gebeurtenissen", index)),
                    "gebeurtenissen",
                    "copy the datum exactly as tijdlijn.csv writes it",
                )
            )
    return problems


def load(folder: str | Path | None = None, landelijk: str | Path | None = None) -> LeerrechtData:
    """Read and check all four files; raise one :class:`UserError` listing every problem."""
    base = Path(folder) if folder else paths.DATA / FOLDER_NAME
    national = Path(landelijk) if landelijk else None
    files = {key: base / name for key, name in FILES.items()}
    positions, pos_node, problems = _read(PositionsFile, files["posities"])
    table, table_node, found = _read(ComparisonFile, files["vergelijking"])
    problems += found
    statements, st_node, found = _read(StatementsFile, files["stellingen"])
    problems += found
    indicators, ind_node, found = _read(IndicatorsFile, files["indicatoren"])
    problems += found
    if positions is not None:
        problems += _unique(positions.posities, "posities", files["posities"], pos_node)
    if table is not None:
        ids = {p.id for p in positions.posities} if positions is not None else set()
        problems += _check_comparison(table, ids, files["vergelijking"], table_node)
    if statements is not None:
        problems += _unique(statements.stellingen, "stellingen", files["stellingen"], st_node)
        problems += _unique(statements.reflecties, "reflecties", files["stellingen"], st_node)
    if indicators is not None:
        problems += _check_indicators(indicators, files["indicatoren"], ind_node, national)
    if problems:
        raise UserError(problems)
    assert positions and table and statements and indicators  # no problems: all were read
    return LeerrechtData(
        positions=list(positions.posities),
        columns=list(table.kolommen),
        aspects=list(table.aspecten),
        statements=list(statements.stellingen),
        reflections=list(statements.reflecties),
        indicators=indicators,
    )
