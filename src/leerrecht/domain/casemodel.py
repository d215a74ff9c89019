"""The case model: pydantic classes for ``casestudies/<id>.yml`` (Dutch keys) and its graph.

A case is a branching scenario (see :mod:`leerrecht.domain.scenario`): every option of a
decision point leads on (``volgende``) or ends the case (``einde``, an id under ``eindes``).
A case without ``eindes`` is in the *old, linear* format: an option without ``volgende`` goes
on to the next decision point in file order and the last one ends the case. Old files keep
working (walk and answers); ``leerrecht cases validate --strict`` flags them.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from leerrecht.domain import scenario

if TYPE_CHECKING:  # pandas is imported lazily (``import leerrecht.domain.cases`` stays cheap)
    import pandas as pd

Onderwijstype = Literal["po", "vo", "mbo", "isk", "so", "vso"]
Soort = Literal["ongeoorloofd", "te_laat", "ziek", "geoorloofd", "luxe", "geschorst"]
Aanpak = Literal["handhaving", "zorg", "samenwerking"]

SOORTEN: tuple[str, ...] = Soort.__args__
AANPAKKEN: tuple[str, ...] = Aanpak.__args__
MIN_BESLISMOMENTEN = 3
MIN_OPTIES = 3

LINEAR_END = "einde"  # the one ending of an old-format (linear) case

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LOCAL_ID = r"^[a-z0-9_]+(-[a-z0-9_]+)*$"

Tekst = Annotated[str, Field(min_length=1)]
CaseId = Annotated[
    str,
    Field(
        pattern=SLUG,
        description="Korte naam in kleine letters met streepjes; gelijk aan de bestandsnaam.",
    ),
]
LocalId = Annotated[
    str, Field(pattern=LOCAL_ID, description="Korte id binnen de casus, bv. bm1, bm2-zorg, a, r1.")
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Profiel(_Model):
    """The (fictional) young person at the centre of the case."""

    roepnaam: Tekst = Field(description="Verzonnen roepnaam; moet in fictief.yml staan.")
    leeftijd: int = Field(ge=4, le=23, description="Leeftijd in jaren bij het begin van de casus.")
    onderwijstype: Onderwijstype
    leerjaar: int = Field(ge=1, le=8, description="Leerjaar (po: groep 1-8).")
    gemeente: Tekst = Field(description="Verzonnen gemeente; moet in fictief.yml staan.")
    school: Tekst = Field(description="Verzonnen school; moet in fictief.yml staan.")
    context: Tekst = Field(description="Gezin, achtergrond en wat verder van belang is.")


class Verzuim(_Model):
    """Absence in one school week, of one kind (the register's ``soort``)."""

    soort: Soort
    uren: float = Field(gt=0, le=40, description="Lesuren verzuim in deze schoolweek (> 0).")


class Gebeurtenis(_Model):
    week: int = Field(
        ge=1, description="Schoolweek van de casus (1 = eerste week; vakanties tellen niet)."
    )
    gebeurtenis: Tekst
    verzuim: list[Verzuim] = Field(default_factory=list)


class Optie(_Model):
    id: LocalId
    tekst: Tekst
    aanpak: Aanpak
    feedback: Tekst
    grondslag: Tekst = Field(description="Wettelijke of methodische grond, bv. 'art. 13a LPW'.")
    gevolg: Tekst = Field(description="Wat er meestal op volgt.")
    volgende: LocalId | None = Field(default=None, description="Id van het volgende beslismoment.")
    einde: LocalId | None = Field(
        default=None,
        description="Id van het einde (onder 'eindes') waarmee deze keuze de casus afsluit.",
    )
    gebeurtenissen: list[Gebeurtenis] = Field(
        default_factory=list, description="Wat er op de tijdlijn gebeurt door deze keuze."
    )


class Beslismoment(_Model):
    id: LocalId
    week: int = Field(ge=1)
    situatie: Tekst
    vraag: Tekst
    opties: list[Optie] = Field(min_length=MIN_OPTIES)


Uitkomst = Literal["goed", "gemengd", "zorgelijk"]
UITKOMSTEN: tuple[str, ...] = Uitkomst.__args__


class Einde(_Model):
    """One way a case can end."""

    id: LocalId
    titel: Tekst
    tekst: Tekst = Field(description="Wat er van de leerling terechtkwam.")
    debrief: Tekst = Field(
        description="Welke gronden ertoe deden en wat een ervaren leerplichtambtenaar zou wegen."
    )
    uitkomst: Uitkomst


class Pad(_Model):
    titel: Tekst
    verloop: list[Tekst] = Field(min_length=1)
    uitkomst: Tekst


class Paden(_Model):
    handhaving: Pad
    zorg: Pad
    samenwerking: Pad | None = None


class Reflectie(_Model):
    id: LocalId
    vraag: Tekst


class Trainer(_Model):
    gespreksleiding: Tekst
    modelantwoorden: dict[str, Tekst] = Field(default_factory=dict)


class Bron(_Model):
    titel: Tekst
    url: str = Field(pattern=r"^https?://\S+$")


class Case(_Model):
    """One case study, as written in ``casestudies/<id>.yml``."""

    id: CaseId
    titel: Tekst
    samenvatting: Tekst
    leerdoelen: list[Tekst] = Field(min_length=1)
    profiel: Profiel
    tijdlijn: list[Gebeurtenis] = Field(min_length=1)
    beslismomenten: list[Beslismoment] = Field(min_length=MIN_BESLISMOMENTEN)
    eindes: list[Einde] = Field(
        default_factory=list,
        description="De mogelijke eindes; zonder eindes is de casus in het oude, lineaire formaat.",
    )
    paden: Paden
    reflectie: list[Reflectie] = Field(min_length=1)
    trainer: Trainer
    bronnen: list[Bron] = Field(min_length=1)

    def beslismoment(self, bm_id: str) -> Beslismoment:
        """The decision point with this id (KeyError if there is none)."""
        for bm in self.beslismomenten:
            if bm.id == bm_id:
                return bm
        raise KeyError(bm_id)

    @property
    def is_graph(self) -> bool:
        """True for a branching case (it has ``eindes``); False for the old, linear format."""
        return bool(self.eindes)

    def einde(self, einde_id: str) -> Einde:
        """The ending with this id (KeyError if there is none)."""
        for end in self.eindes:
            if end.id == einde_id:
                return end
        raise KeyError(einde_id)

    @cached_property
    def graph(self) -> scenario.Graph:
        """The case as a scenario graph; each element's ``data`` is the model object and its
        ``loc`` the YAML location (``("beslismomenten", i, "opties", j)``)."""
        nodes = []
        points = self.beslismomenten
        for i, bm in enumerate(points):
            options = []
            for j, opt in enumerate(bm.opties):
                volgende, einde = opt.volgende, opt.einde
                if not self.is_graph and volgende is None and einde is None:
                    # old format: go on in file order; the last decision point ends the case
                    if i + 1 < len(points):
                        volgende = points[i + 1].id
                    else:
                        einde = LINEAR_END
                options.append(
                    scenario.Option(
                        opt.id,
                        volgende=volgende,
                        einde=einde,
                        events=tuple(opt.gebeurtenissen),
                        data=opt,
                        loc=("beslismomenten", i, "opties", j),
                    )
                )
            nodes.append(scenario.Node(bm.id, tuple(options), data=bm, loc=("beslismomenten", i)))
        if self.is_graph:
            endings = tuple(
                scenario.Ending(e.id, data=e, loc=("eindes", k)) for k, e in enumerate(self.eindes)
            )
        else:
            endings = (scenario.Ending(LINEAR_END, data=None, loc=("beslismomenten",)),)
        return scenario.Graph(tuple(nodes), endings)

    def walk(self, choices: list[tuple[str, str | None]] | None = None) -> scenario.Walk:
        """A walk through this case, replayed from recorded ``(beslismoment, optie)`` choices."""
        return scenario.Walk.replay(self.graph, choices or [])

    def visible_timeline(self, walk: scenario.Walk) -> list[Gebeurtenis]:
        """What the trainee may see on the timeline: the story up to the current decision
        point (everything once the case has ended) plus the events of the choices taken."""
        current = walk.current
        limit = current.data.week if current is not None and current.data is not None else None
        story = [g for g in self.tijdlijn if limit is None or g.week <= limit]
        return sorted([*story, *walk.events], key=lambda g: g.week)

    def verzuim_records(self, items: list[Gebeurtenis] | None = None) -> list[dict[str, Any]]:
        """Timeline absence as tidy records ``{week, soort, uren}``, in timeline order
        (of ``items``, default the whole ``tijdlijn``)."""
        return [
            {"week": item.week, "soort": v.soort, "uren": float(v.uren)}
            for item in (self.tijdlijn if items is None else items)
            for v in item.verzuim
        ]

    def verzuim_frame(self, items: list[Gebeurtenis] | None = None) -> pd.DataFrame:
        """Timeline absence as a tidy DataFrame (columns week, soort, uren) for plots/protocols."""
        import pandas as pd

        frame = pd.DataFrame(self.verzuim_records(items), columns=["week", "soort", "uren"])
        frame["week"] = frame["week"].astype("int64")
        frame["uren"] = frame["uren"].astype("float64")
        frame["soort"] = pd.Categorical(frame["soort"], categories=list(SOORTEN))
        return frame
