"""The numpy engine that runs a protocol over a validated attendance register.

The engine (:func:`evaluate`) is vectorised with numpy; the sequential "new window after a
report" is solved in rounds over all pupils at once (see :func:`_fire_rounds`). A plain
per-pupil loop with the same semantics lives in the tests (``tests/support``) as the
yardstick for correctness.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from leerrecht.core.errors import UserError
from leerrecht.domain.calendar import Calendar
from leerrecht.domain.protocols.schema import OUTPUT_COLUMNS, SCALE, SOORTEN, UNITS, Protocol, Regel

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
