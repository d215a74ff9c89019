"""Notebook 03 on a register file: papermill runs it, and every figure names the file."""

from __future__ import annotations

import base64

import nbformat
import papermill
import pytest
from support.testing import ROOT

from leerrecht.views.protocols import comparison_text

SAMPLE = ROOT / "data" / "registers" / "voorbeeld-register.csv"


@pytest.mark.slow  # one notebook run
def test_papermill_runs_03_on_the_sample_and_its_figures_name_the_file(tmp_path):
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "03_protocollen.ipynb"),
        str(out),
        parameters={"register": str(SAMPLE)},
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    texts = [
        "".join(o.get("text", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream"
    ]
    assert any("Register: voorbeeld-register.csv (80 leerlingen" in t for t in texts)
    assert not any("Gesimuleerde school" in t for t in texts)
    # Every figure is an image with a text alternative (views.plots.show_figure).
    pages = [
        "".join(o["data"]["text/html"])
        for c in nb.cells
        for o in c.get("outputs", [])
        if 'class="lr-figure"' in "".join(o.get("data", {}).get("text/html", ""))
    ]
    assert len(pages) == 3 and all('alt="Grafiek' in page for page in pages)
    for page in pages:
        data = page.split("base64,", 1)[1].split('"', 1)[0]
        assert base64.b64decode(data).startswith(b"\x89PNG")
    # The caption is drawn into each figure; matplotlib keeps it as text we can find.
    figures = [c for c in nb.cells if "weergave." in c.source and "_figure(" in c.source]
    assert len(figures) == 3 and all("herkomst" in c.source for c in figures)


def test_counts_print_as_integers_with_readable_labels():
    import pandas as pd

    table = pd.DataFrame(
        {
            "leerlingen_met_gesprek": [78],
            "mediaan_weken_tot_gesprek": [20.0],
            "meldingen": [221],
            "sancties": [11],
            "vier_weken_afwezig": [10],
            "waarvan_zonder_gesprek": [1],
            "taken_leerplicht": [450],
            "piek_per_week": [22],
        },
        index=["Handhaving eerst"],
    ).astype(object)
    text = comparison_text(table)
    assert "leerlingen met een gesprek" in text and "78" in text and "78.0" not in text
    assert "221" in text and "mediaan schoolweken tot eerste gesprek" in text and "20.0" in text
    assert "_" not in text


def test_every_figure_caption_says_simulated_with_seed_or_the_file():
    import pandas as pd

    from leerrecht.views.protocols import data_caption

    frame = pd.DataFrame({"leerling": ["A", "B"]})
    assert "seed 4" in data_caption(frame, regio="noord", seed=4, leerlingen=9, schooljaar=2025)
    frame.attrs["bron"] = {"bestand": "school.csv"}
    assert data_caption(frame, regio="noord").startswith("Register: school.csv")
