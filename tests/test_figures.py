"""National figures: the shipped data validate, and broken data fail with a located error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leerrecht.core.errors import UserError
from leerrecht.core.paths import DATA
from leerrecht.domain import figures
from leerrecht.views import figures as figure_views

SHIPPED = DATA / "landelijk"
GOOD_ROW = (
    "2015/16,absoluut_verzuim,5101,kinderen,https://www.nji.nl/cijfers/schoolverzuim,secundair,"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A private copy of data/landelijk that a test may break."""
    target = tmp_path / "landelijk"
    shutil.copytree(SHIPPED, target)
    return target


def write_figures(folder: Path, *rows: str) -> Path:
    path = folder / "cijfers.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def problems(folder: Path) -> list:
    with pytest.raises(UserError) as info:
        figures.validate_package(folder)
    return info.value.problems


def test_shipped_data_validate():
    tables = figures.validate_package(SHIPPED)
    assert len(tables["cijfers"]) >= 60
    assert len(tables["tijdlijn"]) >= 10
    assert {r["bron_soort"] for r in tables["cijfers"]} <= {"primair", "secundair", "afgeleid"}
    assert all(r["bron_url"].startswith("http") for rows in tables.values() for r in rows)


def test_value_without_source_fails(folder):
    write_figures(folder, GOOD_ROW, "2016/17,absoluut_verzuim,4565,kinderen,,secundair,")
    found = problems(folder)
    assert len(found) == 1
    p = found[0]
    assert (p.field, p.line) == ("bron_url", 3)
    assert Path(p.file).name == "cijfers.csv"
    assert "empty" in p.message and "source" in p.hint


def test_value_without_source_kind_fails(folder):
    write_figures(folder, "2016/17,absoluut_verzuim,4565,kinderen,https://example.org/x,,")
    assert [(p.field, p.line) for p in problems(folder)] == [("bron_soort", 2)]


def test_unknown_source_kind_and_bad_url(folder):
    write_figures(folder, "2016/17,absoluut_verzuim,4565,kinderen,www.nji.nl,tertiair,")
    assert sorted(p.field for p in problems(folder)) == ["bron_soort", "bron_url"]


def test_bad_number_is_reported(folder):
    write_figures(folder, "2016/17,absoluut_verzuim,vier,kinderen,https://e.org/a,primair,")
    (p,) = problems(folder)
    assert p.field == "waarde" and "number" in p.message


def test_dutch_thousands_separator_is_caught(folder):
    # "4.565" parses as a float, but a count of children must be whole.
    write_figures(folder, "2016/17,absoluut_verzuim,4.565,kinderen,https://e.org/a,primair,")
    (p,) = problems(folder)
    assert p.field == "waarde" and "whole" in p.message and "thousands" in p.hint


def test_negative_value_fails(folder):
    write_figures(folder, "2016/17,absoluut_verzuim,-3,kinderen,https://e.org/a,primair,")
    (p,) = problems(folder)
    assert p.field == "waarde" and "minimum" in p.message


@pytest.mark.parametrize("year", ["2016-17", "2016/18", "16/17", "2016/2017"])
def test_bad_school_year_fails(folder, year):
    write_figures(folder, f"{year},absoluut_verzuim,1,kinderen,https://e.org/a,primair,")
    (p,) = problems(folder)
    assert p.field == "schooljaar"


def test_unknown_indicator_and_wrong_unit(folder):
    write_figures(
        folder,
        "2016/17,thuiszitters_gevoel,1,kinderen,https://e.org/a,primair,",
        "2016/17,absoluut_verzuim,1,meldingen,https://e.org/a,primair,",
    )
    found = {(p.field, p.line) for p in problems(folder)}
    assert found == {("indicator", 2), ("eenheid", 3)}


def test_duplicate_year_indicator_fails(folder):
    write_figures(folder, GOOD_ROW, GOOD_ROW.replace("5101", "5102"))
    (p,) = problems(folder)
    assert p.line == 3 and "duplicate" in p.message and "line 2" in p.hint


def test_csv_saved_with_a_bom_is_accepted(folder):
    path = folder / "cijfers.csv"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(figures.validate_package(folder)["cijfers"]) >= 60


def test_missing_and_unknown_columns(folder):
    path = folder / "cijfers.csv"
    path.write_text("schooljaar,indicator,waarde,eenheid,bron,bron_soort,noot\n", encoding="utf-8")
    found = {(p.field, p.message) for p in problems(folder)}
    assert ("bron_url", "column is missing") in found
    assert ("bron", "unknown column") in found


def test_timeline_bad_date_and_boolean(folder):
    path = folder / "tijdlijn.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(
        header + "\n2016-13-01,iets,thing,Iets,Thing,ja,https://e.org/a,primair,,\n"
        "2016-06-13,iets,thing,Iets anders,Other,misschien,https://e.org/a,primair,,\n",
        encoding="utf-8",
    )
    found = {(p.field, p.line) for p in problems(folder)}
    assert found == {("datum", 2), ("in_grafiek", 3)}


def test_a_dutch_text_needs_its_english_twin(folder):
    """noot and noot_en come together: one without the other is named with file and line."""
    write_figures(
        folder,
        GOOD_ROW,
        "2016/17,absoluut_verzuim,4565,kinderen,https://e.org/a,secundair,een noot,",
        "2017/18,absoluut_verzuim,4212,kinderen,https://e.org/a,secundair,,a note",
    )
    found = {(p.field, p.line) for p in problems(folder)}
    assert found == {("noot_en", 3), ("noot", 4)}


def test_shipped_data_speak_english_too():
    """Every Dutch text of the shipped figures has an English twin for taal: en."""
    tables = figures.validate_package(SHIPPED)  # the validation checks the pairs row by row
    assert all(r["noot_en"] for r in tables["cijfers"] if r["noot"])
    assert all(r["gebeurtenis_en"] and r["label_en"] for r in tables["tijdlijn"])
    assert all(r["kanttekening_en"] for r in tables["kanttekeningen"])
    info = figures.indicator_table(SHIPPED)
    assert info["definitie_en"].notna().all() and info["titel_en"].notna().all()
    row = figures.load_timeline(SHIPPED).iloc[0]
    assert figures.local(row, "gebeurtenis", "en") == row["gebeurtenis_en"]
    assert figures.local(row, "gebeurtenis", "nl") == row["gebeurtenis"]
    assert figures.local({"noot": "alleen Nederlands"}, "noot", "en") == "alleen Nederlands"
    english = figures.summary(figures.load_figures(SHIPPED), "en")
    assert "school years" in english and "schooljaren" not in english


def test_error_message_names_file_line_field(folder):
    write_figures(folder, "2016/17,absoluut_verzuim,1,kinderen,,primair,")
    with pytest.raises(UserError) as info:
        figures.validate_package(folder)
    assert "cijfers.csv:2: bron_url:" in str(info.value)


def test_undocumented_indicator_in_package_fails(folder):
    import json

    path = folder / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    pkg["x-leerrecht-indicatoren"] = pkg["x-leerrecht-indicatoren"][1:]
    path.write_text(json.dumps(pkg), encoding="utf-8")
    assert any("no entry" in p.message for p in problems(folder))


def test_school_year_helpers():
    assert figures.parse_schoolyear("1999/00") == 1999
    assert figures.format_schoolyear(2009) == "2009/10"
    assert figures.schoolyears("2018/19", "2020/21") == ["2018/19", "2019/20", "2020/21"]
    with pytest.raises(ValueError):
        figures.schoolyears("2020/21", "2018/19")
    assert figures.parse_partial_date("2009-08").isoformat() == "2009-08-01"


def test_select_and_series_keep_gaps():
    df = figures.load_figures()
    part = figures.select(df, ["vrijstellingen_5_onder_a"], "2010/11", "2012/13")
    assert list(part["schooljaar"]) == ["2010/11", "2011/12", "2012/13"]
    assert list(part["waarde"]) == [3107, 3317, 3840]
    s = figures.series(df, "absoluut_verzuim_langer_dan_3_maanden", "2015/16", "2018/19")
    assert list(s["schooljaar"]) == ["2015/16", "2016/17", "2017/18", "2018/19"]
    assert s["waarde"].isna().tolist() == [True, True, False, False]


def test_select_rejects_unknown_indicator_and_bad_year():
    df = figures.load_figures()
    with pytest.raises(UserError, match="unknown indicator"):
        figures.select(df, ["spijbelen_bijna"])
    with pytest.raises(UserError) as info:
        figures.select(df, None, "2014-15")
    assert info.value.problems[0].field == "van"


def test_sources_table_and_caveats():
    df = figures.select(figures.load_figures(), ["thuiszitters_langer_dan_3_maanden"])
    table = figure_views.sources_table(df)
    assert "https://zoek.officielebekendmakingen.nl/kst-26695-130.html" in set(table["Bron"])
    assert table["Aantal waarden"].sum() >= len(df)
    cav = figures.caveats_for(figures.load_caveats(), "absoluut_verzuim", ["2019/20", "2021/22"])
    assert list(cav["schooljaar"]) == ["2019/20", "2021/22"]
    none = figures.caveats_for(figures.load_caveats(), "vrijstellingen_5_onder_a", ["2021/22"])
    assert none.empty


def test_corona_year_flagged_in_data():
    df = figures.load_figures()
    corona = df[df["schooljaar"] == figures.CORONA_YEAR]
    assert len(corona) > 0
    assert figures.load_caveats()["schooljaar"].eq(figures.CORONA_YEAR).any()


def test_trend_figure_is_readable():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    df = figures.load_figures()
    fig, notes = figure_views.trend_figure(
        df,
        "absoluut_verzuim",
        "2004/05",
        "2022/23",
        figures.load_timeline(),
        figures.load_caveats(),
        figures.indicator_table(),
    )
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Schooljaar"
    assert ax.get_ylabel() == "Aantal kinderen"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "2009/10" and ticks[-1] == "2022/23"  # trimmed to the data, in order
    assert ticks == sorted(ticks)
    texts = [t.get_text() for t in ax.texts]
    assert "coronajaar" in texts and "Thuiszitterspact" in texts
    assert any(n.startswith("2012/13") for n in notes)
    assert not any(n.startswith("2019/20") for n in notes)  # the band marks that year
    plt.close(fig)


def test_html_tables_escape_text():
    import pandas as pd

    tl = pd.DataFrame(
        [
            {
                "datum": "2020",
                "gebeurtenis": "<script>x</script>",
                "label": "x",
                "in_grafiek": True,
                "bron_url": "https://e.org/a?b=1&c=2",
                "bron_soort": "primair",
                "noot": None,
            }
        ]
    )
    html = figure_views.timeline_html(tl)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="https://e.org/a?b=1&amp;c=2"' in html


def test_cli_data_check(capsys, folder):
    from leerrecht.cli import main

    assert main(["data", "check"]) == 0
    assert "national figures ok" in capsys.readouterr().out
    write_figures(folder, "2016/17,absoluut_verzuim,1,kinderen,,primair,")
    assert main(["data", "check", "--folder", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "cijfers.csv:2: bron_url: required value is empty" in err
