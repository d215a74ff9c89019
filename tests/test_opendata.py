"""Open-data loaders on the recorded fixtures: tidy frames with provenance, clean errors."""

from __future__ import annotations

import pytest
from support.testing import ROOT

from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.domain import opendata

FIXTURES = ROOT / "data" / "opendata"


def test_cbs_cache_reads_as_a_tidy_frame_with_provenance():
    frame = opendata.load_cbs("84780NED", FIXTURES / "cbs")
    assert list(frame.columns) == ["RegioS", "Perioden", "onderwerp", "titel", "waarde"]
    assert len(frame) == 4 and frame["RegioS"].iloc[0] == "NL01"  # CBS pads codes
    assert frame["waarde"].isna().sum() == 1  # a missing value stays missing
    assert frame.attrs["herkomst"]["tabel"] == "84780NED"
    assert "84780NED" in frame.attrs["herkomst"]["bron_url"]


def test_a_table_not_in_the_cache_names_the_fetch_command(tmp_path):
    with pytest.raises(UserError, match="not in the cache") as info:
        opendata.load_cbs("71293ned", tmp_path)
    assert "leerrecht data fetch cbs 71293ned" in info.value.problems[0].hint


def test_duo_file_reads_with_dutch_thousands_and_provenance():
    frame = opendata.load_duo(FIXTURES / "duo" / "vsv-gemeente-voorbeeld.csv", "vsv-gemeente")
    deelnemers = frame[frame["onderwerp"] == "AANTAL DEELNEMERS"]["waarde"].tolist()
    assert deelnemers == [1250, 1300]
    assert frame.attrs["herkomst"]["bron_url"].startswith("https://duo.nl/")


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
