"""The printed handouts of the real notebooks speak to a reader on paper: no buttons to click,
no keys to press. Such instructions live in markdown cells tagged ``live-only``, next to the
shared text, so the live notebook still has them and the handout keeps the text around them.

The notebooks are rendered unexecuted: the markdown is what this checks (widgets' static
stand-ins are tested with the widgets).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from support.testing import ROOT

from leerrecht.run.editions import to_html
from leerrecht.run.preprocessors import LIVE_TAG
from leerrecht.run.translation import translate_notebook

# Per notebook: a sentence of the shared text that must stay in the handout, per language.
KEPT = {
    "00_welkom": {"nl": "Schrijf je reflecties in je eigen woorden", "en": "in your own words"},
    "01_leerplichtwet": {"nl": "telt per schoolweek de uren", "en": "counts the hours"},
    "02_casus": {"nl": "op of boven 16 uur", "en": "reaches or passes 16 hours"},
    "06_gesprek": {"nl": "Herschrijf elke vraag", "en": "Rewrite each question"},
    "07_netwerk": {"nl": "wie je informeert", "en": "whom you inform"},
    "08_leerrecht": {"nl": "je vormt je eigen standpunt", "en": "you form your own stance"},
}
# What only makes sense where the notebook runs (a button's name after "met": its instruction).
LIVE_TALK = {
    "nl": ("klik op", "tab naar", "met tab", "met probeer een ander pad", "grafiek groeit"),
    "en": ("click", "tab to", "with tab", "with try another path", "chart grows"),
}


def _notebook(stem: str):
    return nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)


def _visible(page: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("stem", sorted(KEPT))
def test_handout_has_no_button_instructions_but_keeps_the_text(stem, taal):
    nb = _notebook(stem)
    if taal != "nl":
        nb = translate_notebook(nb, taal, stem)
    text = _visible(to_html(nb, "deelnemer", title=stem, taal=taal))
    lowered = text.lower()
    found = [phrase for phrase in LIVE_TALK[taal] if phrase in lowered]
    assert not found, f"the {taal} handout of {stem} tells a reader on paper: {found}"
    assert KEPT[stem][taal] in text, f"the {taal} handout of {stem} lost its shared text"


@pytest.mark.parametrize("stem", sorted(KEPT))
def test_live_notebook_keeps_its_instructions_in_live_only_cells(stem):
    cells = [c for c in _notebook(stem).cells if c.cell_type == "markdown"]
    live = [c for c in cells if LIVE_TAG in c.get("metadata", {}).get("tags", [])]
    assert live, f"{stem} has no live-only cell"
    live_text = " ".join(c.source for c in live).lower()
    assert re.search(r"\bklik\b|\*\*tab\*\*", live_text), f"{stem}: no instruction left live"
    for cell in live:
        assert "hide-input" not in cell.metadata.get("tags", [])
