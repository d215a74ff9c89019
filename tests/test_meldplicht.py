"""The week-level meldplicht rule: 16 hours in 4 school weeks, new window after a report."""

from __future__ import annotations

import datetime as dt

import pytest

from leerrecht.core.errors import UserError
from leerrecht.domain import meldplicht as M


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


# --- one rule, two views: the week-level calculator must agree with the protocol engine ----


def _engine_reports(hours: list[float], start: dt.date):
    """Reports of the engine's legal-minimum 16-hour rule for the same weekly hours, each
    week's hours booked on that week's last school day."""
    import pandas as pd

    from leerrecht.core import paths
    from leerrecht.domain.calendar import load_calendar
    from leerrecht.domain.protocols import evaluate, load_protocol
    from leerrecht.domain.register import validate_register

    cal = load_calendar("midden")
    first = cal.school_week(start)
    rows = []
    for i, h in enumerate(hours):
        if h > 0:
            last = cal.school_days[cal.week_index == first + i][-1].astype(dt.date)
            rows.append(
                {
                    "leerling": "p1",
                    "datum": last,
                    "uren": h,
                    "soort": "ongeoorloofd",
                    "leeftijd": 14,
                }
            )
    protocol = load_protocol(paths.PROTOCOLS / "wettelijk-minimum.yml")
    rule = [r for r in protocol.regels if r.id == "16-uur-4-weken"]
    protocol = protocol.model_copy(update={"regels": rule})
    frame = pd.DataFrame(rows, columns=["leerling", "datum", "uren", "soort", "leeftijd"])
    if frame.empty:
        return []
    signals = evaluate(validate_register(frame, cal), protocol, cal)
    return [
        (pd.Timestamp(d).date(), pd.Timestamp(x).date())
        for d, x in zip(signals["datum"], signals["deadline"], strict=True)
    ]


@pytest.mark.slow  # ~40 engine runs
def test_calculator_agrees_with_protocol_engine() -> None:
    import random

    rng = random.Random(16)
    start = dt.date(2026, 9, 7)
    cases = [[4, 6, 3, 5, 2, 2, 10, 8], [16], [15.5, 0.5], [10, 6, 8, 8], [0] * 5 + [17]]
    cases += [
        [rng.choice([0, 0, 1, 2, 4, 6, 8, 12]) for _ in range(rng.randint(1, 14))]
        for _ in range(35)
    ]
    for hours in cases:
        mine = [(r.last_school_day, r.deadline) for r in M.meldplicht(hours, start)]
        assert mine == _engine_reports(hours, start), hours
