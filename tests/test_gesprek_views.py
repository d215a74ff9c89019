"""Views of 06_gesprek and 07_netwerk: answers saved and restored, text escaped, reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leerrecht.domain import netwerk
from leerrecht.domain.answers import AnswerStore, read_cohort
from leerrecht.domain.gesprek import oefeningen
from leerrecht.domain.gesprek.analyse import beoordeel
from leerrecht.views import gesprek as gv
from leerrecht.views import netwerk as nv
from leerrecht.views.oefengesprek import Oefengesprek, conversations_html

EVIL = "<script>alert(1)</script>Wat heb je nodig om morgen te komen?"


def _store(tmp_path: Path, trainee: str, notebook: str) -> AnswerStore:
    return AnswerStore(tmp_path, "klas1", trainee, notebook=notebook)


def _zin(zid: str):
    return next(z for z in oefeningen.bundled()[0] if z.id == zid)


def test_classification_is_saved_restored_and_explained(tmp_path):
    store = _store(tmp_path, "t1", gv.NOTEBOOK)
    widget = gv.Herkennen(_zin("isk1"), store)
    widget.choose("gesloten")
    assert (
        "Klopt: niet oplossingsgericht. Wij noemen hem vooral verwijtend." in widget.feedback.value
    )
    widget.choose("verwijtend")
    again = gv.Herkennen(_zin("isk1"), store)
    assert again.buttons["verwijtend"].button_style == "success"
    assert "Goed gezien." in again.feedback.value and "eerder bewaarde" in again.feedback.value
    assert "waarom … niet" in again.feedback.value  # the analyser's signals are shown


def test_rephrasing_escapes_html_and_shows_models_only_after_an_attempt(tmp_path):
    store = _store(tmp_path, "t1", gv.NOTEBOOK)
    opdracht = oefeningen.bundled()[1][0]
    widget = gv.Herformuleren(opdracht, store)
    assert widget.models.value == ""
    widget.textarea.value = EVIL
    oordeel = widget.judge()
    assert oordeel is not None and oordeel.oplossingsgericht
    assert "<script>" not in widget.feedback.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in widget.feedback.value
    assert opdracht.modellen[0] in widget.models.value
    restored = gv.Herformuleren(opdracht, store)
    assert restored.textarea.value == EVIL and "eerder bewaarde" in restored.feedback.value


def test_rephrasing_in_english_is_refused_kindly_and_not_saved(tmp_path):
    store = _store(tmp_path, "t1", gv.NOTEBOOK)
    widget = gv.Herformuleren(oefeningen.bundled()[1][0], store)
    widget.textarea.value = "Why were you not at school again?"
    assert widget.judge() is None
    assert "alleen Nederlands" in widget.feedback.value
    assert store.history() == []


def test_conversation_walk_is_rebuilt_from_saved_choices(tmp_path):
    store = _store(tmp_path, "t1", gv.NOTEBOOK)
    gesprek = oefeningen.bundled()[2][0]
    widget = Oefengesprek(gesprek, store)
    for option in ("b", "b"):  # a blaming opening, then a threat: it ends early
        widget.say(option)
    assert widget.walk.ending.id == "dicht"
    reloaded = Oefengesprek(gesprek, store)
    assert [s.option.id for s in reloaded.walk.steps] == ["b", "b"]
    assert "Daan klapt dicht" in reloaded.transcript.value
    reloaded.again()
    fresh = Oefengesprek(gesprek, store)
    assert fresh.walk.steps == () and len(fresh.walk.attempts) == 1
    assert fresh.walk.current.id == "m1"


def test_role_assignment_is_scored_saved_and_restored_with_map(tmp_path):
    rollen, casussen = netwerk.bundled()
    stap = casussen[0].stappen[1]
    store = _store(tmp_path, "t1", nv.NOTEBOOK)
    widget = nv.RolToewijzing(stap, rollen, store)
    assert widget.check() is None  # nothing chosen yet: a hint, nothing saved
    widget.aan_zet.value = "mentor"
    widget.beslist.value = "leerplichtambtenaar"
    widget.geinformeerd.value = ("ouders", "leerplichtambtenaar")
    assert widget.check() == {"aan_zet": True, "beslist": False, "geinformeerd": True}
    assert "ons antwoord: School (directeur, verzuimcoördinator)" in widget.feedback.value
    assert "<svg" in widget.feedback.value and "Mentor of leerkracht" in widget.feedback.value
    again = nv.RolToewijzing(stap, rollen, store)
    assert (again.aan_zet.value, again.beslist.value) == ("mentor", "leerplichtambtenaar")
    assert set(again.geinformeerd.value) == {"ouders", "leerplichtambtenaar"}


def test_roles_table_cites_sources_and_marks_uncertainty():
    rollen, _ = netwerk.bundled()
    html = nv.roles_html(rollen)
    assert html.count("<a href=") >= len(rollen)
    assert "⚠" in html


def _feed(tmp_path: Path) -> None:
    """Two trainees answer in both notebooks (one with markup in a rephrasing)."""
    zinnen, opdrachten, gesprekken = oefeningen.bundled()
    rollen, casussen = netwerk.bundled()
    stap = casussen[0].stappen[0]
    for trainee, soort, text, ja in (
        ("t1", "verwijtend", EVIL, "leerplichtambtenaar"),
        ("t2", "gesloten", "Wat lukt er al wél?", "ouders"),
    ):
        store = _store(tmp_path, trainee, gv.NOTEBOOK)
        gv.Herkennen(_zin("isk1"), store).choose(soort)
        widget = gv.Herformuleren(opdrachten[0], store)
        widget.textarea.value = text
        widget.judge()
        talk = Oefengesprek(gesprekken[0], store)
        for option in ("a", "b", "a"):
            talk.say(option)
        assign = nv.RolToewijzing(stap, rollen, _store(tmp_path, trainee, nv.NOTEBOOK))
        assign.aan_zet.value = ja
        assign.beslist.value = "leerplichtambtenaar"
        assign.geinformeerd.value = ("ouders", "school")
        assign.check()


def test_report_sections_count_the_answers_fed_in(tmp_path):
    _feed(tmp_path)
    answers = read_cohort(tmp_path, "klas1")
    gesprek_html = gv.report_html(answers)
    assert '<span class="lr-count">1/2</span>' in gesprek_html  # isk1: one of two right
    assert "gesloten: 1, verwijtend: 1" in gesprek_html
    assert "&lt;script&gt;" in gesprek_html and "<script>" not in gesprek_html
    assert "Daan gaat weg met zijn eigen plan: 2" in gesprek_html
    netwerk_html = nv.report_html(answers)
    assert "Marta staat nergens ingeschreven" in netwerk_html
    assert "Leerplichtambtenaar: 1; Ouders of verzorgers: 1" in netwerk_html
    assert conversations_html([], oefeningen.bundled()[2]).startswith("<p>Nog geen")


def test_report_section_headings_follow_the_language(tmp_path):
    answers: list = []
    assert gv.report_section_html(answers, "en").startswith("<h2>Conversations (06_gesprek)</h2>")
    assert nv.report_section_html(answers, "en").startswith("<h2>Network (07_netwerk)</h2>")
    assert gv.report_section_html(answers).startswith("<h2>Gesprekken (06_gesprek)</h2>")
    assert nv.report_section_html(answers).startswith("<h2>Netwerk (07_netwerk)</h2>")


@pytest.mark.slow  # runs the report notebook in a kernel
def test_report_notebook_shows_both_sections(tmp_path):
    import nbformat
    import papermill as pm

    from leerrecht.core import paths

    _feed(tmp_path)
    out = tmp_path / "rapport.ipynb"
    pm.execute_notebook(
        str(paths.NOTEBOOKS / "90_cohortrapport.ipynb"),
        str(out),
        parameters={"cohort": "klas1", "answers_dir": str(tmp_path), "taal": "en"},
        kernel_name="python3",
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    html_out = "".join(
        o.data["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    )
    assert "<h2>Conversations (06_gesprek)</h2>" in html_out  # headings follow taal
    # Dutch case material carries lang="nl" in an English report: compare the text.
    text_out = re.sub(r"<[^>]+>", "", html_out)
    assert "Daan gaat weg met zijn eigen plan: 2" in text_out
    assert '<span lang="nl">Daan gaat weg met zijn eigen plan</span>' in html_out
    assert "<h2>Network (07_netwerk)</h2>" in html_out
    assert "Leerplichtambtenaar: 1; Ouders of verzorgers: 1" in text_out
    assert "<script>alert(1)</script>" not in html_out


def test_english_pages_mark_the_dutch_exercise_material(tmp_path):
    """Under taal=en the Dutch questions, tips and conversations carry lang="nl" (WCAG 3.1.2);
    the labels around them are English, and a Dutch page has no lang attribute."""
    zin, opdracht = _zin("isk1"), oefeningen.bundled()[1][0]
    english = gv.Herkennen(zin, taal="en").fallback_html()
    assert f'<p lang="nl"><strong>“{zin.tekst}”</strong></p>' in english
    assert 'lang="nl"' not in gv.Herkennen(zin).fallback_html()
    rephrase = gv.Herformuleren(opdracht, taal="en").fallback_html()
    assert f'<strong lang="nl">“{opdracht.origineel}”</strong>' in rephrase
    assert f'<span lang="nl">{opdracht.tip}</span>' in rephrase
    analysis = gv.signals_html(beoordeel("Waarom was je er wéér niet?", "en"), "en")
    assert '<span lang="nl">waarom … niet</span>' in analysis.split("</strong>")[0]
    talk = Oefengesprek(oefeningen.bundled()[2][0], taal="en").fallback_html()
    assert talk.count('lang="nl"') >= 3  # title, introduction, first moment, options


def test_roles_in_english_say_what_each_can_do_in_english():
    rollen, _ = netwerk.bundled()
    english, dutch = nv.roles_html(rollen, "en"), nv.roles_html(rollen)
    ouders = rollen["ouders"]
    assert all(f"<li>{k.replace(chr(39), '&#x27;')}</li>" in english for k in ouders.kan_en)
    assert ouders.kan[0] not in english and ouders.kan[0] in dutch
    assert f'lang="nl">{ouders.naam}</b>' in english  # role names: Dutch terms of art
    assert rollen["halt"].onzeker_en in english
