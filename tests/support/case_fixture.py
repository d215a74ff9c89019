"""A small, fully fictional case for the exercise and report tests (no files needed)."""

from __future__ import annotations

from leerrecht.domain.cases import Case


def _option(oid: str, aanpak: str, extra: str = "") -> dict:
    return {
        "id": oid,
        "tekst": f"Optie {oid} ({aanpak}){extra}",
        "aanpak": aanpak,
        "feedback": f"Feedback bij {oid} <b>niet vet</b>",
        "grondslag": f"Grond {oid}",
        "gevolg": f"Gevolg {oid}",
    }


def make_case(case_id: str = "testcasus") -> Case:
    points = [
        {
            "id": f"bm{n}",
            "week": n * 2,
            "situatie": f"Situatie {n}",
            "vraag": f"Vraag {n}?",
            "opties": [
                _option("a", "handhaving"),
                _option("b", "zorg"),
                _option("c", "samenwerking"),
            ],
        }
        for n in (1, 2, 3)
    ]
    return Case.model_validate(
        {
            "id": case_id,
            "titel": "Testcasus",
            "samenvatting": "Een verzonnen casus voor tests.",
            "leerdoelen": ["Leren testen"],
            "profiel": {
                "roepnaam": "Testkind",
                "leeftijd": 14,
                "onderwijstype": "vo",
                "leerjaar": 2,
                "gemeente": "Testdorp",
                "school": "Testschool",
                "context": "Verzonnen.",
            },
            "tijdlijn": [
                {
                    "week": 1,
                    "gebeurtenis": "Begin",
                    "verzuim": [{"soort": "ongeoorloofd", "uren": 6}],
                },
                {"week": 2, "gebeurtenis": "Meer", "verzuim": [{"soort": "ziek", "uren": 4}]},
                {
                    "week": 3,
                    "gebeurtenis": "Nog meer",
                    "verzuim": [
                        {"soort": "ongeoorloofd", "uren": 10},
                        {"soort": "te_laat", "uren": 2},
                    ],
                },
                {"week": 6, "gebeurtenis": "Rust"},
            ],
            "beslismomenten": points,
            "paden": {
                "handhaving": {
                    "titel": "Handhaven",
                    "verloop": ["stap 1"],
                    "uitkomst": "Uitkomst H",
                },
                "zorg": {
                    "titel": "Zorgen",
                    "verloop": ["stap 1", "stap 2"],
                    "uitkomst": "Uitkomst Z",
                },
            },
            "reflectie": [{"id": "r1", "vraag": "Wat vond je?"}, {"id": "r2", "vraag": "En nu?"}],
            "trainer": {
                "gespreksleiding": "Leid het gesprek.",
                "modelantwoorden": {"bm1": "Kies b."},
            },
            "bronnen": [{"titel": "Inspectie", "url": "https://www.onderwijsinspectie.nl/"}],
        }
    )


def _goption(
    oid: str,
    aanpak: str,
    volgende: str | None = None,
    einde: str | None = None,
    events: list[dict] | None = None,
) -> dict:
    opt = _option(oid, aanpak)
    opt.update({k: v for k, v in (("volgende", volgende), ("einde", einde)) if v})
    if events:
        opt["gebeurtenissen"] = events
    return opt


def _event(week: int, text: str, soort: str, uren: float) -> dict:
    return {"week": week, "gebeurtenis": text, "verzuim": [{"soort": soort, "uren": uren}]}


def graph_case_data(case_id: str = "grafcasus") -> dict:
    """A small branching case (the issue-13 format) as plain data.

    bm1 --a--> bm2-melding --a--> einde 'proces' / --b,c--> bm3
    bm1 --b,c--> bm2-zorg --a,c--> bm3 / --b--> einde 'herstel'
    bm3 --a--> 'proces', --b--> 'herstel', --c--> 'gemengd'
    """
    data = make_case(case_id).model_dump(exclude_defaults=True)
    data["tijdlijn"] = data["tijdlijn"][:1]
    data["beslismomenten"] = [
        {
            "id": "bm1",
            "week": 2,
            "situatie": "Situatie start",
            "vraag": "Wat doe je eerst?",
            "opties": [
                _goption(
                    "a",
                    "handhaving",
                    "bm2-melding",
                    events=[_event(3, "Melding gedaan", "ongeoorloofd", 8)],
                ),
                _goption("b", "zorg", "bm2-zorg", events=[_event(3, "Gesprek thuis", "ziek", 4)]),
                _goption("c", "samenwerking", "bm2-zorg"),
            ],
        },
        {
            "id": "bm2-melding",
            "week": 4,
            "situatie": "Situatie na de melding",
            "vraag": "Hoe verder na de melding?",
            "opties": [
                _goption("a", "handhaving", einde="proces"),
                _goption("b", "zorg", "bm3"),
                _goption(
                    "c", "samenwerking", "bm3", events=[_event(5, "Overleg", "ongeoorloofd", 2)]
                ),
            ],
        },
        {
            "id": "bm2-zorg",
            "week": 4,
            "situatie": "Situatie na het gesprek",
            "vraag": "Hoe verder na het gesprek?",
            "opties": [
                _goption("a", "handhaving", "bm3"),
                _goption("b", "zorg", einde="herstel"),
                _goption("c", "samenwerking", "bm3"),
            ],
        },
        {
            "id": "bm3",
            "week": 6,
            "situatie": "Situatie laat",
            "vraag": "De laatste stap?",
            "opties": [
                _goption("a", "handhaving", einde="proces"),
                _goption("b", "zorg", einde="herstel"),
                _goption("c", "samenwerking", einde="gemengd"),
            ],
        },
    ]
    data["eindes"] = [
        {
            "id": "proces",
            "titel": "Naar de officier",
            "tekst": "Proces-verbaal.",
            "debrief": "Debrief proces <i>niet schuin</i>",
            "uitkomst": "gemengd",
        },
        {
            "id": "herstel",
            "titel": "Terug in de klas",
            "tekst": "Herstel.",
            "debrief": "Debrief herstel",
            "uitkomst": "goed",
        },
        {
            "id": "gemengd",
            "titel": "Half terug",
            "tekst": "Half.",
            "debrief": "Debrief gemengd",
            "uitkomst": "zorgelijk",
        },
    ]
    data["trainer"]["modelantwoorden"] = {
        **{bm["id"]: f"Model {bm['id']}" for bm in data["beslismomenten"]},
        "r1": "Model r1",
        "r2": "Model r2",
    }
    return data


def make_graph_case(case_id: str = "grafcasus") -> Case:
    return Case.model_validate(graph_case_data(case_id))
