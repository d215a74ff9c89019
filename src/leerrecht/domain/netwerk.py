"""The network around a young person (07_netwerk): roles, and per case step who does what.

Two YAML files in ``data/netwerk/``:

- ``rollen.yml``: every role with what it can do (in Dutch and, point by point, in English)
  and at least one source (a role without a source is refused with ``file:line``);
- ``stappen.yml``: for steps of at least four cases, who is *aan zet*, who is informed, who
  decides, on what ground, and what may be shared (AVG). Every role named must exist in
  ``rollen.yml`` (an unknown role is refused with ``file:line``).

:func:`map_edges` turns a step into the lines of its network map, so the map is drawn from
the data and never by hand.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from leerrecht.core import paths
from leerrecht.core.errors import UserError
from leerrecht.domain.gesprek.bestanden import (
    check_case_ids,
    check_unique,
    load_with_nodes,
    problem_at,
)

FOLDER = paths.DATA / "netwerk"
ROLLEN_FILE = "rollen.yml"
STAPPEN_FILE = "stappen.yml"
MIN_CASUSSEN = 4

Tekst = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Groep = Literal["gezin", "school", "zorg", "gemeente", "justitie", "landelijk"]
GROEPEN: tuple[str, ...] = Groep.__args__
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bron(_Model):
    titel: Tekst
    url: Url


class Rol(_Model):
    id: Id
    naam: Tekst
    groep: Groep
    kan: list[Tekst] = Field(min_length=1)
    kan_en: list[Tekst] = Field(min_length=1)  # the same points in English, one by one
    bronnen: list[Bron] = Field(min_length=1)
    onzeker: str | None = None  # a ⚠ note shown with the role
    onzeker_en: str | None = None

    @model_validator(mode="after")
    def _english_matches(self) -> Rol:
        if len(self.kan_en) != len(self.kan):
            raise ValueError(f"kan_en has {len(self.kan_en)} points, kan has {len(self.kan)}")
        if bool(self.onzeker) != bool(self.onzeker_en):
            raise ValueError("onzeker and onzeker_en go together: give both or neither")
        return self

    def can(self, taal: str = "nl") -> list[str]:
        """What the role can do, in ``taal`` (the role's name stays Dutch: a term of art)."""
        return self.kan if taal == "nl" else self.kan_en

    def uncertain(self, taal: str = "nl") -> str | None:
        return self.onzeker if taal == "nl" else self.onzeker_en


class RollenFile(_Model):
    rollen: list[Rol] = Field(min_length=2)


class Stap(_Model):
    id: Id
    week: int = Field(ge=1)
    titel: Tekst
    situatie: Tekst
    aan_zet: Id
    geinformeerd: list[Id] = Field(min_length=1)
    beslist: Id
    betrokken: list[Id] = Field(default_factory=list)  # also on the map, no fixed task
    grond: Tekst
    delen: Tekst  # what may be shared with whom (AVG)
    uitleg: Tekst
    bronnen: list[Bron] = Field(min_length=1)


class CasusStappen(_Model):
    casus: Id
    stappen: list[Stap] = Field(min_length=1)


class StappenFile(_Model):
    casussen: list[CasusStappen] = Field(min_length=MIN_CASUSSEN)


def load_rollen(path: str | Path | None = None) -> dict[str, Rol]:
    """The roles by id; :class:`UserError` with file:line for any problem."""
    path = Path(path) if path else FOLDER / ROLLEN_FILE
    found, node = load_with_nodes(RollenFile, path)
    problems = check_unique(
        path, node, [(("rollen", i, "id"), r.id) for i, r in enumerate(found.rollen)]
    )
    if problems:
        raise UserError(problems)
    return {r.id: r for r in found.rollen}


def load_stappen(
    path: str | Path | None = None, rollen: dict[str, Rol] | None = None
) -> list[CasusStappen]:
    """The case steps; every role they name must be one of ``rollen``."""
    path = Path(path) if path else FOLDER / STAPPEN_FILE
    rollen = rollen if rollen is not None else load_rollen()
    found, node = load_with_nodes(StappenFile, path)
    problems = check_case_ids(
        path, node, [(("casussen", i, "casus"), c.casus) for i, c in enumerate(found.casussen)]
    )
    ids = []
    for ci, casus in enumerate(found.casussen):
        for si, stap in enumerate(casus.stappen):
            base = ("casussen", ci, "stappen", si)
            ids.append(((*base, "id"), stap.id))
            refs = [("aan_zet", stap.aan_zet), ("beslist", stap.beslist)]
            refs += [(("geinformeerd", k), r) for k, r in enumerate(stap.geinformeerd)]
            refs += [(("betrokken", k), r) for k, r in enumerate(stap.betrokken)]
            for where, role in refs:
                if role not in rollen:
                    loc = (*base, *(where if isinstance(where, tuple) else (where,)))
                    problems.append(
                        problem_at(
                            path,
                            node,
                            loc,
                            f"unknown role '{role}'",
                            f"use a role id from {ROLLEN_FILE}: {', '.join(sorted(rollen))}",
                        )
                    )
    problems += check_unique(path, node, ids)
    if problems:
        raise UserError(problems)
    return found.casussen


@lru_cache(maxsize=1)
def bundled() -> tuple[dict[str, Rol], tuple[CasusStappen, ...]]:
    """The project's own roles and steps (read once per process)."""
    rollen = load_rollen()
    return rollen, tuple(load_stappen(rollen=rollen))


def roles_on_map(stap: Stap) -> list[str]:
    """The roles a step's map shows: aan zet first, then who decides, informed, involved."""
    ordered = [stap.aan_zet, stap.beslist, *stap.geinformeerd, *stap.betrokken]
    return list(dict.fromkeys(ordered))


def map_edges(stap: Stap) -> list[tuple[str, str, str]]:
    """The lines of a step's network map as (from, to, kind): who is aan zet informs the
    informed and asks a decision of who decides (when that is someone else); involved roles
    are linked to who is aan zet."""
    edges: list[tuple[str, str, str]] = []
    if stap.beslist != stap.aan_zet:
        edges.append((stap.aan_zet, stap.beslist, "besluit"))
    for role in stap.geinformeerd:
        if role != stap.aan_zet:
            edges.append((stap.aan_zet, role, "informeert"))
    for role in stap.betrokken:
        if role not in (stap.aan_zet, stap.beslist, *stap.geinformeerd):
            edges.append((stap.aan_zet, role, "betrokken"))
    return edges


def score_assignment(
    stap: Stap, aan_zet: str | None, beslist: str | None, geinformeerd: set[str]
) -> dict[str, bool]:
    """Which parts of a trainee's role assignment match the step."""
    return {
        "aan_zet": aan_zet == stap.aan_zet,
        "beslist": beslist == stap.beslist,
        "geinformeerd": geinformeerd == set(stap.geinformeerd),
    }
