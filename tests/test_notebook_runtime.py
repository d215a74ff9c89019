"""The notebook runtime: settings, identity, role, the case to show, and clean stops."""

from __future__ import annotations

from pathlib import Path

import pytest

from leerrecht import notebook as nb
from leerrecht.core.errors import UserError
from leerrecht.notebook import Settings


@pytest.mark.parametrize("name", ["../etc", "..", ".verborgen", "a/b", "x" * 65, "naam met spatie"])
def test_unsafe_trainee_names_are_refused(name: str) -> None:
    with pytest.raises(UserError, match="not a valid pseudonym"):
        nb.resolve_trainee(name, {})


def test_unknown_case_stops_with_dutch_message_listing_ids(capsys) -> None:
    with pytest.raises(nb.NotebookStop) as info:
        nb.open_case("bestaat-niet")
    message = info.value._render_traceback_()[0]
    assert message.startswith("De casus 'bestaat-niet' bestaat niet. Kies een van deze casussen:")
    assert "isk-nieuwkomer" in message


def test_resolve_case_id() -> None:
    assert nb.resolve_case_id("a", {"LEERRECHT_CASE": "b"}) == "a"
    assert nb.resolve_case_id("", {"LEERRECHT_CASE": "b"}) == "b"
    assert nb.resolve_case_id("", {}) == "isk-nieuwkomer"


def test_trainer_notes_visibility() -> None:
    s = Settings("k", __import__("pathlib").Path("/tmp"), "uil", ("uil",), "trainer-a")
    assert nb.show_trainer_notes(s, {}) is True  # cohort runner / researcher
    assert nb.show_trainer_notes(s, {"LEERRECHT_ROLE": "deelnemer"}) is False
    assert nb.show_trainer_notes(s, {"LEERRECHT_ROLE": "trainer"}) is True
    assert nb.show_trainer_notes(s, {"JUPYTERHUB_USER": "uil"}) is False
    assert nb.show_trainer_notes(s, {"JUPYTERHUB_USER": "trainer-a"}) is True


def test_unknown_trainee_message_lists_names() -> None:
    p = __import__("pathlib").Path("/tmp")
    assert nb.unknown_trainee_text(Settings("k", p, "uil", ("uil",), "t")) is None
    text = nb.unknown_trainee_text(Settings("k", p, "vos", ("uil", "merel"), "t"))
    assert "'vos' staat niet in de deelnemerslijst van cohort k" in text
    assert "uil, merel" in text


def test_identity_resolution_order() -> None:
    env = {"LEERRECHT_TRAINEE": "uil", "JUPYTERHUB_USER": "hubnaam"}
    assert nb.resolve_trainee("expliciet", env) == "expliciet"
    assert nb.resolve_trainee("", env) == "uil"
    assert nb.resolve_trainee(None, {"JUPYTERHUB_USER": "hubnaam"}) == "hubnaam"
    assert nb.resolve_trainee("", {}) is None


def test_answers_dir_resolution(tmp_path: Path) -> None:
    from leerrecht.core import paths

    assert nb.resolve_answers_dir(tmp_path, {"LEERRECHT_ANSWERS": "/elders"}) == tmp_path
    assert nb.resolve_answers_dir("", {"LEERRECHT_ANSWERS": "/elders"}) == Path("/elders")
    assert nb.resolve_answers_dir("", {}) == paths.ANSWERS


def test_environment_trainee_is_validated_too() -> None:
    with pytest.raises(UserError) as info:
        nb.resolve_trainee("", {"JUPYTERHUB_USER": "../../root"})
    assert info.value.problems[0].field == "JUPYTERHUB_USER"


def test_settings_resolution(tmp_path: Path) -> None:
    from leerrecht.core import paths

    cohort_file = tmp_path / "klas.yml"
    bundled = (paths.COHORTS / "voorbeeld.yml").read_text(encoding="utf-8")
    cohort_file.write_text(
        bundled.replace("naam: voorbeeld", "naam: najaar").replace(
            "antwoordenmap: answers", f"antwoordenmap: {tmp_path / 'antw'}"
        ),
        encoding="utf-8",
    )
    s = nb.resolve_settings(cohort_file=str(cohort_file), trainee="deelnemer-01", env={})
    assert (s.cohort, s.answers_dir, s.trainee) == ("najaar", tmp_path / "antw", "deelnemer-01")
    assert s.known_trainee
    assert not nb.resolve_settings(
        cohort_file=str(cohort_file), trainee="onbekend", env={}
    ).known_trainee
    # Environment (as set by `leerrecht lab/app`) fills in what the parameters leave empty.
    env = {
        "LEERRECHT_COHORT": "voorjaar",
        "LEERRECHT_ANSWERS": str(tmp_path / "x"),
        "LEERRECHT_TRAINEE": "merel",
        "LEERRECHT_COHORT_FILE": str(cohort_file),
    }
    s = nb.resolve_settings(env=env)
    assert (s.cohort, s.answers_dir, s.trainee) == ("voorjaar", tmp_path / "x", "merel")
    # Explicit parameters win over the environment.
    s = nb.resolve_settings("klas9", "", str(tmp_path / "y"), "vos", env=env)
    assert (s.cohort, s.answers_dir, s.trainee) == ("klas9", tmp_path / "y", "vos")
    # Defaults: the bundled example cohort.
    s = nb.resolve_settings(env={})
    assert s.cohort == "voorbeeld" and s.answers_dir == paths.ANSWERS and s.trainee is None
    assert s.participants and s.known_trainee
    with pytest.raises(UserError):
        nb.resolve_settings(cohort_file=str(tmp_path / "bestaat-niet.yml"), env={})


SUITE_NOTEBOOKS = sorted(p.stem for p in (Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("stem", SUITE_NOTEBOOKS)
def test_bad_cohort_file_stops_every_notebook_the_same_way(
    stem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every notebook starts through nb.start, so a broken cohort file gives one clean stop."""
    import papermill

    bad = tmp_path / "kapot.yml"
    bad.write_text("naam: kapot\nstartdatum: niet-een-datum\n", encoding="utf-8")
    monkeypatch.setenv(nb.ENV_COHORT_FILE, str(bad))
    monkeypatch.setenv(nb.ENV_ANSWERS, str(tmp_path / "antwoorden"))
    source = Path(__file__).parents[1] / "notebooks" / f"{stem}.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(source), str(tmp_path / "uit.ipynb"), progress_bar=False, kernel_name="python3"
        )
    assert info.value.ename == "NotebookStop"
    assert info.value.evalue.startswith("De instellingen van dit notebook kloppen niet:")
    assert "kapot.yml" in info.value.evalue
    # The stop comes from the runtime's first cell, before any content is computed.
    assert info.value.exec_count <= 2
