"""School calendar: school years, holidays per region, school weeks, working days."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from leerrecht.core.errors import UserError
from leerrecht.domain.calendar import (
    REGIONS,
    easter,
    kingsday,
    load_calendar,
    read_holidays,
    school_year,
    school_year_bounds,
)

D = dt.date


@pytest.fixture(scope="module")
def midden():
    return load_calendar("midden")


def test_school_year_runs_from_august_to_july():
    assert school_year(D(2025, 8, 1)) == 2025
    assert school_year(D(2026, 7, 31)) == 2025
    assert school_year_bounds(2025) == (D(2025, 8, 1), D(2026, 7, 31))


def test_easter_and_kingsday_known_dates():
    assert easter(2025) == D(2025, 4, 20)
    assert easter(2026) == D(2026, 4, 5)
    assert kingsday(2025) == D(2025, 4, 26)  # the 27th is a Sunday
    assert kingsday(2026) == D(2026, 4, 27)


def test_holidays_are_not_school_days(midden):
    assert not midden.is_school_day(D(2025, 10, 20))  # herfstvakantie midden
    assert not midden.is_school_day(D(2025, 12, 29))  # kerstvakantie
    assert not midden.is_school_day(D(2026, 5, 14))  # Hemelvaartsdag
    assert not midden.is_school_day(D(2025, 9, 6))  # Saturday
    assert midden.is_school_day(D(2025, 10, 27))


def test_regions_differ_in_autumn_2025():
    zuid = load_calendar("zuid")
    assert zuid.is_school_day(D(2025, 10, 20)) and not zuid.is_school_day(D(2025, 10, 13))
    assert load_calendar("midden").is_school_day(D(2025, 10, 13))


def test_holiday_week_is_skipped_in_school_week_numbers(midden):
    before, after = midden.school_week(D(2025, 10, 17)), midden.school_week(D(2025, 10, 27))
    assert after == before + 1
    assert midden.school_week(D(2025, 10, 13)) == before  # same week as the Friday
    assert midden.school_week(D(2025, 10, 21)) is None


def test_school_weeks_per_year_are_plausible():
    for regio in REGIONS:
        cal = load_calendar(regio)
        for year in range(cal.first_year, cal.last_year + 1):
            assert 38 <= cal.school_weeks(year) <= 43, (regio, year)


def test_working_days_skip_weekends_and_public_holidays(midden):
    def plus(day, n):
        return midden.add_working_days(np.array([day], dtype="datetime64[D]"), n)[0]

    assert plus("2025-09-01", 5) == np.datetime64("2025-09-08")
    # Hemelvaartsdag 14 May 2026 is not a working day.
    assert plus("2026-05-12", 5) == np.datetime64("2026-05-20")
    # School holidays are still working days (deadlines run on).
    assert plus("2025-10-17", 1) == np.datetime64("2025-10-20")


def test_every_holiday_row_has_a_source_and_status():
    rows = read_holidays()
    assert rows and all(h.bron.startswith("http") for h in rows)
    assert {h.status for h in rows} == {"verplicht", "advies"}
    assert {h.vakantie for h in rows if h.status == "advies"} == {
        "herfstvakantie",
        "voorjaarsvakantie",
    }


def test_unknown_region_and_bad_file_give_user_errors(tmp_path):
    with pytest.raises(UserError, match="unknown regio"):
        load_calendar("oost")
    bad = tmp_path / "v.csv"
    bad.write_text("schooljaar,vakantie,regio\n2025-2026,herfst,midden\n", encoding="utf-8")
    with pytest.raises(UserError, match="missing columns: begin"):
        load_calendar("midden", path=bad)
    with pytest.raises(UserError, match="not covered"):
        load_calendar("midden", first_year=2019)
