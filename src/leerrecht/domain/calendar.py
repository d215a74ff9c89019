"""School calendar: school years, school days and weeks, holidays per region, working days.

A school year runs from 1 August to 31 July and is named by the year it starts in
(2025 = 2025-2026). Holidays come from ``data/kalender/schoolvakanties.csv`` (see its
README for sources and which dates are mandatory or recommended). Holidays are not school
weeks: school weeks are numbered consecutively over the whole calendar, so the week
before and the week after a holiday are neighbours; the same holds for school days.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from leerrecht.core.errors import UserError
from leerrecht.core.paths import DATA

__all__ = [
    "REGIONS",
    "HOLIDAY_FILE",
    "Holiday",
    "school_year",
    "school_year_bounds",
    "school_year_label",
    "easter",
    "kingsday",
    "public_holidays",
    "school_closed_days",
    "read_holidays",
    "Calendar",
    "load_calendar",
]

REGIONS = ("noord", "midden", "zuid")
HOLIDAY_FILE = DATA / "kalender" / "schoolvakanties.csv"
_COLUMNS = ("schooljaar", "vakantie", "regio", "begin", "eind", "status", "geverifieerd", "bron")


@dataclass(frozen=True)
class Holiday:
    """One school holiday in one region (dates inclusive)."""

    vakantie: str
    regio: str
    begin: dt.date
    eind: dt.date
    status: str  # "verplicht" or "advies"
    geverifieerd: bool
    bron: str


def school_year(day: dt.date) -> int:
    """The school year (by its starting calendar year) that contains ``day``."""
    return day.year if day.month >= 8 else day.year - 1


def school_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of school year ``year`` (1 Aug … 31 Jul)."""
    return dt.date(year, 8, 1), dt.date(year + 1, 7, 31)


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def kingsday(year: int) -> dt.date:
    """Koningsdag: 27 April, or the 26th when the 27th is a Sunday."""
    day = dt.date(year, 4, 27)
    return day - dt.timedelta(days=1) if day.weekday() == 6 else day


def public_holidays(year: int) -> list[dt.date]:
    """General public holidays (Algemene termijnenwet) in a calendar year; not working days."""
    e = easter(year)
    return [
        dt.date(year, 1, 1),
        e + dt.timedelta(days=1),  # tweede paasdag
        kingsday(year),
        dt.date(year, 5, 5),
        e + dt.timedelta(days=39),  # Hemelvaartsdag
        e + dt.timedelta(days=50),  # tweede pinksterdag
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    ]


def school_closed_days(year: int) -> list[dt.date]:
    """Public holidays on which schools are closed outside the holidays (see data README)."""
    e = easter(year)
    days = [
        e + dt.timedelta(days=1),
        kingsday(year),
        e + dt.timedelta(days=39),
        e + dt.timedelta(days=50),
    ]
    if year % 5 == 0:  # Bevrijdingsdag is a day off in lustrum years
        days.append(dt.date(year, 5, 5))
    return days


def read_holidays(path: str | Path = HOLIDAY_FILE) -> list[Holiday]:
    """Read a holiday CSV (columns as in ``data/kalender/README.md``); errors name the row."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise UserError.single("file not found", file=path, hint="check the path") from None
    holidays = []
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise UserError.single(
                f"missing columns: {', '.join(missing)}",
                file=path,
                line=1,
                hint=f"the header must contain {', '.join(_COLUMNS)}",
            )
        for line, row in enumerate(reader, start=2):
            try:
                begin = dt.date.fromisoformat(row["begin"])
                eind = dt.date.fromisoformat(row["eind"])
            except ValueError:
                raise UserError.single(
                    "begin/eind must be ISO dates (YYYY-MM-DD)", file=path, line=line
                ) from None
            regio = row["regio"].strip()
            if regio not in (*REGIONS, "alle") or eind < begin:
                raise UserError.single(
                    f"bad row: regio {regio!r}, {begin} … {eind}",
                    file=path,
                    line=line,
                    hint="regio is noord, midden, zuid or alle; eind is on or after begin",
                )
            holidays.append(
                Holiday(
                    vakantie=row["vakantie"].strip(),
                    regio=regio,
                    begin=begin,
                    eind=eind,
                    status=row["status"].strip(),
                    geverifieerd=row["geverifieerd"].strip() == "ja",
                    bron=row["bron"].strip(),
                )
            )
    return holidays


@dataclass(frozen=True)
class Calendar:
    """The school calendar of one region over a run of school years.

    Arrays (all aligned, one entry per school day, sorted): ``school_days``
    (datetime64[D]), ``week_index`` (consecutive school-week number), ``year_of_day``.
    """

    regio: str
    first_year: int
    last_year: int
    holidays: tuple[Holiday, ...] = field(repr=False)

    @property
    def start(self) -> dt.date:
        return school_year_bounds(self.first_year)[0]

    @property
    def end(self) -> dt.date:
        return school_year_bounds(self.last_year)[1]

    @cached_property
    def _closed(self) -> np.ndarray:
        days: list[np.datetime64] = []
        for h in self.holidays:
            days.extend(np.arange(h.begin, h.eind + dt.timedelta(days=1), dtype="datetime64[D]"))
        for year in range(self.start.year, self.end.year + 1):
            days.extend(np.datetime64(d, "D") for d in school_closed_days(year))
        return np.unique(np.array(days, dtype="datetime64[D]"))

    @cached_property
    def school_days(self) -> np.ndarray:
        days = np.arange(self.start, self.end + dt.timedelta(days=1), dtype="datetime64[D]")
        weekday = np.is_busday(days)
        return days[weekday & ~np.isin(days, self._closed)]

    @cached_property
    def week_index(self) -> np.ndarray:
        """Consecutive school-week number per school day (holiday weeks are skipped)."""
        monday = self.school_days - ((self.school_days.astype("int64") - 4) % 7)
        change = np.concatenate([[True], monday[1:] != monday[:-1]])
        return np.cumsum(change) - 1

    @cached_property
    def year_of_day(self) -> np.ndarray:
        d = self.school_days.astype("datetime64[M]").astype("int64")  # months since 1970-01
        year, month = d // 12 + 1970, d % 12 + 1
        return np.where(month >= 8, year, year - 1)

    @cached_property
    def week_start_day(self) -> np.ndarray:
        """Index (into school_days) of the first school day of each school week."""
        return np.searchsorted(self.week_index, np.arange(self.week_index[-1] + 1))

    @cached_property
    def year_start_day(self) -> dict[int, int]:
        return {
            int(y): int(np.searchsorted(self.year_of_day, y))
            for y in range(self.first_year, self.last_year + 1)
        }

    @cached_property
    def _working_holidays(self) -> np.ndarray:
        days = [
            d for y in range(self.start.year - 1, self.end.year + 2) for d in public_holidays(y)
        ]
        return np.array(days, dtype="datetime64[D]")

    @cached_property
    def _day_table(self) -> np.ndarray:
        """School-day index for every calendar day from start to end (-1 = no school)."""
        table = np.full((self.end - self.start).days + 1, -1, dtype=np.int64)
        offset = (self.school_days - np.datetime64(self.start, "D")).astype(np.int64)
        table[offset] = np.arange(len(self.school_days))
        return table

    def day_index(self, dates: np.ndarray) -> np.ndarray:
        """School-day index of each date; -1 where the date is not a school day."""
        offset = (np.asarray(dates, dtype="datetime64[D]") - np.datetime64(self.start, "D")).astype(
            np.int64
        )
        inside = (offset >= 0) & (offset < len(self._day_table))
        return np.where(inside, self._day_table[np.where(inside, offset, 0)], -1)

    def is_school_day(self, day: dt.date) -> bool:
        return bool(self.day_index(np.array([day], dtype="datetime64[D]"))[0] >= 0)

    def school_week(self, day: dt.date) -> int | None:
        """Consecutive school-week number of a school day, None for a non-school day."""
        i = int(self.day_index(np.array([day], dtype="datetime64[D]"))[0])
        return None if i < 0 else int(self.week_index[i])

    def holiday_on(self, day: dt.date) -> Holiday | None:
        return next((h for h in self.holidays if h.begin <= day <= h.eind), None)

    def school_weeks(self, year: int) -> int:
        """Number of school weeks in school year ``year``."""
        weeks = self.week_index[self.year_of_day == year]
        return int(weeks.max() - weeks.min() + 1) if len(weeks) else 0

    def add_working_days(self, dates: np.ndarray, n: int) -> np.ndarray:
        """``dates`` plus ``n`` working days (weekends and public holidays skipped)."""
        dates = np.asarray(dates, dtype="datetime64[D]")
        return np.busday_offset(dates, n, roll="forward", holidays=self._working_holidays)

    def describe_day(self, day: dt.date) -> str:
        """Why a date is (not) a school day, for error messages."""
        if not self.start <= day <= self.end:
            return f"outside the calendar ({self.start} … {self.end})"
        if day.weekday() >= 5:
            return "a weekend day"
        hol = self.holiday_on(day)
        if hol is not None:
            return f"in the {hol.vakantie} (regio {self.regio})"
        return "a school day" if self.is_school_day(day) else "a public holiday"


def load_calendar(
    regio: str = "midden",
    *,
    first_year: int | None = None,
    last_year: int | None = None,
    path: str | Path = HOLIDAY_FILE,
) -> Calendar:
    """The calendar of ``regio`` over the school years the holiday file covers."""
    if regio not in REGIONS:
        raise UserError.single(
            f"unknown regio {regio!r}", field="regio", hint=f"use one of {', '.join(REGIONS)}"
        )
    holidays = tuple(h for h in read_holidays(path) if h.regio in (regio, "alle"))
    years = sorted({school_year(h.begin) for h in holidays if h.vakantie != "zomervakantie"})
    if not years:
        raise UserError.single(f"no holidays for regio {regio}", file=path)
    first = years[0] if first_year is None else first_year
    last = years[-1] if last_year is None else last_year
    if first < years[0] or last > years[-1] or first > last:
        raise UserError.single(
            f"school years {first}-{last + 1} are not covered by the holiday file",
            file=path,
            hint=f"the file covers {school_year_label(years[0])} … {school_year_label(years[-1])}",
        )
    return Calendar(regio=regio, first_year=first, last_year=last, holidays=holidays)
