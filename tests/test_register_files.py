"""Register files as schools export them, the shipped contract and sample, `register check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from support.testing import ROOT

from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.domain.calendar import load_calendar
from leerrecht.domain.protocols import evaluate, load_protocol
from leerrecht.domain.register import (
    OPTIONAL,
    REQUIRED,
    read_register,
    table_schema,
    write_register,
)

SAMPLE = ROOT / "data" / "registers" / "voorbeeld-register.csv"
EXPORT = ROOT / "data" / "registers" / "voorbeeld-register-export.csv"
CAL = load_calendar("midden")
ROWS = [
    ("A", "2025-09-01", "1.5", "ongeoorloofd"),
    ("A", "2025-09-02", "2", "ziek"),
    ("B", "2025-09-03", "0.5", "te_laat"),
]


def _write(tmp_path, text: str, encoding="utf-8", name="reg.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _table(sep=",", decimal=".", dutch_dates=False, school="Het Fictieve College"):
    lines = [sep.join(["leerling", "datum", "uren", "soort", "school"])]
    for pupil, day, hours, kind in ROWS:
        if dutch_dates:
            day = pd.Timestamp(day).strftime("%d-%m-%Y")
        lines.append(sep.join([pupil, day, hours.replace(".", decimal), kind, school]))
    return "\r\n".join(lines) + "\r\n"


def test_shipped_table_schema_is_the_contract():
    shipped = json.loads(
        (ROOT / "src" / "leerrecht" / "schemas" / "register.schema.json").read_text("utf-8")
    )
    assert shipped == table_schema()
    names = [f["name"] for f in shipped["fields"]]
    assert names == [*REQUIRED, *OPTIONAL]
    required = [f["name"] for f in shipped["fields"] if f.get("constraints", {}).get("required")]
    assert required == list(REQUIRED)


@pytest.mark.parametrize(
    ("text", "encoding", "read_as"),
    [
        (_table(), "utf-8", "utf-8, comma-separated"),
        ("\ufeff" + _table(), "utf-8", "utf-8-sig, comma-separated"),
        (_table(";", ",", school="Collège"), "cp1252", "cp1252, semicolon-separated"),
        (_table(";", ",", dutch_dates=True, school="Collège"), "latin-1", "semicolon"),
        (_table("\t"), "utf-8", "tab-separated"),
    ],
)
def test_exports_in_every_dialect_read_the_same(tmp_path, text, encoding, read_as):
    frame = read_register(_write(tmp_path, text, encoding), CAL, schooljaar=2025)
    assert frame["uren"].tolist() == [1.5, 2.0, 0.5]
    assert frame["datum"].dt.strftime("%Y-%m-%d").tolist() == [r[1] for r in ROWS]
    assert read_as in frame.attrs["bron"]["gelezen_als"]
    if "Collège" in text:
        assert frame["school"].iloc[0] == "Collège"


def test_utf16_and_binary_files_are_refused_with_a_hint(tmp_path):
    with pytest.raises(UserError, match="UTF-16") as info:
        read_register(_write(tmp_path, _table(), "utf-16"))
    assert "UTF-8" in info.value.problems[0].hint
    with pytest.raises(UserError, match="NUL bytes"):
        read_register(_write(tmp_path, "leerling,datum\x00\n", name="bin.csv"))


def test_a_malformed_row_is_one_error_on_its_line(tmp_path):
    text = _table(";", ",").splitlines()
    text.insert(2, "A;2025-09-04;3;ziek;extra;veld")
    path = _write(tmp_path, "\n".join(text) + "\n")
    with pytest.raises(UserError) as info:
        read_register(path, CAL)
    assert len(info.value.problems) == 1
    assert str(info.value).startswith(f"{path}:3: 6 fields where the header has 5")
    assert "semicolon" in str(info.value) or "puntkomma" in str(info.value)


def test_a_wrong_separator_names_what_was_read(tmp_path):
    path = _write(tmp_path, "leerling|datum|uren|soort\nA|2025-09-01|1|ziek\n")
    with pytest.raises(UserError, match="missing columns") as info:
        read_register(path)
    assert "comma-separated" in str(info.value) and "semicolon" in info.value.problems[0].hint


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "the register has no rows"),
        ("A,2025-09-01,veel,ziek\n", "row 2: uren must be a number > 0"),
        ("A,2025-09-01,2,spijbelen\n", "unknown soort (spijbelen)"),
        ("A,2024-09-02,2,ziek\n", "date outside school year(s) 2025-2026"),
    ],
)
def test_bad_registers_give_row_and_hint(tmp_path, body, message):
    path = _write(tmp_path, "leerling,datum,uren,soort\n" + body)
    with pytest.raises(UserError) as info:
        read_register(path, CAL, schooljaar=2025)
    assert message in str(info.value)
    assert info.value.problems[0].hint


def test_formula_like_pupil_ids_are_neutralised_when_written_and_restored_when_read(tmp_path):
    ids = ["=HYPERLINK(1)", "+31", "-2", "@SUM(A1)", "gewoon"]
    frame = read_register(
        _write(
            tmp_path,
            "leerling,datum,uren,soort\n"
            + "".join(f'"{i}",2025-09-0{n + 1},1,ziek\n' for n, i in enumerate(ids)),
        ),
        CAL,
    )
    out = write_register(frame, tmp_path / "uit.csv")
    cells = pd.read_csv(out, dtype=str)["leerling"].tolist()
    assert sorted(cells) == sorted(["'=HYPERLINK(1)", "'+31", "'-2", "'@SUM(A1)", "gewoon"])
    assert sorted(read_register(out, CAL)["leerling"]) == sorted(ids)


def test_a_window_crosses_the_summer_into_the_previous_school_year():
    """8 hours in the last week of 2025-26 and 8 in the first of 2026-27 are 16 hours in 4
    consecutive school weeks (the summer holiday is not a school week), so a report."""
    days = CAL.school_days.astype("datetime64[D]")
    last = [str(d) for d in days[CAL.year_of_day == 2025][-2:]]
    first = [str(d) for d in days[CAL.year_of_day == 2026][:2]]
    rows = [("A", d, 4, "ongeoorloofd") for d in last + first]
    from leerrecht.domain.register import validate_register

    frame = validate_register(pd.DataFrame(rows, columns=[*REQUIRED]), CAL)
    out = evaluate(frame, load_protocol("wettelijk-minimum"), CAL)
    report = out[out["regel"] == "16-uur-4-weken"]
    assert report["datum"].dt.strftime("%Y-%m-%d").tolist() == [first[1]]
    assert report["venster_van"].iloc[0] < pd.Timestamp(first[0])
    # A register read for one school year cannot see the previous one: nothing to report.
    only_new = validate_register(pd.DataFrame(rows[2:], columns=[*REQUIRED]), CAL)
    assert evaluate(only_new, load_protocol("wettelijk-minimum"), CAL).empty


@pytest.mark.parametrize("sample", [SAMPLE, EXPORT], ids=["sample", "school-export"])
def test_check_and_evaluate_accept_the_sample_from_any_folder(
    tmp_path, monkeypatch, capsys, sample
):
    monkeypatch.chdir(tmp_path)
    assert main(["register", "check", str(sample), "--schooljaar", "2025"]) == 0
    assert "ok, 746 records for 80 pupils" in capsys.readouterr().out
    out = tmp_path / "signalen.csv"
    for protocol in ("protocols/wettelijk-minimum.yml", "zorg-eerst"):
        assert (
            main(["register", "evaluate", str(sample), "--protocol", protocol, "--out", str(out)])
            == 0
        )
    assert len(pd.read_csv(out)) > 0
    assert main(["register", "check", str(tmp_path / "geen.csv")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_the_cli_gives_a_clean_message_for_a_bad_register(tmp_path):
    bad = _write(tmp_path, "leerling;datum;uren\nA;01-09-2025;1,5\n")
    done = subprocess.run(
        [sys.executable, "-m", "leerrecht", "register", "check", str(bad)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "reg.csv:1: missing columns: soort (read as utf-8, semicolon-separated" in done.stderr
