"""Open-data loaders on the recorded fixtures: tidy frames with provenance, clean errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.testing import ROOT

from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.domain import opendata

FIXTURES = ROOT / "data" / "opendata" / "voorbeeld"


def test_cbs_cache_reads_as_a_tidy_frame_with_provenance():
    frame = opendata.load_cbs("84780NED", FIXTURES / "cbs")
    assert list(frame.columns) == [
        "RegioS", "RegioS_titel", "Perioden", "Perioden_titel", "onderwerp", "titel", "waarde"
    ]  # fmt: skip
    assert len(frame) == 4 and frame["RegioS"].iloc[0] == "NL01"  # CBS pads codes
    assert frame["RegioS_titel"].iloc[0] == "Nederland"  # the title from RegioSCodes.json
    assert frame["Perioden_titel"].tolist()[:2] == ["2021/'22", "2022/'23"]
    assert frame["waarde"].isna().sum() == 1  # a missing value stays missing
    herkomst = frame.attrs["herkomst"]
    assert herkomst["tabel"] == "84780NED" and herkomst["bron"] == "CBS StatLine"
    assert "84780NED" in herkomst["bron_url"]
    assert herkomst["testbestand"] is True and herkomst["opgehaald"] is None
    assert frame.attrs["rollen"]["regio"] == ("RegioS", "RegioS_titel")
    assert frame.attrs["rollen"]["periode"] == ("Perioden", "Perioden_titel")


def test_without_code_files_the_codes_are_the_labels(tmp_path):
    folder = tmp_path / "84780NED"
    folder.mkdir()
    for name in ("DataProperties.json", "TypedDataSet.json"):
        (folder / name).write_bytes((FIXTURES / "cbs" / "84780NED" / name).read_bytes())
    frame = opendata.load_cbs("84780NED", tmp_path)
    assert frame["RegioS_titel"].tolist() == frame["RegioS"].tolist()
    assert frame.attrs["herkomst"]["testbestand"] is False  # no herkomst.json: not claimed


def test_fetch_writes_the_table_where_load_reads_it(tmp_path, monkeypatch):
    import cbsodata

    source = FIXTURES / "cbs" / "84780NED"

    def download(table, dir=None, **kwargs):  # cbsodata writes straight into ``dir``
        Path(dir).mkdir(parents=True, exist_ok=True)
        for name in ("DataProperties.json", "TypedDataSet.json", "RegioSCodes.json"):
            (Path(dir) / name).write_bytes((source / name).read_bytes())

    monkeypatch.setattr(cbsodata, "download_data", download)
    folder = opendata.fetch_cbs("84780NED", tmp_path)
    frame = opendata.load_cbs("84780NED", tmp_path)
    assert folder == tmp_path / "84780NED"
    herkomst = frame.attrs["herkomst"]
    assert herkomst["opgehaald"] == dt.date.today().isoformat()
    assert herkomst["testbestand"] is False and herkomst["bron"] == "CBS StatLine"


def test_a_table_not_in_the_cache_names_the_fetch_command(tmp_path):
    with pytest.raises(UserError, match="not in the cache") as info:
        opendata.load_cbs("71293ned", tmp_path)
    assert "leerrecht data fetch cbs 71293ned" in info.value.problems[0].hint


def test_duo_file_reads_with_dutch_thousands_and_provenance():
    frame = opendata.load_duo(FIXTURES / "duo" / "vsv-gemeente-voorbeeld.csv", "vsv-gemeente")
    deelnemers = frame[frame["onderwerp"] == "AANTAL DEELNEMERS"]["waarde"].tolist()
    assert deelnemers == [1250, 1300]
    assert set(frame["titel"]) == {"Deelnemers", "Voortijdig schoolverlaters"}
    assert frame.attrs["herkomst"]["bron_url"].startswith("https://duo.nl/")
    assert frame.attrs["herkomst"]["bron"] == "DUO open onderwijsdata"
    assert opendata.duo_kind(FIXTURES / "duo" / "vsv-gemeente-voorbeeld.csv") == "vsv-gemeente"


def test_a_duo_file_of_another_format_is_refused(tmp_path):
    other = tmp_path / "ander.csv"
    other.write_text("JAAR;AANTAL\n2022;5\n", encoding="utf-8")
    with pytest.raises(UserError, match="not a DUO 'vsv-gemeente' file: missing columns"):
        opendata.load_duo(other, "vsv-gemeente")


def test_fetch_fails_with_a_clear_message_offline(tmp_path, monkeypatch, capsys):
    import cbsodata

    def offline(*args, **kwargs):
        raise ConnectionError("no network")

    monkeypatch.setattr(cbsodata, "download_data", offline)
    monkeypatch.setattr(opendata, "CACHE", tmp_path)
    assert main(["data", "fetch", "cbs", "84780NED"]) == 2
    err = capsys.readouterr().err
    assert "cannot fetch CBS table '84780NED': ConnectionError" in err and "Traceback" not in err


def test_duo_fetch_offline_is_a_clean_error(tmp_path, monkeypatch, capsys):
    import urllib.error
    import urllib.request

    def offline(*args, **kwargs):
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    monkeypatch.setattr(opendata, "CACHE", tmp_path)
    assert main(["data", "fetch", "duo", "https://duo.nl/open_onderwijsdata/x.csv"]) == 2
    assert (
        "cannot fetch https://duo.nl/open_onderwijsdata/x.csv: no network"
        in capsys.readouterr().err
    )
    assert list(tmp_path.iterdir()) == []
