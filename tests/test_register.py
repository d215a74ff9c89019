"""Attendance register: contract, validation with row numbers, synthetic generator."""

from __future__ import annotations

import pandas as pd
import pytest

from leerrecht.core.errors import UserError
from leerrecht.domain.calendar import load_calendar
from leerrecht.domain.register import (
    SOORTEN,
    read_register,
    validate_register,
    write_register,
)
from leerrecht.domain.synthetic import simulate

HEADER = "leerling,datum,uren,soort\n"


@pytest.fixture(scope="module")
def cal():
    return load_calendar("midden")


def _csv(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "reg.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_reads_a_good_csv(tmp_path, cal):
    path = _csv(tmp_path, "B,2025-09-02,2,ziek\nA,2025-09-01,1.5,ongeoorloofd\n")
    frame = read_register(path, cal)
    assert list(frame["leerling"]) == ["A", "B"]  # sorted by pupil and date
    assert frame["uren"].tolist() == [1.5, 2.0]


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("A,2025-09-01,2,spijbelen\n", "row 2: unknown soort (spijbelen)", 2),
        ("A,2025-09-01,2,ziek\nA,2025-09-02,0,ziek\n", "row 3: uren must be a number > 0", 3),
        ("A,2025-09-01,-1,ziek\n", "uren must be a number > 0", 2),
        ("A,2024-09-02,2,ziek\n", "date outside school year(s) 2025-2026", 2),
        ("A,2025-10-21,2,ziek\n", "2025-10-21 is in the herfstvakantie", 2),
        ("A,gisteren,2,ziek\n", "not a date", 2),
        ("A,2025-09-01,2,ziek\nA,2025-09-01,3,ziek\n", "rows 2, 3: duplicate rows", 2),
    ],
)
def test_bad_rows_are_named(tmp_path, cal, body, message, line):
    with pytest.raises(UserError) as info:
        read_register(_csv(tmp_path, body), cal, schooljaar=2025)
    text = str(info.value)
    assert message in text
    assert f"reg.csv:{line}:" in text


def test_missing_columns_are_listed(tmp_path):
    with pytest.raises(UserError, match="missing columns: uren, soort"):
        read_register(_csv(tmp_path, "A,2025-09-01\n", header="leerling,datum\n"))


def test_several_problems_are_reported_together(tmp_path, cal):
    with pytest.raises(UserError) as info:
        read_register(_csv(tmp_path, "A,2025-09-01,0,ziek\nB,2025-09-01,2,weg\n"), cal)
    assert len(info.value.problems) == 2


def test_optional_age_column_is_checked(cal):
    frame = pd.DataFrame(
        {
            "leerling": ["A"],
            "datum": ["2025-09-01"],
            "uren": [1.0],
            "soort": ["ziek"],
            "leeftijd": [15.5],
        }
    )
    with pytest.raises(UserError, match="leeftijd must be a whole number"):
        validate_register(frame, cal)


def test_simulation_is_seeded_valid_and_varied(cal, tmp_path):
    a = simulate(cal, leerlingen=300, schooljaar=2025, seed=7)
    b = simulate(cal, leerlingen=300, schooljaar=2025, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(simulate(cal, leerlingen=300, schooljaar=2025, seed=8))
    assert set(a["soort"].astype(str)) == set(SOORTEN) - {"geschorst"} or set(
        a["soort"].astype(str)
    ) == set(SOORTEN)
    assert (a["onderwijstype"] == "isk").any()
    isk = a[a["onderwijstype"] == "isk"]
    assert (isk["datum"] >= isk["inschrijfdatum"]).all()
    # Round trip through CSV and Parquet passes validation unchanged.
    for suffix in (".csv", ".parquet"):
        path = write_register(a, tmp_path / f"r{suffix}")
        back = read_register(path, cal, schooljaar=2025)
        assert len(back) == len(a)
        assert back["uren"].sum() == pytest.approx(a["uren"].sum())


def test_luxe_verzuim_sits_next_to_holidays(cal):
    frame = simulate(cal, leerlingen=2000, schooljaar=2025, seed=3)
    luxe = frame[frame["soort"] == "luxe"]["datum"].dt.date.unique()
    assert len(luxe)
    near = [
        d
        for d in luxe
        if any(abs((d - h.begin).days) <= 8 or abs((d - h.eind).days) <= 8 for h in cal.holidays)
    ]
    assert len(near) == len(luxe)
