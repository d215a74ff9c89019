"""Verzuim protocols as data, and the engine that runs them over an attendance register.

A protocol (``protocols/*.yml``) is a list of rules. A rule counts some kinds of absence
(``soorten``) in a window (school weeks, school days or the school year), measures them
(hours, number of days, number of episodes, or consecutive school days) and fires an
action when the measure reaches a threshold. See ``protocols/README.md`` for the format.

Semantics, fixed here once:

* A record counts on its school day; holidays are not school days or school weeks, so a
  window of 4 school weeks that spans a holiday covers 4 weeks of school, not of calendar.
* A window of N school weeks at day d holds the school weeks w-N+1 … w of d, up to and
  including d. Firing is checked per day, so a rule fires on the first day the threshold
  is reached.
* ``herhaling: nieuw_venster``: after a firing only records **after** that day count
  (a new window starts), and the next firing is at least ``min_dagen_tussen`` calendar
  days later (DUO: at most one report per 7 days for continuous absence).
  ``eenmalig``: at most once per pupil; ``eenmalig_per_schooljaar``: once per pupil and
  school year.
* ``voorwaarden`` select the records a rule sees (age, school type, landing period).

The engine (:func:`evaluate`) is vectorised with numpy; the sequential "new window after a
report" is solved in rounds over all pupils at once (see :func:`_fire_rounds`).
:func:`evaluate_reference` is a plain per-pupil loop that the tests compare against.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from leerrecht.core.errors import UserError
from leerrecht.core.paths import PROTOCOLS
from leerrecht.core.yamlio import load_model
from leerrecht.domain.calendar import Calendar

Soort = Literal["ongeoorloofd", "te_laat", "ziek", "geoorloofd", "luxe", "geschorst"]
SOORTEN: tuple[str, ...] = Soort.__args__
Onderwijstype = Literal["po", "vo", "mbo", "isk"]
SCALE = 100  # hours are counted in hundredths, so sums are exact integers
OUTPUT_COLUMNS = [
    "leerling",
    "datum",
    "regel",
    "actie",
    "soort_actie",
    "aanpak",
    "uitvoerder",
    "deadline",
    "waarde",
    "eenheid",
    "drempel",
    "venster_van",
]
UNITS = {
    "uren": "uren",
    "aantal": "dagen",
    "reeksen": "reeksen",
    "aaneengesloten_dagen": "schooldagen op rij",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Venster(_Model):
    """The window a rule counts in."""

    eenheid: Literal["schoolweken", "schooldagen", "schooljaar"]
    lengte: int | None = Field(default=None, ge=1, description="number of weeks or days")

    @model_validator(mode="after")
    def _length(self) -> Venster:
        if self.eenheid != "schooljaar" and self.lengte is None:
            raise ValueError(f"a window in {self.eenheid} needs a lengte")
        if self.eenheid == "schooljaar" and self.lengte is not None:
            raise ValueError("a schooljaar window has no lengte")
        return self


class Landingsperiode(_Model):
    """No records count in the first school weeks after enrolment (e.g. ISK: 6 weeks)."""

    onderwijstype: list[Onderwijstype] = Field(min_length=1)
    schoolweken: int = Field(ge=1)


class Voorwaarden(_Model):
    """Which records a rule sees. Conditions on columns the register lacks are ignored."""

    meldplichtig: bool = Field(
        default=False,
        description="only records while the meldplicht applies: under 16, or under 18 "
        "without startkwalificatie (volledige leerplicht lasts to the end of the school "
        "year in which the pupil turns 16)",
    )
    ook_18_plus: bool = Field(default=False, description="regional agreement: also 18-22")
    leeftijd_min: int | None = Field(default=None, ge=0)
    leeftijd_max: int | None = Field(default=None, ge=0)
    onderwijstype: list[Onderwijstype] | None = None
    landingsperiode: Landingsperiode | None = None


class Regel(_Model):
    """One rule: count, compare, act."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    titel: str
    soorten: list[Soort] = Field(min_length=1)
    meting: Literal["uren", "aantal", "reeksen", "aaneengesloten_dagen"]
    drempel: float = Field(gt=0)
    venster: Venster | None = None
    herhaling: Literal["nieuw_venster", "eenmalig", "eenmalig_per_schooljaar"] = "nieuw_venster"
    min_dagen_tussen: int = Field(default=0, ge=0)
    actie: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    soort_actie: Literal["gesprek", "melding", "sanctie", "zorg", "signaal"]
    aanpak: Literal["handhaving", "zorg", "samenwerking"]
    uitvoerder: Literal["school", "leerplicht", "jeugdarts", "zorgteam"] = Field(
        default="school", description="who has to act on the signal (workload)"
    )
    deadline_werkdagen: int | None = Field(default=None, ge=0)
    voorwaarden: Voorwaarden = Field(default_factory=Voorwaarden)
    bron: str | None = None
    toelichting: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Regel:
        if self.meting == "aaneengesloten_dagen":
            if self.venster is not None:
                raise ValueError("aaneengesloten_dagen counts a run of days and takes no venster")
            if self.drempel != int(self.drempel):
                raise ValueError("drempel for aaneengesloten_dagen is a whole number of days")
        if self.meting in ("aantal", "reeksen") and self.drempel != int(self.drempel):
            raise ValueError(f"drempel for {self.meting} is a whole number")
        return self


class Protocol(_Model):
    """A named set of rules; ``omvat`` pulls in the rules of other protocols first."""

    naam: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    titel: str
    aanpak: Literal["handhaving", "zorg", "samenwerking", "wettelijk"] | None = None
    beschrijving: str = ""
    omvat: list[str] = Field(default_factory=list)
    bronnen: list[str] = Field(default_factory=list)
    regels: list[Regel] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> Protocol:
        ids = [r.id for r in self.regels]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"rule ids must be unique; repeated: {', '.join(dup)}")
        return self


def load_protocol(path: str | Path, *, _seen: tuple[Path, ...] = ()) -> Protocol:
    """Load a protocol file (and the protocols it ``omvat``); errors carry file and line."""
    path = Path(path)
    if not path.suffix and not path.exists():
        path = PROTOCOLS / f"{path}.yml"
    path = path.resolve()
    if path in _seen:
        raise UserError.single(
            "protocols include each other in a circle",
            file=path,
            field="omvat",
            hint="remove one of the omvat entries",
        )
    proto = load_model(Protocol, path)
    rules: list[Regel] = []
    for name in proto.omvat:
        sub = path.parent / (name if name.endswith(".yml") else f"{name}.yml")
        if not sub.exists():
            raise UserError.single(
                f"omvat names an unknown protocol {name!r}",
                file=path,
                field="omvat",
                hint=f"expected a file {sub.name} next to it",
            )
        rules += load_protocol(sub, _seen=(*_seen, path)).regels
    own = {r.id for r in proto.regels}
    merged = [r for r in rules if r.id not in own] + proto.regels  # own rules override
    return proto.model_copy(update={"regels": merged})


def list_protocols() -> list[Path]:
    return sorted(PROTOCOLS.glob("*.yml"))


# --------------------------------------------------------------------------- preparing


@dataclass(frozen=True)
class _Prepared:
    """The register mapped onto the calendar once, sorted by pupil and school day."""

    frame: pd.DataFrame  # the sorted register
    pupil: np.ndarray  # int64 pupil code
    names: np.ndarray  # pupil code -> pseudonym
    t: np.ndarray  # school-day index
    week: np.ndarray
    year: np.ndarray
    day: np.ndarray  # datetime64[D]
    soort: np.ndarray  # int8 code into SOORTEN
    names_sorted: bool  # pupil codes follow the sort order of the pseudonyms


def _pupil_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    """Integer code per pupil. A register sorted by pupil (as validation leaves it) is coded
    by comparing neighbours, which stays linear where hashing 20M strings does not."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(column.to_numpy(dtype=object) if column.dtype == object else column)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    is_text = pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)
    if is_text and len(arr) > 1 and arr.null_count == 0:
        change = pc.not_equal(arr.slice(1), arr.slice(0, len(arr) - 1))
        change = change.to_numpy(zero_copy_only=False)
        first = np.flatnonzero(np.concatenate([[True], change]))
        starts = arr.take(pa.array(first))
        # Sorted by pupil <=> the names at the starts of the runs strictly increase.
        m = len(starts)
        if m == 1 or pc.all(pc.greater(starts.slice(1), starts.slice(0, m - 1))).as_py():
            codes = np.concatenate([[0], np.cumsum(change)])
            return codes, starts.to_numpy(zero_copy_only=False).astype(object), True
    codes, names = pd.factorize(column, sort=False)
    return codes, np.asarray(names, dtype=object), False


def _prepare(register: pd.DataFrame, calendar: Calendar) -> _Prepared:
    codes, names, names_sorted = _pupil_codes(register["leerling"])
    day = register["datum"].to_numpy().astype("datetime64[D]")
    t = calendar.day_index(day)
    if (t < 0).any():
        first = day[np.flatnonzero(t < 0)[0]]
        raise UserError.single(
            f"{int((t < 0).sum())} records are not on a school day of regio "
            f"{calendar.regio} (first: {first})",
            field="datum",
            hint="validate the register with the same calendar (read_register)",
        )
    # A validated register is already sorted by pupil and date; sort only when it is not.
    dc, dt_ = np.diff(codes), np.diff(t)
    if not ((dc > 0) | ((dc == 0) & (dt_ >= 0))).all():
        order = np.lexsort((t, codes))
        register, codes, t, day = (
            register.iloc[order].reset_index(drop=True),
            codes[order],
            t[order],
            day[order],
        )
    soort = pd.Categorical(register["soort"], categories=SOORTEN).codes
    return _Prepared(
        register,
        codes.astype(np.int64),
        names,
        t,
        calendar.week_index[t],
        calendar.year_of_day[t],
        day,
        soort,
        names_sorted,
    )


def _condition_mask(rule: Regel, prep: _Prepared, calendar: Calendar) -> np.ndarray:
    frame, cond = prep.frame, rule.voorwaarden
    mask = np.isin(prep.soort, [SOORTEN.index(k) for k in rule.soorten])
    if "leeftijd" in frame.columns:
        age = frame["leeftijd"].to_numpy()
        if cond.leeftijd_min is not None:
            mask &= age >= cond.leeftijd_min
        if cond.leeftijd_max is not None:
            mask &= age <= cond.leeftijd_max
        if cond.meldplichtig:
            mask &= _meldplichtig(frame, prep, age, cond.ook_18_plus)
    if cond.onderwijstype is not None and "onderwijstype" in frame.columns:
        mask &= np.isin(frame["onderwijstype"].to_numpy().astype(str), cond.onderwijstype)
    land = cond.landingsperiode
    if land is not None and {"onderwijstype", "inschrijfdatum"} <= set(frame.columns):
        ins = frame["inschrijfdatum"].to_numpy().astype("datetime64[D]")
        first = np.searchsorted(calendar.school_days, ins)  # first school day on/after
        first_week = calendar.week_index[np.minimum(first, len(calendar.school_days) - 1)]
        landing = (prep.week - first_week < land.schoolweken) & ~np.isnat(ins)
        mask &= ~(
            landing & np.isin(frame["onderwijstype"].to_numpy().astype(str), land.onderwijstype)
        )
    return mask


def _meldplichtig(frame: pd.DataFrame, prep: _Prepared, age: np.ndarray, plus: bool) -> np.ndarray:
    """Is the meldplicht on at each record (age on that date, startkwalificatie)?"""
    sq = (
        frame["startkwalificatie"].to_numpy(dtype=bool)
        if "startkwalificatie" in frame.columns
        else np.zeros(len(frame), dtype=bool)
    )
    # Volledige leerplicht lasts to the end of the school year in which the pupil turns
    # 16: a pupil seen at 15 earlier in this school year is still fully leerplichtig.
    key = prep.pupil * 10_000 + prep.year  # contiguous segments: the register is sorted
    first = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    youngest = np.repeat(np.minimum.reduceat(age, first), np.diff(np.append(first, len(age))))
    volledig = (age < 16) | ((age == 16) & (youngest < 16))
    limit = 23 if plus else 18
    return volledig | ((age < limit) & ~sq)


# --------------------------------------------------------------------------- engine


def _window_start(
    rule: Regel, t: np.ndarray, week: np.ndarray, year: np.ndarray, calendar: Calendar
) -> np.ndarray:
    """First school-day index of the window that ends at each record."""
    v = rule.venster
    if v is None:
        return np.zeros_like(t)
    if v.eenheid == "schooldagen":
        return t - (v.lengte - 1)
    if v.eenheid == "schoolweken":
        first_week = np.maximum(week - (v.lengte - 1), 0)
        return calendar.week_start_day[first_week]
    starts = np.array(
        [
            calendar.year_start_day[int(y)]
            for y in range(calendar.first_year, calendar.last_year + 1)
        ]
    )
    return starts[year - calendar.first_year]


def _next_true(mask: np.ndarray) -> np.ndarray:
    """For each position, the first position at or after it where mask is True (n if none)."""
    n = len(mask)
    idx = np.where(mask, np.arange(n), n)
    out = np.minimum.accumulate(idx[::-1])[::-1]
    return np.append(out, n)  # a sentinel so out[n] is valid


def _fire_rounds(group, t, day, value, wstart, threshold: int, gap: int, once: bool):
    """Firing rows of a windowed threshold rule with "new window after each firing".

    Rows are sorted by (group, t); ``value`` >= 0 integers. Without the reset, row i fires
    when its window sum S_i = C_i - P_start(i) >= T (C = running sum, P = exclusive).
    After a firing at row r, the window only holds rows after r, so the sum is
    min(S_i, C_i - C_r): the next firing is the first i > r with S_i >= T, C_i >= C_r + T
    and day_i >= day_r + gap. The last two are suffix conditions (C and day grow within a
    group), so the answer is ``next_true(S >= T)`` at the larger of the two searchsorted
    bounds. Each round handles every group at once; there are as many rounds as the most
    firings of one pupil. Returns (rows, previous firing row or -1, C, S).
    """
    n = len(t)
    if n == 0:
        empty = np.empty(0, np.int64)
        return empty, empty, empty, empty
    c = np.cumsum(value)
    p = c - value
    k = np.int64(int(t.max()) + 2)
    key = group * k + t
    start = np.searchsorted(key, group * k + wstart, side="left")
    s = c - p[start]
    nxt = _next_true(s >= threshold)
    group_end = np.searchsorted(group, group, side="right")
    dayn = day.astype(np.int64)
    kd = np.int64(int(dayn.max() - dayn.min()) + gap + 2)
    dkey = group * kd + (dayn - dayn.min())

    firsts = np.flatnonzero(np.concatenate([[True], group[1:] != group[:-1]]))
    cur = nxt[firsts]
    ok = cur < group_end[np.minimum(firsts, n - 1)]
    cur = cur[ok]
    rows, prev = [cur], [np.full(len(cur), -1, np.int64)]
    while len(cur) and not once:
        k1 = np.searchsorted(c, c[cur] + threshold, side="left")
        k2 = np.searchsorted(dkey, dkey[cur] + gap, side="left")
        cand = np.maximum(np.maximum(k1, k2), cur + 1)
        new = nxt[np.minimum(cand, n)]
        ok = new < group_end[cur]
        rows.append(new[ok])
        prev.append(cur[ok])
        cur = new[ok]
    return np.concatenate(rows), np.concatenate(prev), c, s


def _aggregate_days(group, t, values):
    """Sum values per (group, t); inputs sorted by (group, t)."""
    if len(t) == 0:
        return group, t, values, np.empty(0, np.int64)
    new = np.concatenate([[True], (group[1:] != group[:-1]) | (t[1:] != t[:-1])])
    first = np.flatnonzero(new)
    return group[first], t[first], np.add.reduceat(values, first), first


def _evaluate_rule(rule: Regel, prep: _Prepared, calendar: Calendar) -> pd.DataFrame:
    mask = _condition_mask(rule, prep, calendar)
    rows = np.flatnonzero(mask)
    pupil, t = prep.pupil[rows], prep.t[rows]
    if rule.herhaling == "eenmalig_per_schooljaar":
        span = calendar.last_year - calendar.first_year + 1
        group = pupil * span + (prep.year[rows] - calendar.first_year)
    else:
        group = pupil
    hours = np.rint(prep.frame["uren"].to_numpy()[rows] * SCALE).astype(np.int64)
    group, t, value, first = _aggregate_days(group, t, hours)
    pupil = pupil[first] if len(first) else pupil
    week, year = calendar.week_index[t], calendar.year_of_day[t]
    day = calendar.school_days[t]
    run_start = np.concatenate([[True], (group[1:] != group[:-1]) | (t[1:] != t[:-1] + 1)])
    if rule.meting == "aaneengesloten_dagen":
        fired, prev, waarde, wstart = _runs_rule(rule, group, t, day, run_start)
    else:
        if rule.meting == "uren":
            threshold = int(round(rule.drempel * SCALE))
        else:
            value = np.ones_like(t) if rule.meting == "aantal" else run_start.astype(np.int64)
            threshold = int(rule.drempel)
        wstart = _window_start(rule, t, week, year, calendar)
        once = rule.herhaling != "nieuw_venster"
        fired, prev, c, s = _fire_rounds(
            group, t, day, value, wstart, threshold, rule.min_dagen_tussen, once
        )
        has_prev = prev >= 0
        since = np.where(has_prev, c[fired] - c[np.maximum(prev, 0)], s[fired])
        waarde = np.minimum(s[fired], since)
        waarde = waarde / SCALE if rule.meting == "uren" else waarde
        wstart = np.where(
            has_prev, np.maximum(wstart[fired], t[np.maximum(prev, 0)] + 1), wstart[fired]
        )
    return _signals(rule, prep, calendar, pupil[fired], day[fired], waarde, wstart)


def _runs_rule(rule: Regel, group, t, day, run_start):
    """Fire on the Nth consecutive school day with one of the kinds."""
    run_id = np.cumsum(run_start) - 1
    first_of_run = np.flatnonzero(run_start)
    pos = np.arange(len(t)) - first_of_run[run_id] + 1 if len(t) else np.empty(0, np.int64)
    fired = np.flatnonzero(pos == int(rule.drempel))
    if rule.min_dagen_tussen and len(fired):
        fired = _thin_by_gap(fired, group, day, rule.min_dagen_tussen)
    if rule.herhaling != "nieuw_venster" and len(fired):
        keep = np.concatenate([[True], group[fired][1:] != group[fired][:-1]])
        fired = fired[keep]
    wstart = t[first_of_run[run_id[fired]]] if len(fired) else np.empty(0, np.int64)
    return fired, np.full(len(fired), -1), pos[fired], wstart


def _thin_by_gap(fired, group, day, gap):
    """Drop firings closer than ``gap`` days to the previous kept one (sequential, small)."""
    keep, last_g, last_d = [], None, None
    days = day.astype(np.int64)
    for i in fired:
        if group[i] != last_g or days[i] - last_d >= gap:
            keep.append(i)
            last_g, last_d = group[i], days[i]
    return np.array(keep, dtype=np.int64)


def _signals(rule, prep, calendar, pupil, day, waarde, wstart) -> pd.DataFrame:
    deadline = (
        calendar.add_working_days(day, rule.deadline_werkdagen)
        if rule.deadline_werkdagen is not None
        else np.full(len(day), np.datetime64("NaT"), dtype="datetime64[D]")
    )
    return pd.DataFrame(
        {
            "_code": pupil,
            "leerling": pd.array(prep.names[pupil], dtype="str"),
            "datum": day.astype("datetime64[s]"),
            "regel": rule.id,
            "actie": rule.actie,
            "soort_actie": rule.soort_actie,
            "aanpak": rule.aanpak,
            "uitvoerder": rule.uitvoerder,
            "deadline": deadline.astype("datetime64[s]"),
            "waarde": np.asarray(waarde, dtype=float),
            "eenheid": UNITS[rule.meting],
            "drempel": float(rule.drempel),
            "venster_van": calendar.school_days[np.asarray(wstart, dtype=np.int64)].astype(
                "datetime64[s]"
            ),
        }
    )


CHUNK = 1_000_000  # records per slice; keeps every temporary array cache- and heap-friendly


def evaluate(register: pd.DataFrame, protocol: Protocol, calendar: Calendar) -> pd.DataFrame:
    """Run every rule of ``protocol`` over a validated register; one row per firing.

    Columns: leerling, datum (the day the rule fired), regel, actie, soort_actie, aanpak,
    uitvoerder, deadline (NaT without one), waarde (hours/count that made it fire),
    eenheid, drempel, venster_van (first school day that counted).

    Rules look at one pupil at a time, so a large register sorted by pupil is evaluated
    in slices of about :data:`CHUNK` records cut at pupil boundaries; time then grows
    linearly with the number of records instead of suffering from huge temporaries.
    """
    bounds = _chunk_bounds(register["leerling"], CHUNK)
    if len(bounds) <= 2:
        return _evaluate_slice(register, protocol, calendar)
    parts = [
        _evaluate_slice(register.iloc[a:b], protocol, calendar)
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]
    return pd.concat(parts, ignore_index=True)  # slices are in pupil order already


def _chunk_bounds(column: pd.Series, size: int) -> list[int]:
    """Row offsets that cut a pupil-sorted column into slices of about ``size`` rows.

    Returns ``[0, n]`` (one slice) when the column is small or not sorted by pupil.
    """
    n = len(column)
    if n <= 2 * size:
        return [0, n]
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(column)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.null_count or not pc.all(pc.greater_equal(arr.slice(1), arr.slice(0, n - 1))).as_py():
        return [0, n]
    bounds = [0]
    for cut in range(size, n, size):
        cut = max(cut, bounds[-1] + 1)
        window = arr.slice(cut - 1, 10_000).to_numpy(zero_copy_only=False)
        change = np.flatnonzero(window[1:] != window[:-1])
        if not len(change):
            continue  # one pupil with more than 10,000 rows: keep going
        nxt = cut + int(change[0])
        if nxt < n and nxt > bounds[-1]:
            bounds.append(nxt)
    bounds.append(n)
    return bounds


def _evaluate_slice(register: pd.DataFrame, protocol: Protocol, calendar: Calendar) -> pd.DataFrame:
    prep = _prepare(register, calendar)
    parts = [_evaluate_rule(rule, prep, calendar) for rule in protocol.regels]
    if not parts:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    if prep.names_sorted:  # sort on integers; pupil codes already follow name order
        rank = pd.Categorical(out["regel"], categories=sorted({r.id for r in protocol.regels}))
        order = np.lexsort((rank.codes, out["datum"].to_numpy(), out["_code"].to_numpy()))
        out = out.take(order)
    else:
        out = out.sort_values(["leerling", "datum", "regel"], kind="stable")
    return out.drop(columns="_code").reset_index(drop=True)


# --------------------------------------------------------------------------- reference


def evaluate_reference(
    register: pd.DataFrame, protocol: Protocol, calendar: Calendar
) -> pd.DataFrame:
    """The same semantics as :func:`evaluate`, as a plain per-pupil Python loop.

    Slow on purpose: it is the yardstick for correctness tests and the benchmark.
    """
    days = calendar.school_days.astype("datetime64[D]").tolist()
    index = {d: i for i, d in enumerate(days)}
    week, years = calendar.week_index.tolist(), calendar.year_of_day.tolist()
    cols = list(register.columns)
    by_pupil: dict[str, list[tuple]] = defaultdict(list)
    for row in register.itertuples(index=False):
        by_pupil[row.leerling].append(row)
    rows = []
    for rule in protocol.regels:
        for name, records in by_pupil.items():
            for fire in _reference_pupil(rule, records, cols, index, week, years, calendar):
                rows.append({"leerling": name, **fire})
    out = pd.DataFrame(rows, columns=["leerling", "datum", "regel", "waarde"])
    out["datum"] = pd.to_datetime(out["datum"]).astype("datetime64[s]")
    return out.sort_values(["leerling", "datum", "regel"], kind="stable").reset_index(drop=True)


def _reference_pupil(rule, records, cols, index, week, years, calendar):
    cond = rule.voorwaarden
    kept = []
    youngest: dict[int, int] = {}
    if "leeftijd" in cols:
        for r in records:
            y = years[index[r.datum.date()]]
            youngest[y] = min(youngest.get(y, 99), r.leeftijd)
    for r in records:
        d = r.datum.date() if hasattr(r.datum, "date") else r.datum
        t = index[d]
        if r.soort not in rule.soorten:
            continue
        if "leeftijd" in cols:
            if cond.leeftijd_min is not None and r.leeftijd < cond.leeftijd_min:
                continue
            if cond.leeftijd_max is not None and r.leeftijd > cond.leeftijd_max:
                continue
            if cond.meldplichtig:
                sq = bool(getattr(r, "startkwalificatie", False))
                volledig = r.leeftijd < 16 or (r.leeftijd == 16 and youngest[years[t]] < 16)
                if not (volledig or (r.leeftijd < (23 if cond.ook_18_plus else 18) and not sq)):
                    continue
        if (
            cond.onderwijstype is not None
            and "onderwijstype" in cols
            and r.onderwijstype not in cond.onderwijstype
        ):
            continue
        land = cond.landingsperiode
        if (
            land is not None
            and "onderwijstype" in cols
            and "inschrijfdatum" in cols
            and r.onderwijstype in land.onderwijstype
            and not pd.isna(r.inschrijfdatum)
        ):
            first = bisect.bisect_left(index_days(calendar), r.inschrijfdatum.date())
            if week[t] - week[first] < land.schoolweken:
                continue
        kept.append((t, d, float(r.uren)))
    per_day: dict[int, list] = {}
    for t, d, h in sorted(kept):
        if t in per_day:
            per_day[t][2] += h
        else:
            per_day[t] = [t, d, h]
    daylist = list(per_day.values())
    fires = []
    if rule.meting == "aaneengesloten_dagen":
        run, last_t, last_fire = 0, None, None
        for t, d, _ in daylist:
            run = run + 1 if last_t is not None and t == last_t + 1 else 1
            last_t = t
            if run == rule.drempel and (
                last_fire is None or (d - last_fire).days >= rule.min_dagen_tussen
            ):
                fires.append(
                    {"datum": d, "regel": rule.id, "waarde": float(run), "_year": years[t]}
                )
                last_fire = d
        return _reference_once(rule, fires)
    value_of = []
    prev_t = None
    for t, _d, h in daylist:
        if rule.meting == "uren":
            value_of.append(round(h * SCALE))
        elif rule.meting == "aantal":
            value_of.append(1)
        else:
            value_of.append(1 if prev_t is None or t != prev_t + 1 else 0)
        prev_t = t
    threshold = round(rule.drempel * SCALE) if rule.meting == "uren" else int(rule.drempel)
    last_fire_t, last_fire_d = None, None
    for i, (t, d, _) in enumerate(daylist):
        start = _reference_window_start(rule, t, week, years, calendar)
        if rule.herhaling == "eenmalig_per_schooljaar":
            start = max(start, calendar.year_start_day[years[t]])
        if last_fire_t is not None:
            start = max(start, last_fire_t + 1)
        total, j = 0, i
        while j >= 0 and daylist[j][0] >= start:  # walk back over the window only
            total += value_of[j]
            j -= 1
        gap_ok = last_fire_d is None or (d - last_fire_d).days >= rule.min_dagen_tussen
        if total >= threshold and gap_ok:
            waarde = total / SCALE if rule.meting == "uren" else float(total)
            fires.append({"datum": d, "regel": rule.id, "waarde": waarde, "_year": years[t]})
            last_fire_t, last_fire_d = t, d
    return _reference_once(rule, fires)


def index_days(calendar: Calendar) -> list:
    """The school days as a list of dates (cached on the calendar object)."""
    cached = calendar.__dict__.get("_days_list")
    if cached is None:
        cached = calendar.school_days.astype("datetime64[D]").tolist()
        calendar.__dict__["_days_list"] = cached
    return cached


def _reference_window_start(rule, t, week, years, calendar) -> int:
    v = rule.venster
    if v is None:
        return 0
    if v.eenheid == "schooldagen":
        return t - v.lengte + 1
    if v.eenheid == "schoolweken":
        first = max(week[t] - v.lengte + 1, 0)
        return int(calendar.week_start_day[first])
    return calendar.year_start_day[years[t]]


def _reference_once(rule, fires):
    if rule.herhaling == "eenmalig":
        fires = fires[:1]
    elif rule.herhaling == "eenmalig_per_schooljaar":
        seen, kept = set(), []
        for f in fires:
            if f["_year"] not in seen:
                seen.add(f["_year"])
                kept.append(f)
        fires = kept
    return [{k: v for k, v in f.items() if k != "_year"} for f in fires]


def summary_by_rule(signals: pd.DataFrame) -> pd.DataFrame:
    """Firings and pupils per rule."""
    if signals.empty:
        return pd.DataFrame(columns=["regel", "actie", "keer", "leerlingen"])
    g = signals.groupby(["regel", "actie"], sort=False)
    return g.agg(keer=("leerling", "size"), leerlingen=("leerling", "nunique")).reset_index()


# --------------------------------------------------------------------------- comparing

CONTACT = ("gesprek", "zorg")
LONG_ABSENCE = Regel(
    id="vier-weken-afwezig",
    titel="20 schooldagen op rij afwezig (ongeoorloofd of ziek)",
    soorten=["ongeoorloofd", "ziek"],
    meting="aaneengesloten_dagen",
    drempel=20,
    herhaling="eenmalig",
    actie="geen",
    soort_actie="signaal",
    aanpak="samenwerking",
)


def outcomes(register: pd.DataFrame, signals: pd.DataFrame, calendar: Calendar) -> dict:
    """What a protocol means for pupils and the officer, from its signals.

    - ``weken_tot_gesprek``: per pupil with absence, school weeks from the first absence
      (ongeoorloofd, te_laat, ziek or luxe) to the first conversation or care action
      (NaN when none came);
    - ``meldingen``, ``sancties``: number of reports and sanctions;
    - ``onopgemerkt``: pupils who reached 4 weeks (20 school days) of absence in a row
      before anyone had a conversation with them;
    - ``werklast``: signals for the leerplichtambtenaar per school week.
    """
    week_of = pd.Series(
        calendar.week_index, index=pd.DatetimeIndex(calendar.school_days.astype("datetime64[s]"))
    )
    absent = register[register["soort"].isin(["ongeoorloofd", "te_laat", "ziek", "luxe"])]
    first_absence = absent.groupby("leerling", observed=True)["datum"].min()
    contact = signals[signals["soort_actie"].isin(CONTACT)]
    first_contact = contact.groupby("leerling")["datum"].min().reindex(first_absence.index)
    weeks = week_of.reindex(first_contact).to_numpy(dtype=float) - week_of.reindex(
        first_absence
    ).to_numpy(dtype=float)
    long = evaluate(
        register, Protocol(naam="lang", titel="lang", regels=[LONG_ABSENCE]), calendar
    ).set_index("leerling")["datum"]
    seen_before = first_contact.reindex(long.index)
    unseen = int((seen_before.isna() | (seen_before > long)).sum())
    officer = signals[signals["uitvoerder"] == "leerplicht"]
    load = officer.groupby(week_of.reindex(officer["datum"]).to_numpy()).size()
    return {
        "weken_tot_gesprek": pd.Series(weeks, index=first_absence.index),
        "meldingen": int((signals["soort_actie"] == "melding").sum()),
        "sancties": int((signals["soort_actie"] == "sanctie").sum()),
        "lang_afwezig": len(long),
        "onopgemerkt": unseen,
        "werklast": load,
    }


def compare(
    register: pd.DataFrame,
    protocols: list[Protocol],
    calendar: Calendar,
    signals: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """One row per protocol with the headline figures of :func:`outcomes`.

    ``signals`` (protocol name -> output of :func:`evaluate`) saves evaluating again.
    """
    rows = []
    for proto in protocols:
        found = (signals or {}).get(proto.naam)
        if found is None:
            found = evaluate(register, proto, calendar)
        res = outcomes(register, found, calendar)
        weeks = res["weken_tot_gesprek"]
        rows.append(
            {
                "protocol": proto.naam,
                "leerlingen_met_gesprek": int(weeks.notna().sum()),
                "mediaan_weken_tot_gesprek": float(weeks.median()) if weeks.notna().any() else None,
                "meldingen": res["meldingen"],
                "sancties": res["sancties"],
                "vier_weken_afwezig": res["lang_afwezig"],
                "waarvan_zonder_gesprek": res["onopgemerkt"],
                "taken_leerplicht": int(res["werklast"].sum()),
                "piek_per_week": int(res["werklast"].max()) if len(res["werklast"]) else 0,
            }
        )
    return pd.DataFrame(rows).set_index("protocol")
