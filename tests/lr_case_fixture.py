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
