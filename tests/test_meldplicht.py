"""The week-level meldplicht rule: 16 hours in 4 school weeks, new window after a report."""

from __future__ import annotations

import datetime as dt

import pytest

from leerrecht import meldplicht as M
from leerrecht.errors import UserError


def weeks(reports):
    return [(r.week, r.window_start, r.hours) for r in reports]


def test_threshold_reached_exactly_in_week_four() -> None:
    assert weeks(M.report_weeks([4, 4, 4, 4])) == [(4, 1, 16.0)]
    assert M.report_weeks([4, 4, 4, 3.5]) == []


def test_window_is_at_most_four_school_weeks() -> None:
    # 15 hours in weeks 1-4, then week 1 drops out of the window.
    assert M.report_weeks([6, 3, 3, 3, 5]) == []
    assert weeks(M.report_weeks([6, 3, 3, 3, 7])) == [(5, 2, 16.0)]


def test_new_window_after_a_report() -> None:
    # Hours of weeks 1-2 count for the first report only.
    assert weeks(M.report_weeks([10, 6, 8, 7, 0])) == [(2, 1, 16.0)]
    assert weeks(M.report_weeks([10, 6, 8, 8])) == [(2, 1, 16.0), (4, 3, 16.0)]


def test_negative_hours_refused() -> None:
    with pytest.raises(ValueError):
        M.report_weeks([1, -1])


def test_dates_skip_holidays_and_count_working_days() -> None:
    # School year 2026-2027, regio midden: week 8 after 7 Sept lies after the autumn holiday.
    reports = M.meldplicht([4, 6, 3, 5, 2, 2, 10, 8], dt.date(2026, 9, 7))
    assert [(r.week, r.last_school_day, r.deadline) for r in reports] == [
        (4, dt.date(2026, 10, 2), dt.date(2026, 10, 9)),
        (8, dt.date(2026, 11, 6), dt.date(2026, 11, 13)),
    ]


def test_deadline_skips_public_holidays() -> None:
    # Report in the week ending Friday 23 April 2027: the 5 working days skip Koningsdag
    # (Tuesday 27 April): 26, 28, 29, 30 April and 3 May.
    reports = M.meldplicht([16], dt.date(2027, 4, 19))
    assert reports[0].last_school_day == dt.date(2027, 4, 23)
    assert reports[0].deadline == dt.date(2027, 5, 3)


def test_start_must_be_a_school_day() -> None:
    with pytest.raises(UserError, match="not a school day"):
        M.meldplicht([16], dt.date(2026, 9, 5))


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("4, 6, 3", [4, 6, 3]),
        ("4,6,3", [4, 6, 3]),
        ("4, 6,5, 3", [4, 6.5, 3]),
        ("4; 6,5", [4, 6.5]),
        ("", []),
    ],
)
def test_parse_hours(text: str, hours: list[float]) -> None:
    assert M.parse_hours(text) == hours


@pytest.mark.parametrize("text", ["4, x", "41", "-2"])
def test_parse_hours_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        M.parse_hours(text)


def test_describe_in_both_languages() -> None:
    reports = M.meldplicht([8, 8], dt.date(2026, 9, 7))
    nl = M.describe(reports)
    assert nl[0].startswith("Melding 1: in schoolweek 2") and "vrijdag 25 september 2026" in nl[0]
    assert M.describe([], "en")[0].startswith("No report needed")
    assert "onderwijsinspectie.nl" in M.describe_html(reports)
