"""The meldplicht calculator: weekly hours of unauthorised absence → reports to DUO.

The rule (Inspectie van het Onderwijs, https://www.onderwijsinspectie.nl/onderwerpen/registreren-en-melden-van-ongeoorloofd-verzuim,
and DUO): unauthorised absence of 16 hours (lesuren/praktijktijd) within 4 consecutive
school weeks is reported to DUO without delay (onverwijld; the Inspectie reads that as
within 5 working days); holidays are not school weeks; after a report a new window starts.

:func:`report_weeks` is the rule on a list of hours per school week (pure, no dates).
:func:`meldplicht` adds dates through :mod:`leerrecht.domain.calendar` (school weeks skip
holidays, working days skip weekends and public holidays). The protocol engine works on
day-level registers; this module is the week-level view used by the training notebooks.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from leerrecht.core.errors import UserError
from leerrecht.core.formats import format_date, format_number
from leerrecht.core.i18n import Strings

__all__ = [
    "THRESHOLD_HOURS",
    "WINDOW_WEEKS",
    "DEADLINE_WORKING_DAYS",
    "SOURCE_URL",
    "Report",
    "window_totals",
    "report_weeks",
    "parse_hours",
    "meldplicht",
    "describe",
    "describe_html",
]

THRESHOLD_HOURS = 16.0
WINDOW_WEEKS = 4
DEADLINE_WORKING_DAYS = 5
SOURCE_URL = (
    "https://www.onderwijsinspectie.nl/onderwerpen/registreren-en-melden-van-ongeoorloofd-verzuim"
)


@dataclass(frozen=True)
class Report:
    """One report that is due: in which school week the 16-hour mark is reached."""

    week: int  # 1-based school week in which the window reaches the threshold
    window_start: int  # first school week of that window
    hours: float  # hours in the window (weeks window_start … week)
    last_school_day: dt.date | None = None  # last school day of ``week``
    deadline: dt.date | None = None  # last_school_day + 5 working days


def window_totals(
    hours: Sequence[float],
    threshold: float = THRESHOLD_HOURS,
    window: int = WINDOW_WEEKS,
) -> list[tuple[int, float, bool]]:
    """Per school week: (first week of the current window, hours in it, report due now?).

    The current window holds at most ``window`` weeks and never reaches back before the
    previous report (after a report a new window starts). Weeks are 1-based."""
    if any(h < 0 for h in hours):
        raise ValueError("hours cannot be negative")
    rows: list[tuple[int, float, bool]] = []
    first_open = 0  # weeks before this index were covered by an earlier report
    for i in range(len(hours)):
        start = max(first_open, i - window + 1)
        total = float(sum(hours[start : i + 1]))
        due = total >= threshold
        rows.append((start + 1, total, due))
        if due:
            first_open = i + 1
    return rows


def report_weeks(
    hours: Sequence[float],
    threshold: float = THRESHOLD_HOURS,
    window: int = WINDOW_WEEKS,
) -> list[Report]:
    """The reports due for hours per school week (``hours[0]`` is school week 1): one in each
    week where the current window reaches ``threshold`` hours or more."""
    return [
        Report(week=week, window_start=start, hours=total)
        for week, (start, total, due) in enumerate(window_totals(hours, threshold, window), 1)
        if due
    ]


def parse_hours(text: str) -> list[float]:
    """Hours per school week from text like ``"4, 6,5 3 8"`` (comma or space separated;
    a decimal comma is allowed when numbers are separated by spaces or semicolons)."""
    text = text.strip()
    if not text:
        return []
    if ";" in text:
        parts = text.split(";")
    elif " " in text.replace(", ", " "):
        parts = text.replace(", ", " ").split()
    else:
        parts = text.split(",")
    hours = []
    for part in parts:
        part = part.strip().replace(",", ".")
        if not part:
            continue
        try:
            value = float(part)
        except ValueError:
            raise ValueError(part) from None
        if value < 0 or value > 40:
            raise ValueError(part)
        hours.append(value)
    return hours


def meldplicht(
    hours: Sequence[float],
    start: dt.date,
    regio: str = "midden",
    calendar=None,
) -> list[Report]:
    """:func:`report_weeks` with dates: school week 1 is the week of ``start`` (a school day);
    later school weeks skip holidays. The deadline counts 5 working days from the last
    school day of the reporting week (the latest day the mark can have been reached)."""
    import numpy as np

    from leerrecht.domain.calendar import load_calendar

    cal = calendar or load_calendar(regio)
    first = cal.school_week(start)
    if first is None:
        raise UserError.single(
            f"{start.isoformat()} is not a school day ({cal.describe_day(start)})",
            field="start",
            hint="choose a school day in the first week",
        )
    dated = []
    for report in report_weeks(hours):
        week = first + report.week - 1
        days = cal.school_days[cal.week_index == week]
        if len(days) == 0:
            raise UserError.single(
                f"school week {report.week} lies beyond the calendar ({cal.end})",
                field="hours",
                hint="enter fewer weeks or choose an earlier start date",
            )
        last = days[-1]
        deadline = cal.add_working_days(np.array([last]), DEADLINE_WORKING_DAYS)[0]
        dated.append(
            Report(
                week=report.week,
                window_start=report.window_start,
                hours=report.hours,
                last_school_day=last.astype(dt.date),
                deadline=deadline.astype(dt.date),
            )
        )
    return dated


TEXT = Strings.load("domain/meldplicht", "text")


def _fmt_hours(value: float, taal: str) -> str:
    return format_number(value, taal)


def _fmt_date(day: dt.date, taal: str) -> str:
    return format_date(day, taal, style="full")


def describe(reports: Sequence[Report], taal: str = "nl") -> list[str]:
    """One plain sentence per report (or one saying none is due)."""
    if not reports:
        return [TEXT("none", taal)]
    lines = []
    for n, r in enumerate(reports, start=1):
        deadline = ""
        if r.deadline is not None and r.last_school_day is not None:
            deadline = TEXT(
                "deadline",
                taal,
                last=_fmt_date(r.last_school_day, taal),
                deadline=_fmt_date(r.deadline, taal),
            )
        lines.append(
            TEXT(
                "report",
                taal,
                n=n,
                week=r.week,
                start=r.window_start,
                hours=_fmt_hours(r.hours, taal),
                deadline=deadline,
            )
        )
    if len(reports) > 1:
        lines.append(TEXT("new_window", taal))
    return lines


def describe_html(reports: Sequence[Report], taal: str = "nl") -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in describe(reports, taal))
    dutch = "" if taal == "nl" else ' lang="nl"'  # the source's title stays Dutch
    return (
        f'<div class="lr-meldplicht-result"><ul>{items}</ul><p><small>{TEXT("source", taal)}: '
        f'<a href="{SOURCE_URL}" target="_blank" rel="noopener"{dutch}>Inspectie van het Onderwijs, '
        "registreren en melden van ongeoorloofd verzuim</a></small></p></div>"
    )
