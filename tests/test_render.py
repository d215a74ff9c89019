"""HTML editions: what trainees see, what trainers see, and the index page."""

from __future__ import annotations

import datetime as dt

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from leerrecht.domain.cohort import Cohort
from leerrecht.run.editions import (
    WIDGET_VIEW,
    index_html,
    notebook_title,
    static_widgets,
    to_html,
    trainee_notebook,
    trainer_notebook,
)

HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}


def _notebook():
    widget = new_output(
        "display_data",
        data={
            WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
            "text/html": "<p>Keuze A of B (statische versie)</p>",
            "text/plain": "VBox(children=(...))",
        },
    )
    bare_widget = new_output(
        "display_data", data={WIDGET_VIEW: {"model_id": "def"}, "text/plain": "HBox()"}
    )
    return new_notebook(
        cells=[
            new_markdown_cell("# Titel van de les\n\ntekst"),
            new_code_cell("geheime_code = 1", metadata=dict(HIDDEN), outputs=[widget, bare_widget]),
            new_markdown_cell("Modelantwoord voor de trainer", metadata={"tags": ["trainer"]}),
            new_code_cell(
                "1/0",
                metadata=dict(HIDDEN),
                outputs=[
                    new_output("stream", name="stdout", text="zichtbaar\n"),
                    new_output("stream", name="stderr", text="waarschuwing\n"),
                    new_output(
                        "error",
                        ename="ZeroDivisionError",
                        evalue="x",
                        traceback=["ZeroDivisionError: x"],
                    ),
                ],
            ),
            new_code_cell("leeg = 2", metadata=dict(HIDDEN)),
        ],
        metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
    )


def test_title_from_first_heading():
    assert notebook_title(_notebook(), "x") == "Titel van de les"
    assert notebook_title(new_notebook(), "fallback") == "fallback"


def test_static_widgets_use_html_stand_in():
    nb = static_widgets(_notebook())
    assert "widgets" not in nb.metadata
    outputs = nb.cells[1].outputs
    assert len(outputs) == 1, "a widget without an HTML stand-in is left out"
    assert WIDGET_VIEW not in outputs[0]["data"]
    assert "text/plain" not in outputs[0]["data"]


def test_trainee_edition_drops_trainer_cells_errors_and_code():
    nb = trainee_notebook(static_widgets(_notebook()), "nl")
    page = to_html(nb, title="t", show_code=False)
    assert "Keuze A of B" in page
    assert "Modelantwoord" not in page
    assert "ZeroDivisionError" not in page and "waarschuwing" not in page
    assert "zichtbaar" in page
    assert "geheime_code" not in page and "leeg = 2" not in page
    assert "kon niet volledig worden uitgevoerd" in page
    assert "VBox" not in page


def test_trainer_edition_shows_everything():
    nb = trainer_notebook(static_widgets(_notebook()))
    page = to_html(nb, title="t", show_code=True)
    for text in ("geheime_code", "Modelantwoord", "ZeroDivisionError", "Keuze A of B"):
        assert text in page
    assert all("source_hidden" not in c.metadata.get("jupyter", {}) for c in nb.cells)


def test_index_escapes_and_links():
    cohort = Cohort(
        naam="x",
        titel="<b>Cohort</b>",
        startdatum=dt.date(2026, 9, 1),
        einddatum=dt.date(2026, 12, 1),
        trainer="t",
        deelnemers=["a"],
        taal="en",
    )
    entry = {
        "stem": "02_casus",
        "case_id": "c1",
        "title": "<i>T</i>",
        "status": "failed",
        "error": "E: <script>",
        "duration_s": 1.25,
        "notebook": "notebooks/02_casus--c1.ipynb",
        "trainee_html": "deelnemer/02_casus--c1.html",
        "trainer_html": "trainer/02_casus--c1.html",
    }
    page = index_html(cohort, [entry], "0.1.0")
    assert "&lt;b&gt;Cohort&lt;/b&gt;" in page and "<script>" not in page
    assert 'href="deelnemer/02_casus--c1.html"' in page
    assert "0 of 1 parts done" in page and "failed" in page
