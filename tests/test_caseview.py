"""Case views for 02_casus: escaping, clear stops, trainer-note visibility, case choice."""

from __future__ import annotations

import pytest
from lr_case_fixture import make_case

from leerrecht.domain.answers import Settings
from leerrecht.views import caseview as cv


def test_unknown_case_stops_with_dutch_message_listing_ids(capsys) -> None:
    with pytest.raises(cv.NotebookStop) as info:
        cv.open_case("bestaat-niet")
    message = info.value._render_traceback_()[0]
    assert message.startswith("De casus 'bestaat-niet' bestaat niet. Kies een van deze casussen:")
    assert "isk-nieuwkomer" in message


def test_resolve_case_id() -> None:
    assert cv.resolve_case_id("a", {"LEERRECHT_CASE": "b"}) == "a"
    assert cv.resolve_case_id("", {"LEERRECHT_CASE": "b"}) == "b"
    assert cv.resolve_case_id("", {}) == "isk-nieuwkomer"


def test_trainer_notes_visibility() -> None:
    s = Settings("k", __import__("pathlib").Path("/tmp"), "uil", ("uil",), "trainer-a")
    assert cv.show_trainer_notes(s, {}) is True  # cohort runner / researcher
    assert cv.show_trainer_notes(s, {"LEERRECHT_ROLE": "deelnemer"}) is False
    assert cv.show_trainer_notes(s, {"LEERRECHT_ROLE": "trainer"}) is True
    assert cv.show_trainer_notes(s, {"JUPYTERHUB_USER": "uil"}) is False
    assert cv.show_trainer_notes(s, {"JUPYTERHUB_USER": "trainer-a"}) is True


def test_unknown_trainee_message_lists_names() -> None:
    p = __import__("pathlib").Path("/tmp")
    assert cv.unknown_trainee_text(Settings("k", p, "uil", ("uil",), "t")) is None
    text = cv.unknown_trainee_text(Settings("k", p, "vos", ("uil", "merel"), "t"))
    assert "'vos' staat niet in de deelnemerslijst van cohort k" in text
    assert "uil, merel" in text


def test_views_escape_case_text() -> None:
    case = make_case()
    case = case.model_copy(update={"titel": "<script>x</script>"})
    assert "&lt;script&gt;" in cv.story_html(case) and "<script>" not in cv.story_html(case)
    paths = cv.paths_html(case)
    assert "lr-path-handhaving" in paths and "lr-path-zorg" in paths and "Uitkomst Z" in paths
    assert "lr-path-samenwerking" not in paths  # not in this case
    assert "Kies b." in cv.trainer_html(case) and "Vraag 1?" in cv.trainer_html(case)
    assert "Week 3" in cv.events_html(case) and "2 uur te laat" in cv.events_html(case)
    assert "Testkind" in cv.profile_html(case) and "14 jaar" in cv.profile_html(case)
