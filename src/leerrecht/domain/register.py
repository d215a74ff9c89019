"""The attendance register: contract, reading, validation and a synthetic generator.

One row per absence record (see design.md, "Data contracts"):

=================  ========  ===========================================================
column             required  meaning
=================  ========  ===========================================================
``leerling``       yes       pseudonym of the pupil
``datum``          yes       ISO date of the absence (a school day)
``uren``           yes       hours (lesuren/praktijktijd), > 0
``soort``          yes       ongeoorloofd, te_laat, ziek, geoorloofd, luxe, geschorst
``school``         no        school pseudonym
``leerjaar``       no        year group (integer)
``onderwijstype``  no        po, vo, mbo, isk
``inschrijfdatum`` no        date of enrolment (ISK landing period)
``leeftijd``       no        the pupil's age in whole years **on that date** (see below)
``startkwalificatie`` no     true when the pupil holds a startkwalificatie
=================  ========  ===========================================================

The contract carries no birth date on purpose (data minimisation). Rules whose duty
depends on age (the meldplicht stops at 18, or at 16 with a startkwalificatie) read the
optional ``leeftijd`` column; an exporter computes it per record. Without it, every pupil
is treated as leerplichtig.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from leerrecht.core.errors import Problem, UserError
from leerrecht.domain.calendar import Calendar

SOORTEN = ("ongeoorloofd", "te_laat", "ziek", "geoorloofd", "luxe", "geschorst")
ONDERWIJSTYPEN = ("po", "vo", "mbo", "isk")
REQUIRED = ("leerling", "datum", "uren", "soort")
OPTIONAL = (
    "school",
    "leerjaar",
    "onderwijstype",
    "inschrijfdatum",
    "leeftijd",
    "startkwalificatie",
)
_SHOW = 5  # how many row numbers an error message lists


def _rows(mask: np.ndarray, first_line: int) -> str:
    """'rows 3, 8 (and 12 more)' for the True positions of ``mask``."""
    where = np.flatnonzero(mask) + first_line
    shown = ", ".join(str(i) for i in where[:_SHOW])
    more = f" (and {len(where) - _SHOW} more)" if len(where) > _SHOW else ""
    return f"row{'s' if len(where) > 1 else ''} {shown}{more}"


def _problem(
    mask: np.ndarray, message: str, path: str | Path | None, first_line: int, field: str, hint: str
) -> Problem:
    line = int(np.flatnonzero(mask)[0]) + first_line
    return Problem(
        f"{_rows(mask, first_line)}: {message}", file=path, line=line, field=field, hint=hint
    )


def read_register(
    path: str | Path, calendar: Calendar | None = None, *, schooljaar: int | None = None
) -> pd.DataFrame:
    """Read a register from CSV or Parquet and validate it (see :func:`validate_register`)."""
    path = Path(path)
    if not path.exists():
        raise UserError.single("file not found", file=path, hint="check the path")
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame = pd.read_parquet(path)
            first_line = 1  # rows counted from 1
        elif suffix in (".csv", ".txt"):
            frame = pd.read_csv(path, dtype={"leerling": str, "soort": str, "school": str})
            first_line = 2  # line 1 is the header
        else:
            raise UserError.single(
                f"unknown register format {suffix!r}", file=path, hint="use .csv or .parquet"
            )
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise UserError.single(f"cannot read the register: {exc}", file=path) from None
    return validate_register(
        frame, calendar, schooljaar=schooljaar, path=path, first_line=first_line
    )


def validate_register(
    frame: pd.DataFrame,
    calendar: Calendar | None = None,
    *,
    schooljaar: int | None = None,
    path: str | Path | None = None,
    first_line: int = 1,
) -> pd.DataFrame:
    """Check a register against the contract; return a clean copy or raise UserError.

    Errors name the rows (CSV line numbers when read from CSV). With a ``calendar`` every
    date must be a school day of that calendar; with ``schooljaar`` it must also fall in
    that school year.
    """
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise UserError.single(
            f"missing columns: {', '.join(missing)}",
            file=path,
            line=1 if first_line == 2 else None,
            hint=f"a register needs the columns {', '.join(REQUIRED)}",
        )
    problems: list[Problem] = []
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    out["leerling"] = frame["leerling"].astype(str).to_numpy()
    empty = frame["leerling"].isna().to_numpy() | (out["leerling"].str.strip() == "").to_numpy()
    if empty.any():
        problems.append(
            _problem(
                empty,
                "empty leerling",
                path,
                first_line,
                "leerling",
                "every row needs a pupil pseudonym",
            )
        )

    datum = pd.to_datetime(frame["datum"], errors="coerce", format="ISO8601")
    bad_date = datum.isna().to_numpy()
    if bad_date.any():
        problems.append(
            _problem(bad_date, "not a date", path, first_line, "datum", "write dates as YYYY-MM-DD")
        )
    out["datum"] = datum.to_numpy().astype("datetime64[D]").astype("datetime64[s]")

    uren = pd.to_numeric(frame["uren"], errors="coerce").to_numpy(dtype="float64")
    bad_hours = ~(uren > 0)  # also catches NaN
    if bad_hours.any():
        problems.append(
            _problem(
                bad_hours,
                "uren must be a number > 0",
                path,
                first_line,
                "uren",
                "record hours of absence as a positive number, e.g. 1.5",
            )
        )
    out["uren"] = uren

    soort = frame["soort"].astype(str).str.strip().to_numpy()
    bad_kind = ~np.isin(soort, SOORTEN)
    if bad_kind.any():
        seen = ", ".join(sorted({str(s) for s in soort[bad_kind]})[:_SHOW])
        problems.append(
            _problem(
                bad_kind,
                f"unknown soort ({seen})",
                path,
                first_line,
                "soort",
                f"use one of {', '.join(SOORTEN)}",
            )
        )
    out["soort"] = pd.Categorical(np.where(bad_kind, SOORTEN[0], soort), categories=SOORTEN)

    if calendar is not None and not bad_date.any():
        problems += _date_problems(out["datum"].to_numpy(), calendar, schooljaar, path, first_line)

    _optional_columns(frame, out, problems, path, first_line)

    if not problems:
        key = out[["leerling", "datum", "soort"]]
        dup = key.duplicated(keep=False).to_numpy()
        if dup.any():
            problems.append(
                _problem(
                    dup,
                    "duplicate rows (same leerling, datum and soort)",
                    path,
                    first_line,
                    "leerling",
                    "merge the hours of one kind on one day into one row",
                )
            )
    if problems:
        raise UserError(problems)
    return out.sort_values(["leerling", "datum"], kind="stable").reset_index(drop=True)


def _date_problems(
    dates: np.ndarray, calendar: Calendar, schooljaar: int | None, path, first_line: int
) -> list[Problem]:
    days = dates.astype("datetime64[D]")
    problems = []
    if schooljaar is not None:
        lo, hi = (
            np.datetime64(d, "D")
            for d in (dt.date(schooljaar, 8, 1), dt.date(schooljaar + 1, 7, 31))
        )
        outside = (days < lo) | (days > hi)
        label = f"{schooljaar}-{schooljaar + 1}"
    else:
        outside = (days < np.datetime64(calendar.start, "D")) | (
            days > np.datetime64(calendar.end, "D")
        )
        label = f"{calendar.first_year}-{calendar.last_year + 1}"
    if outside.any():
        problems.append(
            _problem(
                outside,
                f"date outside school year(s) {label}",
                path,
                first_line,
                "datum",
                "check the year, or choose the school year",
            )
        )
    not_school = (calendar.day_index(days) < 0) & ~outside
    if not_school.any():
        first = days[np.flatnonzero(not_school)[0]].astype(dt.date)
        why = calendar.describe_day(first)
        problems.append(
            _problem(
                not_school,
                f"not a school day (e.g. {first} is {why})",
                path,
                first_line,
                "datum",
                "absence can only be recorded on school days; check the region "
                "(noord/midden/zuid) and the date",
            )
        )
    return problems


def _optional_columns(frame, out, problems, path, first_line) -> None:
    if "school" in frame.columns:
        out["school"] = frame["school"].astype(str).to_numpy()
    if "leerjaar" in frame.columns:
        out["leerjaar"] = pd.to_numeric(frame["leerjaar"], errors="coerce").astype("Int64")
    if "onderwijstype" in frame.columns:
        kind = frame["onderwijstype"].astype(str).str.strip().str.lower().to_numpy()
        bad = ~np.isin(kind, ONDERWIJSTYPEN)
        if bad.any():
            problems.append(
                _problem(
                    bad,
                    "unknown onderwijstype",
                    path,
                    first_line,
                    "onderwijstype",
                    f"use one of {', '.join(ONDERWIJSTYPEN)}",
                )
            )
        out["onderwijstype"] = kind
    if "inschrijfdatum" in frame.columns:
        ins = pd.to_datetime(frame["inschrijfdatum"], errors="coerce", format="ISO8601")
        bad = ins.isna().to_numpy() & frame["inschrijfdatum"].notna().to_numpy()
        if bad.any():
            problems.append(
                _problem(
                    bad,
                    "inschrijfdatum is not a date",
                    path,
                    first_line,
                    "inschrijfdatum",
                    "write dates as YYYY-MM-DD",
                )
            )
        out["inschrijfdatum"] = ins.to_numpy().astype("datetime64[D]").astype("datetime64[s]")
    if "leeftijd" in frame.columns:
        age = pd.to_numeric(frame["leeftijd"], errors="coerce").to_numpy(dtype="float64")
        bad = ~((age >= 3) & (age <= 30) & (age == np.floor(age)))
        if bad.any():
            problems.append(
                _problem(
                    bad,
                    "leeftijd must be a whole number of years (3-30)",
                    path,
                    first_line,
                    "leeftijd",
                    "give the age on the date of the row",
                )
            )
        out["leeftijd"] = np.nan_to_num(age).astype("int16")
    if "startkwalificatie" in frame.columns:
        raw = frame["startkwalificatie"].astype(str).str.strip().str.lower()
        truthy, falsy = {"true", "1", "ja", "yes"}, {"false", "0", "nee", "no", "nan", ""}
        bad = ~raw.isin(truthy | falsy).to_numpy()
        if bad.any():
            problems.append(
                _problem(
                    bad,
                    "startkwalificatie must be true or false",
                    path,
                    first_line,
                    "startkwalificatie",
                    "write true or false",
                )
            )
        out["startkwalificatie"] = raw.isin(truthy).to_numpy()


def write_register(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a register as CSV or Parquet (by suffix), via a temporary file and rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    out = frame.copy()
    for col in ("datum", "inschrijfdatum"):
        if col in out.columns:
            out[col] = out[col].dt.strftime("%Y-%m-%d") if path.suffix != ".parquet" else out[col]
    if path.suffix.lower() == ".parquet":
        out.to_parquet(tmp, index=False)
    else:
        out.to_csv(tmp, index=False)
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------- generator

_PROFILES = {  # share of pupils, and per-year expected events for each profile
    # name:        share, sick spells, late, truant hours, truant episodes, luxe, long
    "regulier": (0.70, 1.5, 2.0, 1.0, 0.0, 0.0, 0.0),
    "vaak_ziek": (0.10, 6.0, 2.0, 1.0, 0.0, 0.0, 0.0),
    "te_laat": (0.08, 1.5, 14.0, 2.0, 0.0, 0.0, 0.0),
    "spijbelaar": (0.07, 2.0, 6.0, 6.0, 2.5, 0.0, 0.0),
    "luxe": (0.03, 1.5, 2.0, 1.0, 0.0, 1.0, 0.0),
    "langdurig": (0.02, 2.0, 2.0, 2.0, 0.5, 0.0, 1.0),
}
_PRIORITY = {"luxe": 0, "ongeoorloofd": 1, "ziek": 2, "geschorst": 3, "geoorloofd": 4, "te_laat": 5}


def _runs(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Expand (start, length) runs into positions; also return the run number of each."""
    run = np.repeat(np.arange(len(starts)), lengths)
    offset = np.arange(len(run)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return starts[run] + offset, run


def simulate(
    calendar: Calendar,
    *,
    leerlingen: int = 600,
    schooljaar: int | None = None,
    seed: int = 1,
    isk_aandeel: float = 0.05,
    school: str = "Het Fictieve College",
) -> pd.DataFrame:
    """A synthetic register of one school year, seeded and fully vectorised.

    Pupils get a profile (regular, often sick, late, truant, luxe verzuim around holidays,
    long-term absence); ISK pupils enrol during the year and are absent more at first.
    Every row is a school day of ``calendar``; one row per pupil per day at most.
    """
    rng = np.random.default_rng(seed)
    year = calendar.first_year if schooljaar is None else schooljaar
    in_year = np.flatnonzero(calendar.year_of_day == year)
    if not len(in_year):
        raise UserError.single(f"school year {year} is not in the calendar", field="schooljaar")
    d0, nd = int(in_year[0]), len(in_year)
    n = leerlingen
    names = list(_PROFILES)
    shares = np.array([_PROFILES[p][0] for p in names])
    profile = rng.choice(len(names), size=n, p=shares / shares.sum())
    rates = np.array([_PROFILES[p][1:] for p in names])[profile]  # (n, 6)
    is_isk = rng.random(n) < isk_aandeel
    # ISK pupils enrol somewhere in the first 30 school weeks; others before the year.
    first_day = np.where(is_isk, rng.integers(0, min(nd - 10, 150), n), 0)
    age0 = np.where(is_isk, rng.integers(12, 18, n), rng.integers(12, 18, n))
    birthday = rng.integers(0, nd, n)  # school-day position of the birthday in this year
    daily_hours = np.where(is_isk, 5.0, 6.0)

    parts: list[tuple[np.ndarray, np.ndarray, str, np.ndarray]] = []

    def spells(rate: np.ndarray, mean_len: float, max_len: int, kind: str, hours) -> None:
        count = rng.poisson(rate)
        pupil = np.repeat(np.arange(n), count)
        start = rng.integers(0, nd, len(pupil))
        length = np.minimum(rng.geometric(1 / mean_len, len(pupil)), max_len)
        pos, run = _runs(start, length)
        h = hours(pupil[run]) if callable(hours) else np.full(len(pos), hours)
        parts.append((pupil[run], pos, kind, h))

    spells(rates[:, 0] * np.where(is_isk, 1.5, 1.0), 2.0, 10, "ziek", lambda p: daily_hours[p])
    spells(rates[:, 1], 1.0, 1, "te_laat", 0.5)
    spells(rates[:, 2], 1.0, 1, "ongeoorloofd", lambda p: rng.integers(1, 4, len(p)).astype(float))
    spells(
        rates[:, 3] * np.where(is_isk, 2.0, 1.0), 3.0, 8, "ongeoorloofd", lambda p: daily_hours[p]
    )
    spells(np.full(n, 0.5), 1.0, 1, "geoorloofd", lambda p: rng.integers(1, 3, len(p)) * 1.0)
    spells(np.full(n, 0.02), 1.5, 3, "geschorst", lambda p: daily_hours[p])
    _luxe(rng, calendar, d0, nd, rates[:, 4], daily_hours, parts)
    count = rng.binomial(1, np.minimum(rates[:, 5], 1.0))
    pupil = np.flatnonzero(count)
    start = rng.integers(0, max(nd - 30, 1), len(pupil))
    length = rng.integers(22, 60, len(pupil))
    pos, run = _runs(start, length)
    parts.append((pupil[run], pos, "ongeoorloofd", daily_hours[pupil[run]]))

    pupil = np.concatenate([p[0] for p in parts])
    pos = np.concatenate([p[1] for p in parts])
    kind = np.concatenate([np.full(len(p[0]), _PRIORITY[p[2]]) for p in parts])
    hours = np.concatenate([np.asarray(p[3], dtype=float) for p in parts])
    keep = (pos < nd) & (pos >= first_day[pupil])
    pupil, pos, kind, hours = pupil[keep], pos[keep], kind[keep], hours[keep]
    # One record per pupil-day: the most serious kind wins.
    order = np.lexsort((kind, pos, pupil))
    pupil, pos, kind, hours = pupil[order], pos[order], kind[order], hours[order]
    first = np.concatenate([[True], (pupil[1:] != pupil[:-1]) | (pos[1:] != pos[:-1])])
    pupil, pos, kind, hours = pupil[first], pos[first], kind[first], hours[first]

    kinds = np.array(sorted(_PRIORITY, key=_PRIORITY.get))
    width = max(6, len(str(n)))
    ids = np.char.add("LL-", np.char.zfill(np.arange(1, n + 1).astype(str), width))
    day = calendar.school_days[d0 + pos]
    onderwijstype = np.where(is_isk, "isk", "vo")
    leerjaar = np.clip(age0 - 11, 1, 6)
    ins = calendar.school_days[d0 + first_day]
    return pd.DataFrame(
        {
            "leerling": ids[pupil],
            "datum": day.astype("datetime64[s]"),
            "uren": hours,
            "soort": pd.Categorical(kinds[kind], categories=SOORTEN),
            "school": school,
            "leerjaar": leerjaar[pupil].astype("int16"),
            "onderwijstype": onderwijstype[pupil],
            "inschrijfdatum": ins[pupil].astype("datetime64[s]"),
            "leeftijd": (age0[pupil] + (pos >= birthday[pupil])).astype("int16"),
        }
    )


def _luxe(rng, calendar: Calendar, d0: int, nd: int, rate, daily_hours, parts) -> None:
    """Luxe verzuim: one to four school days right before or after a holiday."""
    idx = np.arange(d0, d0 + nd)
    gap = np.diff(calendar.school_days[idx].astype("int64"))
    before = np.flatnonzero(gap > 4)  # last school day before a break of more than a weekend
    if not len(before):
        return
    count = rng.poisson(rate)
    pupil = np.repeat(np.arange(len(rate)), count)
    which = rng.integers(0, len(before), len(pupil))
    length = rng.integers(1, 5, len(pupil))
    after = rng.random(len(pupil)) < 0.4
    start = np.where(after, before[which] + 1, before[which] - length + 1)
    pos, run = _runs(np.maximum(start, 0), length)
    parts.append((pupil[run], pos, "luxe", daily_hours[pupil[run]]))


def summarise(frame: pd.DataFrame) -> pd.DataFrame:
    """Hours and records per kind of absence (for a quick look at a register)."""
    grouped = frame.groupby("soort", observed=False)["uren"]
    return pd.DataFrame({"records": grouped.size(), "uren": grouped.sum().round(1)})


def kinds_in(values: Iterable[str]) -> list[str]:
    """Validate a list of kinds of absence (used by protocol rules)."""
    bad = [v for v in values if v not in SOORTEN]
    if bad:
        raise ValueError(f"unknown soort {', '.join(bad)}; use {', '.join(SOORTEN)}")
    return list(values)
