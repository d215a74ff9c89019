"""The data of 06_gesprek: sentences to classify, rephrasing exercises, practice conversations.

Three YAML files in ``data/gesprek/`` (Dutch keys), each validated by a pydantic model plus
the checks a schema cannot express (unique ids, existing cases, a sound conversation graph),
every problem with ``file:line``. The practice conversations run on the same scenario engine
as the cases (:mod:`leerrecht.domain.scenario`): :func:`graph` turns a conversation into a
:class:`~leerrecht.domain.scenario.Graph`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.domain import scenario
from leerrecht.domain.gesprek.bestanden import (
    check_case_ids,
    check_unique,
    load_with_nodes,
    problem_at,
)

FOLDER = paths.DATA / "gesprek"
ZINNEN_FILE = "zinnen.yml"
OPDRACHTEN_FILE = "herformuleren.yml"
GESPREKKEN_FILE = "gesprekken.yml"
MIN_ZINNEN = 60
MIN_OEFENZINNEN = 16

Tekst = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Tot = Literal["leerling", "ouder", "mentor", "school"]
Soort = Literal["oplossingsgericht", "probleemgericht", "verwijtend", "gesloten", "dreigend"]
SOORTEN: tuple[str, ...] = Soort.__args__
Techniek = Literal[
    "open_vraag",
    "reflecteren",
    "samenvatten",
    "schaalvraag",
    "uitzonderingsvraag",
    "toekomstvraag",
    "compliment",
    "informeren",
    "gesloten_vraag",
    "verwijt",
    "dreigen",
    "advies",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Zin(_Model):
    """One question or sentence, labelled."""

    id: Id
    casus: Id
    tot: Tot
    tekst: Tekst
    oplossingsgericht: bool
    soort: Soort
    oefening: bool = False  # shown in 06 under "herkennen"
    uitleg: str | None = None  # why, shown as feedback (required for exercises)
    set: Literal["ontwikkel", "controle"] = "ontwikkel"  # controle: written after the rules

    @model_validator(mode="after")
    def _consistent(self) -> Zin:
        if self.oefening and not self.uitleg:
            raise ValueError("an exercise sentence (oefening: true) needs an 'uitleg'")
        if (self.soort == "oplossingsgericht") != self.oplossingsgericht:
            raise ValueError("'soort: oplossingsgericht' and 'oplossingsgericht: true' go together")
        return self


class ZinnenFile(_Model):
    zinnen: list[Zin] = Field(min_length=MIN_ZINNEN)


class Opdracht(_Model):
    """Rewrite a blaming or closed question; model rephrasings come after the attempt."""

    id: Id
    casus: Id
    tot: Tot
    origineel: Tekst
    tip: Tekst
    modellen: list[Tekst] = Field(min_length=1)


class OpdrachtenFile(_Model):
    opdrachten: list[Opdracht] = Field(min_length=1)


class GesprekOptie(_Model):
    """What the trainee can say, how the other reacts, and what the technique was."""

    id: Id
    tekst: Tekst
    reactie: Tekst
    toelichting: Tekst
    technieken: list[Techniek] = Field(default_factory=list)
    volgende: Id | None = None
    einde: Id | None = None


class Moment(_Model):
    """A moment in the conversation: what the other person says, and the options."""

    id: Id
    zegt: Tekst
    opties: list[GesprekOptie] = Field(min_length=2)


class Einde(_Model):
    id: Id
    titel: Tekst
    nabespreking: Tekst
    bronnen: list[str] = Field(default_factory=list)  # URLs


class Gesprek(_Model):
    id: Id
    titel: Tekst
    casus: Id
    met: Literal["leerling", "ouder"]
    inleiding: Tekst
    momenten: list[Moment] = Field(min_length=1)
    eindes: list[Einde] = Field(min_length=1)


class GesprekkenFile(_Model):
    gesprekken: list[Gesprek] = Field(min_length=2)


def graph(gesprek: Gesprek, index: int = 0) -> scenario.Graph:
    """The conversation as a scenario graph; ``loc`` points into gesprekken.yml."""
    base = ("gesprekken", index)
    nodes = tuple(
        scenario.Node(
            moment.id,
            tuple(
                scenario.Option(
                    o.id,
                    volgende=o.volgende,
                    einde=o.einde,
                    data=o,
                    loc=(*base, "momenten", mi, "opties", oi),
                )
                for oi, o in enumerate(moment.opties)
            ),
            data=moment,
            loc=(*base, "momenten", mi),
        )
        for mi, moment in enumerate(gesprek.momenten)
    )
    endings = tuple(
        scenario.Ending(e.id, data=e, loc=(*base, "eindes", ei))
        for ei, e in enumerate(gesprek.eindes)
    )
    return scenario.Graph(nodes, endings)


# Checks one kind of data file needs beyond the shared ones: (path, node tree, items) -> problems.
ExtraChecks = Callable[[Path, Any, list[Any]], list[Problem]]


def _load_list(
    model: Any, key: str, path: str | Path | None, default: str, extra: ExtraChecks
) -> list[Any]:
    """Read one data file (``default`` in the data folder unless ``path`` is given) and
    return its list under ``key``; raise :class:`UserError` with every problem found by the
    shared checks (unique ids, known case ids) and by ``extra``."""
    path = Path(path) if path else FOLDER / default
    found, node = load_with_nodes(model, path)
    items = getattr(found, key)
    problems = check_unique(path, node, [((key, i, "id"), x.id) for i, x in enumerate(items)])
    problems += check_case_ids(
        path, node, [((key, i, "casus"), x.casus) for i, x in enumerate(items)]
    )
    problems += extra(path, node, items)
    if problems:
        raise UserError(problems)
    return items


def _enough_exercises(path: Path, node: Any, zinnen: list[Zin]) -> list[Problem]:
    exercises = sum(z.oefening for z in zinnen)
    if exercises >= MIN_OEFENZINNEN:
        return []
    return [
        problem_at(
            path,
            node,
            ("zinnen",),
            f"only {exercises} sentences have 'oefening: true'; at least {MIN_OEFENZINNEN} needed",
            "mark more sentences as exercises (with an 'uitleg')",
        )
    ]


def _graph_problems(path: Path, node: Any, gesprekken: list[Gesprek]) -> list[Problem]:
    problems = []
    for index, gesprek in enumerate(gesprekken):
        for fault in scenario.check_graph(graph(gesprek, index)):
            loc = (*fault.loc, fault.field) if fault.field else fault.loc
            problems.append(problem_at(path, node, loc, fault.message, fault.hint))
    return problems


def load_zinnen(path: str | Path | None = None) -> list[Zin]:
    return _load_list(ZinnenFile, "zinnen", path, ZINNEN_FILE, _enough_exercises)


def load_opdrachten(path: str | Path | None = None) -> list[Opdracht]:
    return _load_list(OpdrachtenFile, "opdrachten", path, OPDRACHTEN_FILE, lambda *_: [])


def load_gesprekken(path: str | Path | None = None) -> list[Gesprek]:
    return _load_list(GesprekkenFile, "gesprekken", path, GESPREKKEN_FILE, _graph_problems)


@lru_cache(maxsize=1)
def bundled() -> tuple[tuple[Zin, ...], tuple[Opdracht, ...], tuple[Gesprek, ...]]:
    """The project's own exercise data (read once per process)."""
    return tuple(load_zinnen()), tuple(load_opdrachten()), tuple(load_gesprekken())
