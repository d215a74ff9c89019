"""08_leerrecht: the data in data/leerrecht (sources everywhere, file:line errors), the views,
the stance exercise and the cohort-report section."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from leerrecht.core import paths
from leerrecht.core.errors import UserError
from leerrecht.domain import answers as A
from leerrecht.domain import leerrecht as L
from leerrecht.views import leerrecht as V
from leerrecht.views import report as R

URL = re.compile(r"^https?://\S+$")


@pytest.fixture(scope="module")
def data() -> L.LeerrechtData:
    return L.load()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A writable copy of data/leerrecht."""
    target = tmp_path / "leerrecht"
    shutil.copytree(paths.DATA / "leerrecht", target)
    return target


def edit(folder: Path, name: str, old: str, new: str) -> int:
    """Replace the first ``old`` in ``name``; return the 1-based line where it stood."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {name}: {old!r}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def errors(folder: Path) -> str:
    with pytest.raises(UserError) as info:
        L.load(folder)
    return str(info.value)


# --------------------------------------------------------------------------- the data


def test_every_entry_cell_and_argument_cites_a_source_url(data):
    assert len(data.positions) >= 6 and len(data.statements) >= 4
    for p in data.positions:
        assert p.bronnen and all(URL.match(s.url) for s in p.bronnen), p.id
        for critique in p.kritiek:
            assert critique.bronnen and all(URL.match(s.url) for s in critique.bronnen), p.id
    for aspect in data.aspects:
        assert set(aspect.cellen) == {c.id for c in data.columns}, aspect.id
        for column, cell in aspect.cellen.items():
            assert cell.bronnen and all(URL.match(u) for u in cell.bronnen), (aspect.id, column)
    for statement in data.statements:
        assert statement.voor and statement.tegen, statement.id
        for argument in (*statement.voor, *statement.tegen):
            assert argument.bronnen and all(URL.match(u) for u in argument.bronnen)


def test_brief_positions_are_present_and_balanced(data):
    ids = {p.id for p in data.positions}
    assert {"kinderombudsman-2013", "dullaert-2019", "wetsvoorstel-36257"} <= ids
    assert {"raad-van-state-2023", "ingrado"} <= ids
    assert any(p.soort == "praktijk" for p in data.positions)
    bill = data.position("wetsvoorstel-36257")
    assert not bill.status_zeker and "⚠" in bill.status and bill.status_per == "2023-06-08"
    # Every proposal carries its critics.
    assert all(p.kritiek for p in data.positions if p.soort != "praktijk")


def test_cell_without_source_names_file_and_line(folder):
    line = edit(
        folder,
        "vergelijking.yml",
        "bronnen: [https://ingrado.nl/kennisbank/items/handhaving-leerplichtwet]",
        "bronnen: []",
    )
    assert f"vergelijking.yml:{line}: aspecten.0.cellen.vandaag.bronnen:" in errors(folder)


def test_argument_without_source_fails(folder):
    line = edit(
        folder,
        "stellingen.yml",
        "        bronnen: [https://5dok.net/document/zpnxmw8v-de-kracht-om-door-te-zetten.html]\n",
        "",
    )
    message = errors(folder)
    assert "stellingen.yml:" in message and "stellingen.0.voor.0.bronnen" in message
    assert "required field is missing" in message
    assert line > 1


def test_position_without_source_or_with_bad_url_fails(folder):
    edit(
        folder,
        "posities.yml",
        "      - url: https://www.dekinderombudsman.nl/",
        "      - url: www.dekinderombudsman.nl/",
    )
    message = errors(folder)
    assert "posities.0.bronnen.0.url" in message and "pattern" in message


def test_proposal_without_critics_and_unmarked_uncertain_status_fail(folder):
    edit(folder, "posities.yml", "    soort: praktijk\n", "    soort: wetsvoorstel\n")
    assert "needs at least one entry under 'kritiek'" in errors(folder)
    shutil.copy(paths.DATA / "leerrecht" / "posities.yml", folder / "posities.yml")
    edit(folder, "posities.yml", "2023 (volgens het NJB); advies", "2023 (volgens het NJB). Advies")
    edit(folder, "posities.yml", "2023. ⚠ Verdere", "2023. Verdere")
    assert "unconfirmed status must say so with ⚠" in errors(folder)


def test_cross_references_are_checked_with_lines(folder):
    col = edit(folder, "vergelijking.yml", "positie: dullaert-2019", "positie: dulaert-2019")
    message = errors(folder)
    assert f"vergelijking.yml:{col}: positie: unknown position 'dulaert-2019'" in message


def test_missing_cell_and_unknown_indicator_and_event(folder):
    text = (folder / "vergelijking.yml").read_text(encoding="utf-8")
    start = text.index("      dullaert:\n        tekst: >-\n          Het stelsel")
    end = text.index("      leerrecht:", start)
    (folder / "vergelijking.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    ind = edit(folder, "indicatoren.yml", "naam: absoluut_verzuim", "naam: absoluut_verzuimm")
    event = edit(folder, "indicatoren.yml", "  - 2016-06-13", "  - 2016-06-14")
    message = errors(folder)
    assert "no cell for column 'dullaert'" in message
    assert f"indicatoren.yml:{ind}: naam: unknown indicator 'absoluut_verzuimm'" in message
    assert f"indicatoren.yml:{event}: gebeurtenissen: no event with datum '2016-06-14'" in message


# --------------------------------------------------------------------------- views


def test_tables_escape_and_link_every_source(data):
    positions = V.positions_html(data)
    comparison = V.comparison_html(data)
    for p in data.positions:
        assert p.bronnen[0].url.replace("&", "&amp;") in positions
    for aspect in data.aspects:
        for cell in aspect.cellen.values():
            assert all(u.replace("&", "&amp;") in comparison for u in cell.bronnen)
    assert "laatste bron: 2023-06-08" in positions
    assert "<script" not in positions + comparison


def test_indicator_panel_marks_the_chosen_events(data):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from leerrecht.domain import figures

    timeline = figures.load_timeline()
    fig, notes = V.indicator_panel(
        data,
        figures.load_figures(),
        timeline,
        figures.load_caveats(),
        figures.indicator_table(),
    )
    try:
        axes = fig.axes
        assert len(axes) == len(data.indicators.indicatoren)
        labels = {t.get_text() for t in axes[0].texts}
        chosen = timeline[timeline["datum"].isin(data.indicators.gebeurtenissen)]
        assert set(chosen["label"]) <= labels
        # Events not chosen stay off the panel, even when the timeline draws them elsewhere.
        assert "Wet terugdringen schoolverzuim" not in labels
        assert any("(1)" in n for n in notes)
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- exercise


def test_stance_is_saved_restored_and_reveals_both_sides(tmp_path, data):
    from leerrecht.views.standpunten import StanceExercise

    statement = data.statements[0]
    store = A.AnswerStore(tmp_path, "klas1", "uil", notebook=V.NOTEBOOK)
    exercise = StanceExercise(statement, 1, store)
    assert exercise.feedback.value == ""  # arguments only after a choice
    exercise.choose("oneens")
    exercise.choose("eens")
    saved = store.history()
    assert [(a.kind, a.question, a.option) for a in saved] == [
        ("standpunt", statement.id, "oneens"),
        ("standpunt", statement.id, "eens"),
    ]
    shown = exercise.feedback.value
    assert "Argumenten voor" in shown and "Argumenten tegen" in shown
    assert "eerst: oneens" in shown
    assert statement.tegen[0].bronnen[0].replace("&", "&amp;") in shown
    again = StanceExercise(statement, 1, store)
    assert again.chosen == ["oneens", "eens"] and "eerder bewaarde" in again.feedback.value
    assert "<details>" in again.fallback_html()
    with pytest.raises(ValueError):
        again.choose("misschien")


def test_own_choices_count_the_last_decision_per_point(tmp_path):
    from leerrecht.views.standpunten import own_choices, own_choices_html

    cases = A.AnswerStore(tmp_path, "klas1", "uil", notebook="02_casus", case="isk")
    cases.record("bm1", "beslissing", option="a", approach="handhaving")
    cases.record("bm1", "beslissing", option="b", approach="zorg")
    cases.record("bm2", "beslissing", option="c", approach="samenwerking")
    store = A.AnswerStore(tmp_path, "klas1", "uil", notebook=V.NOTEBOOK)
    assert own_choices(store) == {"isk": {"zorg": 1, "samenwerking": 1}}
    html = own_choices_html(store, {"isk": "Een <nieuwkomer>"})
    assert "Een &lt;nieuwkomer&gt;: handhaving 0 · zorg 1 · samenwerking 1" in html
    nobody = A.AnswerStore(tmp_path, "klas1", None, notebook=V.NOTEBOOK)
    assert "nog geen keuzes" in own_choices_html(nobody, {})


# --------------------------------------------------------------------------- report


def test_report_shows_the_stances_fed_in(tmp_path, data):
    first, second = data.statements[0], data.statements[1]
    for trainee, items in {
        "uil": [(first.id, "oneens"), (first.id, "eens"), (second.id, "twijfel")],
        "vos": [(first.id, "eens")],
        "merel": [(first.id, "oneens")],
    }.items():
        store = A.AnswerStore(tmp_path, "klas1", trainee, notebook=V.NOTEBOOK)
        for question, stance in items:
            store.record(question, "standpunt", option=stance)
    reflector = A.AnswerStore(tmp_path, "klas1", "vos", notebook=V.NOTEBOOK)
    reflector.record(data.reflections[0].id, "reflectie", text="Eerst <b>praten</b>")
    answers, warnings = R.load_answers(tmp_path, "klas1")
    assert not warnings
    html = V.report_section_html(answers, data)
    block = html.split(f'data-statement="{first.id}"', 1)[1].split("</div>", 1)[0]
    assert (
        "3 deelnemers · eens 2 · oneens 1 · weet nog niet 0 · herzien na de argumenten: 1" in block
    )
    assert "<b>uil</b>: eens <small>(eerst: oneens)</small>" in block
    assert "<b>merel</b>: oneens" in block
    assert f'data-statement="{second.id}"' in html and "<b>uil</b>: weet ik nog niet" in html
    assert f'data-statement="{data.statements[2].id}"' not in html  # nobody answered it
    assert "Eerst &lt;b&gt;praten&lt;/b&gt;" in html and data.reflections[0].vraag[:30] in html
    assert "Nog geen standpunten" in V.report_section_html([], data)


def test_report_notebook_has_one_leerrecht_cell():
    import json

    cells = json.loads((paths.ROOT / "notebooks" / "90_cohortrapport.ipynb").read_text())["cells"]
    mine = [c for c in cells if "lrview.report_section_html" in "".join(c["source"])]
    assert len(mine) == 1


def test_english_tables_have_english_headings_and_mark_dutch_sources(data):
    """Headings, column titles and the readings of the indicators are English under taal=en;
    text from the Dutch sources stays Dutch, marked lang="nl"."""
    comparison = V.comparison_html(data, "en")
    assert all(c.titel_en in comparison for c in data.columns)
    assert all(a.titel_en in comparison for a in data.aspects)
    assert data.aspects[0].titel not in comparison
    reading = V.reading_html(data, "en")
    assert "What it can show" in reading and "Wat het" not in reading
    assert data.indicators.indicatoren[0].wel_en in reading
    positions = V.positions_html(data, "en")
    first = data.positions[0]
    assert f'<span lang="nl">{first.voorstel}</span>' in positions.replace("&#x27;", "'")
    assert "(primary)" in positions and "(primair)" not in positions
    assert 'lang="nl"' not in V.positions_html(data) + V.comparison_html(data)
    assert data.reflections[0].question("en") == data.reflections[0].vraag_en


def test_a_comparison_heading_without_english_is_refused(folder):
    edit(folder, "vergelijking.yml", "    titel_en: Exemptions\n", "")
    assert re.search(r"vergelijking\.yml:\d+: aspecten\.3\.titel_en", errors(folder))
