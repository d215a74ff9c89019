"""A synthetic attendance register: seeded, vectorised, every row on a school day.

Used by notebook 03 (when no register file is given), ``leerrecht register simulate``, the
tests and the benchmarks. The pupils are fictional (ids ``LL-000001`` …).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leerrecht.core.errors import UserError
from leerrecht.domain.calendar import Calendar
from leerrecht.domain.register import SOORTEN

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
