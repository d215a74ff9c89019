"""The open-data table notebook 04 shows: which file a parameter names, the series it plots,
the provenance on the figure and the text alternative, and a clean stop for a bad parameter."""

from __future__ import annotations

import dataclasses
import shutil

import matplotlib
import pytest
from support.testing import ROOT

from leerrecht import notebook as nb
from leerrecht.core.errors import UserError
from leerrecht.domain import figures, opendata_series
from leerrecht.views import opendata as view

matplotlib.use("Agg")
FIXTURES = ROOT / "data" / "opendata" / "voorbeeld"
NOTEBOOK = ROOT / "notebooks" / "04_landelijke_cijfers.ipynb"


def test_the_default_is_the_shipped_fixture_as_a_national_series_of_integers():
    reeks = opendata_series.series(opendata_series.open_table(""))
    assert reeks["periode"].tolist() == ["2021/'22", "2022/'23"]
    assert reeks["regio"].tolist() == ["Nederland", "Nederland"]  # NL01 before a gemeente
    assert str(reeks["waarde"].dtype) == "Int64" and reeks["waarde"].tolist() == [100, 110]
    assert reeks.attrs["reeks"]["titel"] == "Voortijdig schoolverlaters"
    herkomst = reeks.attrs["herkomst"]
    assert herkomst["testbestand"] is True
    assert herkomst["pad"].endswith("voorbeeld/cbs/84780NED")


def test_a_table_id_reads_the_cache_and_a_path_reads_the_file(tmp_path):
    shutil.copytree(FIXTURES / "cbs" / "84780NED", tmp_path / "84780NED")
    by_id = opendata_series.open_table("84780NED", cache=tmp_path)
    assert by_id.attrs["herkomst"]["pad"] == str(tmp_path / "84780NED")
    by_folder = opendata_series.open_table(str(tmp_path / "84780NED"))
    assert by_folder.attrs["herkomst"]["tabel"] == "84780NED"
    duo = opendata_series.open_table(str(FIXTURES / "duo" / "vsv-gemeente-voorbeeld.csv"))
    reeks = opendata_series.series(duo)
    assert reeks.attrs["reeks"]["onderwerp"] == "AANTAL VSV"
    assert reeks["waarde"].tolist()[0] == 25 and reeks["waarde"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "bestaat-niet", "no such file or folder"),
        (lambda d: d, "not a CBS table folder"),
        (lambda d: (d / "x.csv").write_text("JAAR;AANTAL\n2022;5\n") and d / "x.csv", "neither"),
    ],
    ids=["missing", "folder", "other-format"],
)
def test_a_bad_parameter_is_refused_with_what_is_wrong(tmp_path, make, message):
    with pytest.raises(UserError, match=message):
        opendata_series.open_table(str(make(tmp_path)))


def test_the_runtime_stops_a_bad_parameter_with_a_dutch_message(tmp_path, capsys):
    with pytest.raises(nb.NotebookStop) as info:
        nb.open_data_or_stop(str(tmp_path / "bestaat-niet"))
    assert info.value.message.startswith("De open data '")
    assert "bestaat-niet" in info.value.message and "Laat de parameter open_data leeg" in (
        info.value.message
    )


def _curated():
    return figures.load_figures(), figures.indicator_table()


def test_the_figure_carries_the_provenance_and_the_fixture_warning():
    reeks = opendata_series.series(opendata_series.open_table(""))
    alles, info = _curated()
    fig = view.beside_figure(
        view.Comparison(reeks, alles, "absoluut_verzuim", "2004/05", "2022/23", info)
    )
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "CBS StatLine, tabel 84780NED" in texts
    assert "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/84780NED/table" in texts
    assert "niet opgehaald" in texts and "verzonnen waarden" in texts
    assert "data/opendata/voorbeeld/cbs/84780NED" in texts
    left, right = fig.axes
    assert left.get_title(loc="left") == "Absoluut verzuim"
    assert "Voortijdig schoolverlaters" in right.get_title(loc="left")
    bars = [t.get_text() for t in right.texts]
    assert bars == ["100", "110"]  # integers, no "100.0"


def test_a_fetched_table_shows_its_dutch_retrieval_date_and_no_warning(tmp_path):
    import json

    folder = tmp_path / "84780NED"
    shutil.copytree(FIXTURES / "cbs" / "84780NED", folder)
    herkomst = json.loads((folder / "herkomst.json").read_text(encoding="utf-8"))
    herkomst.update(opgehaald="2026-03-03", testbestand=False)
    (folder / "herkomst.json").write_text(json.dumps(herkomst), encoding="utf-8")
    reeks = opendata_series.series(opendata_series.open_table(str(folder)))
    lines = view.provenance_lines(reeks)
    assert lines[0].endswith("opgehaald op 3 maart 2026") and "(bestand 84780NED)" not in lines[0]
    assert len(lines) == 2  # no test-file warning
    assert view.provenance_lines(reeks, "en")[0].endswith("retrieved on 3 March 2026")


def test_the_text_alternative_lists_the_plotted_values_and_the_source():
    reeks = opendata_series.series(opendata_series.open_table(""))
    alles, info = _curated()
    comparison = view.Comparison(reeks, alles, "absoluut_verzuim", "2004/05", "2022/23", info)
    html = view.text_alternative(comparison)
    assert "Voortijdig schoolverlaters, Nederland: 2021/&#x27;22: 100; 2022/&#x27;23: 110" in html
    assert "<td style='text-align:left'>2022/23</td><td style='text-align:left'>13.707</td>" in html
    assert 'href="https://opendata.cbs.nl/statline/#/CBS/nl/dataset/84780NED/table"' in html
    assert "data/opendata/voorbeeld/cbs/84780NED" in html and "verzonnen waarden" in html
    english = view.text_alternative(dataclasses.replace(comparison, taal="en"))
    assert "Early school leavers, Netherlands: 2021/&#x27;22: 100" in english
    assert "Absolute non-enrolment" in english and "13,707" in english
    assert "Tabel" not in english and "opgehaald" not in english


def _outputs(path):
    import nbformat

    book = nbformat.read(path, as_version=4)
    return [
        "".join(o.get("text", "")) + str(o.get("data", {}).get("text/html", ""))
        for c in book.cells
        for o in c.get("outputs", [])
    ]


@pytest.mark.slow  # two notebook runs
def test_papermill_runs_04_on_the_fixture_and_on_a_copy_it_is_pointed_at(tmp_path):
    import papermill

    out = tmp_path / "standaard.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out), cwd=str(NOTEBOOK.parent), progress_bar=False
    )
    texts = _outputs(out)
    assert any("tabel 84780NED (testbestand, verzonnen waarden)" in t for t in texts)
    copy = tmp_path / "opgehaald" / "84780NED"
    shutil.copytree(FIXTURES / "cbs" / "84780NED", copy)
    out = tmp_path / "kopie.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"open_data": str(copy)},
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
    )
    texts = _outputs(out)
    assert any(str(copy) in t for t in texts)  # the text alternative names the folder read
    assert not any("voorbeeld/cbs/84780NED" in t for t in texts)


@pytest.mark.slow  # two notebook runs that stop
@pytest.mark.parametrize("bad", ["bestaat-niet", "ander.csv"])
def test_a_bad_open_data_parameter_stops_04_cleanly(tmp_path, bad):
    import papermill

    (tmp_path / "ander.csv").write_text("JAAR;AANTAL\n2022;5\n", encoding="utf-8")
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(NOTEBOOK),
            str(tmp_path / "uit.ipynb"),
            parameters={"open_data": str(tmp_path / bad)},
            cwd=str(NOTEBOOK.parent),
            progress_bar=False,
        )
    assert info.value.ename == "NotebookStop"
    assert info.value.evalue.startswith(f"De open data '{tmp_path / bad}' kon niet worden gelezen")
    assert "Traceback" not in "".join(info.value.traceback)
