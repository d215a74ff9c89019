"""HTML editions (deelnemer, trainer, onderzoek) and the cohort's index page."""

from __future__ import annotations

import datetime as dt
import re

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from leerrecht.domain.cohort import Cohort, Session
from leerrecht.run.editions import WIDGET_VIEW, notebook_title, to_html
from leerrecht.run.index import index_html
from leerrecht.views.widgets.base import TEXT as EXERCISES

HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}


def _notebook():
    static_note = EXERCISES("static_note", "nl")
    widget = new_output(
        "display_data",
        data={
            WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
            "text/html": f"<div class='lr-static'><p>Keuze A of B</p><p><em>{static_note}</em></p></div>",
            "text/plain": "VBox(children=(...))",
        },
    )
    bare_widget = new_output(
        "display_data", data={WIDGET_VIEW: {"model_id": "def"}, "text/plain": "HBox()"}
    )
    return new_notebook(
        cells=[
            new_markdown_cell("# Titel van de les\n\ntekst"),
            new_code_cell("instelling = 1", metadata={"tags": ["parameters"]}, outputs=[]),
            new_code_cell("geheime_code = 1", metadata=dict(HIDDEN), outputs=[widget, bare_widget]),
            new_markdown_cell("Modelantwoord voor de trainer", metadata={"tags": ["trainer"]}),
            new_markdown_cell("Klik daarna op **Opslaan**.", metadata={"tags": ["live-only"]}),
            new_code_cell(
                "1/0",
                metadata=dict(HIDDEN),
                outputs=[
                    new_output("stream", name="stdout", text="zichtbaar\n"),
                    new_output("stream", name="stderr", text="waarschuwing\n"),
                    new_output(
                        "error",
                        ename="ZeroDivisionError",
                        evalue="<x>",
                        traceback=["Traceback (most recent call last)", "ZeroDivisionError: x"],
                    ),
                ],
            ),
            new_code_cell("leeg = 2", metadata=dict(HIDDEN)),
        ],
        metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
    )


def _visible(page: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_title_from_first_heading():
    assert notebook_title(_notebook(), "x") == "Titel van de les"
    assert notebook_title(new_notebook(), "fallback") == "fallback"


def test_deelnemer_edition_is_a_clean_handout():
    page = to_html(_notebook(), "deelnemer", title="t", taal="nl")
    text = _visible(page)
    assert '<html lang="nl">' in page
    assert "Keuze A of B" in text and "zichtbaar" in text
    assert "Modelantwoord" not in text
    assert "ZeroDivisionError" not in text and "waarschuwing" not in text
    assert "geheime_code" not in page and "leeg = 2" not in page and "instelling" not in page
    assert "kon niet volledig worden uitgevoerd" in text
    assert "VBox" not in text and "HBox" not in text
    assert "JupyterLab" not in text, "a handout cannot be opened in JupyterLab"
    assert "Opslaan" not in text, "a handout has no buttons"
    assert "break-inside: avoid" in page, "print CSS keeps a decision point on one page"


def test_trainer_edition_has_notes_and_the_error_but_no_code():
    page = to_html(_notebook(), "trainer", title="t", taal="nl")
    text = _visible(page)
    assert "Modelantwoord voor de trainer" in text
    assert "ZeroDivisionError: &lt;x&gt;" in page and "<x>" not in page
    assert "Traceback" not in text
    assert "geheime_code" not in page and "1/0" not in page and "instelling" not in page
    assert "JupyterLab" not in text and "Opslaan" not in text


def test_onderzoek_edition_shows_everything():
    page = to_html(_notebook(), "onderzoek", title="t", taal="en")
    assert '<html lang="en">' in page
    for text in ("geheime_code", "instelling", "Modelantwoord", "Traceback", "Keuze A of B"):
        assert text in page
    assert "source_hidden" not in page


def _cohort(**extra):
    return Cohort(
        naam="x",
        titel="<b>Cohort</b>",
        startdatum=dt.date(2026, 9, 7),
        einddatum=dt.date(2026, 12, 14),
        trainer="t",
        deelnemers=["deelnemer-a", "deelnemer-b"],
        programma=[Session(datum=dt.date(2026, 10, 19), onderwerp="Casus <i>")],
        **extra,
    )


def _entry(stem, case_id=None, status="ok", **extra):
    key = f"{stem}--{case_id}" if case_id else stem
    return {
        "stem": stem,
        "case_id": case_id,
        "title": "Casus: kiezen" if case_id else stem.title(),
        "status": status,
        "error": None,
        "duration_s": 1.25,
        "notebook": f"notebooks/{key}.ipynb",
        "trainee_html": f"deelnemer/{key}.html",
        "trainer_html": f"trainer/{key}.html",
        "research_html": f"onderzoek/{key}.html",
        **extra,
    }


def test_index_has_two_parts_and_keeps_the_report_from_trainees():
    entries = [
        _entry("00_welkom"),
        _entry("02_casus", "b-case", case_title="Marta <landt>"),
        _entry("02_casus", "a-case", case_title="Noor"),
        _entry("90_cohortrapport", title="Cohortrapport", trainee_html=None),
    ]
    page = index_html(_cohort(), entries, "0.1.0")
    trainees, trainer = page.split('id="voor-de-trainer"')
    assert "Voor deelnemers" in trainees
    assert 'href="deelnemer/02_casus--b-case.html">Casus: Marta &lt;landt&gt;</a>' in trainees
    assert trainees.index("Marta") < trainees.index("Noor"), "the cohort's order"
    assert "90_cohortrapport" not in trainees and "trainer/" not in trainees
    assert 'href="trainer/90_cohortrapport.html"' in trainer
    assert 'href="notebooks/00_welkom.ipynb" download' in trainer
    assert 'href="onderzoek/00_welkom.html"' in trainer
    assert "deelnemer-a" in trainer and "deelnemer-b" in trainer
    # Dutch dates (Babel), escaped user text, the status at a glance.
    assert "7 september 2026 – 14 december 2026" in page and "19 oktober 2026" in page
    assert "&lt;b&gt;Cohort&lt;/b&gt;" in page and "Casus &lt;i&gt;" in page
    assert "4 van 4 onderdelen" in page
    assert re.search(r">1,[23] s<", page), "durations with a decimal comma"


def test_index_names_failures_and_live_links():
    entries = [_entry("00_welkom", status="failed", error="E: <script>"), _entry("01_wet")]
    page = index_html(
        _cohort(taal="en"), entries, "0.1.0", live={"01_wet": "https://hub.invalid/x"}
    )
    assert "<script>" not in page and "E: &lt;script&gt;" in page
    assert "1 of 2 parts did not run well" in page
    assert 'href="https://hub.invalid/x">work interactively</a>' in page
    assert '<html lang="en">' in page


def test_cohort_pdf_source_puts_each_page_on_a_new_sheet(tmp_path):
    from leerrecht.run.pdf import combined_html

    pages = []
    for name in ("a", "b"):
        page = tmp_path / f"{name}.html"
        page.write_text(
            f"<html><head><style>.{name}{{}}</style></head><body><main><p>pagina {name}</p>"
            "</main></body></html>"
        )
        pages.append(page)
    joined = combined_html(pages)
    assert joined.count("<main>") == 1 and ".a{}" in joined
    assert joined.index("pagina a") < joined.index("break-before: page") < joined.index("pagina b")


def test_index_links_pdfs_that_exist(tmp_path):
    (tmp_path / "deelnemer").mkdir()
    (tmp_path / "deelnemer" / "00_welkom.pdf").write_bytes(b"%PDF")
    (tmp_path / "deelnemer" / "cohort.pdf").write_bytes(b"%PDF")
    pdfs = {"deelnemer": "deelnemer/00_welkom.pdf", "trainer": "trainer/00_welkom.pdf"}
    page = index_html(_cohort(), [_entry("00_welkom", pdf=pdfs)], "0.1.0", out_dir=tmp_path)
    assert 'href="deelnemer/00_welkom.pdf" download' in page
    assert 'href="deelnemer/cohort.pdf" download' in page
    assert "trainer/00_welkom.pdf" not in page, "a PDF that is not there is not linked"


def test_no_exercise_view_tells_a_handout_to_open_jupyterlab():
    """Every exercise's static note (the conversation, network and stance views have their
    own wording) is dropped from the hand-outs, whatever its text."""
    from leerrecht.views.gesprek import TEXT as GESPREK
    from leerrecht.views.netwerk import TEXT as NETWERK
    from leerrecht.views.widgets.base import static_html

    for taal in ("nl", "en"):
        outputs = [
            new_output("display_data", data={"text/html": static_html("x", "<p>Vraag</p>", note)})
            for note in (GESPREK("static", taal), NETWERK("static", taal))
        ]
        nb = new_notebook(cells=[new_code_cell("x = 1", metadata=dict(HIDDEN), outputs=outputs)])
        text = _visible(to_html(nb, "deelnemer", title="t", taal=taal))
        assert text.count("Vraag") == 2
        assert "JupyterLab" not in text
