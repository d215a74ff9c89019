"""The protocol file format: rules as data, validated with pydantic, loaded with file:line errors.

A protocol (``protocols/*.yml``) is a list of rules. A rule counts some kinds of absence
(``soorten``) in a window (school weeks, school days or the school year), measures them
(hours, number of days, number of episodes, or consecutive school days) and fires an
action when the measure reaches a threshold. See ``protocols/README.md`` for the format.

Semantics, fixed here once:

* A record counts on its school day; holidays are not school days or school weeks, so a
  window of 4 school weeks that spans a holiday covers 4 weeks of school, not of calendar.
* A window of N school weeks at day d holds the school weeks w-N+1 … w of d, up to and
  including d. Firing is checked per day, so a rule fires on the first day the threshold
  is reached.
* ``herhaling: nieuw_venster``: after a firing only records **after** that day count
  (a new window starts), and the next firing is at least ``min_dagen_tussen`` calendar
  days later (DUO: at most one report per 7 days for continuous absence).
  ``eenmalig``: at most once per pupil; ``eenmalig_per_schooljaar``: once per pupil and
  school year.
* ``voorwaarden`` select the records a rule sees (age, school type, landing period).

"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from leerrecht.core.errors import UserError
from leerrecht.core.paths import PROTOCOLS, ROOT
from leerrecht.core.yamlio import load_model, node_line, read_yaml

Soort = Literal["ongeoorloofd", "te_laat", "ziek", "geoorloofd", "luxe", "geschorst"]
SOORTEN: tuple[str, ...] = Soort.__args__
Onderwijstype = Literal["po", "vo", "mbo", "isk"]
SCALE = 100  # hours are counted in hundredths, so sums are exact integers
OUTPUT_COLUMNS = [
    "leerling",
    "datum",
    "regel",
    "actie",
    "soort_actie",
    "aanpak",
    "uitvoerder",
    "deadline",
    "waarde",
    "eenheid",
    "drempel",
    "venster_van",
]
UNITS = {
    "uren": "uren",
    "aantal": "dagen",
    "reeksen": "reeksen",
    "aaneengesloten_dagen": "schooldagen op rij",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Venster(_Model):
    """The window a rule counts in."""

    eenheid: Literal["schoolweken", "schooldagen", "schooljaar"]
    # A school year has about 40 school weeks or 200 school days: a longer window is a typo.
    lengte: int | None = Field(default=None, ge=1, le=200, description="number of weeks or days")

    @model_validator(mode="after")
    def _length(self) -> Venster:
        if self.eenheid != "schooljaar" and self.lengte is None:
            raise ValueError(f"a window in {self.eenheid} needs a lengte")
        if self.eenheid == "schooljaar" and self.lengte is not None:
            raise ValueError("a schooljaar window has no lengte")
        return self


class Landingsperiode(_Model):
    """No records count in the first school weeks after enrolment (e.g. ISK: 6 weeks)."""

    onderwijstype: list[Onderwijstype] = Field(min_length=1)
    schoolweken: int = Field(ge=1)


class Voorwaarden(_Model):
    """Which records a rule sees. Conditions on columns the register lacks are ignored."""

    meldplichtig: bool = Field(
        default=False,
        description="only records while the meldplicht applies: under 16, or under 18 "
        "without startkwalificatie (volledige leerplicht lasts to the end of the school "
        "year in which the pupil turns 16)",
    )
    ook_18_plus: bool = Field(default=False, description="regional agreement: also 18-22")
    leeftijd_min: int | None = Field(default=None, ge=0, le=30)
    leeftijd_max: int | None = Field(default=None, ge=0, le=30)
    onderwijstype: list[Onderwijstype] | None = None
    landingsperiode: Landingsperiode | None = None

    @model_validator(mode="after")
    def _ages_in_order(self) -> Voorwaarden:
        low, high = self.leeftijd_min, self.leeftijd_max
        if low is not None and high is not None and low > high:
            raise ValueError(f"leeftijd_min ({low}) is above leeftijd_max ({high})")
        return self


class Regel(_Model):
    """One rule: count, compare, act."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    titel: str
    soorten: list[Soort] = Field(min_length=1)
    meting: Literal["uren", "aantal", "reeksen", "aaneengesloten_dagen"]
    # Finite and below what a school year holds (about 1,000 lesuren; 200 days).
    drempel: float = Field(gt=0, le=5000, allow_inf_nan=False)
    venster: Venster | None = None
    herhaling: Literal["nieuw_venster", "eenmalig", "eenmalig_per_schooljaar"] = "nieuw_venster"
    min_dagen_tussen: int = Field(default=0, ge=0)
    actie: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    soort_actie: Literal["gesprek", "melding", "sanctie", "zorg", "signaal"]
    aanpak: Literal["handhaving", "zorg", "samenwerking"]
    uitvoerder: Literal["school", "leerplicht", "jeugdarts", "zorgteam"] = Field(
        default="school", description="who has to act on the signal (workload)"
    )
    deadline_werkdagen: int | None = Field(default=None, ge=0)
    voorwaarden: Voorwaarden = Field(default_factory=Voorwaarden)
    bron: str | None = None
    toelichting: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Regel:
        if self.meting == "aaneengesloten_dagen":
            if self.venster is not None:
                raise ValueError("aaneengesloten_dagen counts a run of days and takes no venster")
            if self.drempel != int(self.drempel):
                raise ValueError("drempel for aaneengesloten_dagen is a whole number of days")
        if self.meting in ("aantal", "reeksen") and self.drempel != int(self.drempel):
            raise ValueError(f"drempel for {self.meting} is a whole number")
        return self


class Protocol(_Model):
    """A named set of rules; ``omvat`` pulls in the rules of other protocols first."""

    naam: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    titel: str
    aanpak: Literal["handhaving", "zorg", "samenwerking", "wettelijk"] | None = None
    beschrijving: str = ""
    omvat: list[str] = Field(default_factory=list)
    bronnen: list[str] = Field(default_factory=list)
    regels: list[Regel] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> Protocol:
        ids = [r.id for r in self.regels]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"rule ids must be unique; repeated: {', '.join(dup)}")
        return self


DUO_REPORT = "melding_duo"  # actions that start with this are reports the law requires


def is_duo_report(actie: str) -> bool:
    """Is this action a report to DUO that the law requires (``melding_duo_*``)?"""
    return actie.startswith(DUO_REPORT)


def find_protocol(name: str | Path) -> Path:
    """The protocol file meant by ``name``: a path (absolute, or relative to the current
    folder or to the project), or the name of a file in ``protocols/`` with or without
    ``.yml``. Works from any folder.

    Parameters:
        name: ``wettelijk-minimum``, ``zorg-eerst.yml``, ``protocols/mazl.yml`` or a path.

    Returns:
        The resolved path of an existing file.

    Raises:
        UserError: when no such file exists, or the path is a folder.
    """
    given = Path(name).expanduser()
    candidates = [given]
    if not given.is_absolute():
        candidates += [ROOT / given, PROTOCOLS / given.name]
        if not given.suffix:
            candidates += [PROTOCOLS / f"{given.name}.yml"]
    for candidate in candidates:
        if candidate.is_dir():
            raise UserError.single(
                "is a folder, not a protocol file", file=candidate, hint="name one .yml file"
            )
        if candidate.is_file():
            return candidate.resolve()
    known = ", ".join(p.stem for p in list_protocols())
    raise UserError.single(
        f"no protocol file {str(name)!r}",
        field="protocol",
        hint=f"give a path to a .yml file or one of: {known}",
    )


def load_protocol(path: str | Path, *, _seen: tuple[Path, ...] = ()) -> Protocol:
    """Load a protocol file and the protocols it ``omvat``.

    Parameters:
        path: a file path or a protocol name (see :func:`find_protocol`).

    Returns:
        The protocol with the included rules first; an own rule with the same id replaces
        an included one, except a rule that makes a DUO report the law requires.

    Raises:
        UserError: with ``file:line`` for a malformed file, an unknown or circular
            ``omvat``, or an own rule that would replace a legal DUO report.
    """
    path = find_protocol(path)
    if path in _seen:
        raise UserError.single(
            "protocols include each other in a circle",
            file=path,
            field="omvat",
            hint="remove one of the omvat entries",
        )
    proto = load_model(Protocol, path)
    rules: list[Regel] = []
    for name in proto.omvat:
        sub = path.parent / (name if name.endswith(".yml") else f"{name}.yml")
        if not sub.is_file():
            raise UserError.single(
                f"omvat names an unknown protocol {name!r}",
                file=path,
                field="omvat",
                hint=f"expected a file {sub.name} next to it",
            )
        seen_ids = {r.id for r in rules}  # two includes may share a protocol (the legal one)
        rules += [
            r for r in load_protocol(sub, _seen=(*_seen, path)).regels if r.id not in seen_ids
        ]
    _refuse_replacing_reports(path, proto, rules)
    own = {r.id for r in proto.regels}
    merged = [r for r in rules if r.id not in own] + proto.regels  # own rules override
    return proto.model_copy(update={"regels": merged})


def _refuse_replacing_reports(path: Path, proto: Protocol, included: list[Regel]) -> None:
    """A school protocol may add reactions, never take away a report the law requires."""
    reports = {r.id for r in included if is_duo_report(r.actie)}
    for i, rule in enumerate(proto.regels):
        if rule.id in reports:
            _, root = read_yaml(path)
            raise UserError.single(
                f"rule {rule.id!r} would replace a DUO report of an included protocol",
                file=path,
                line=node_line(root, ("regels", i, "id")),
                field=f"regels.{i}.id",
                hint="no protocol may change or suppress a legal report; give your rule "
                "another id (it then runs next to the report)",
            )


def list_protocols() -> list[Path]:
    """The protocol files shipped in ``protocols/``, sorted by name."""
    return sorted(PROTOCOLS.glob("*.yml"))
