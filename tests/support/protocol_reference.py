"""A plain per-pupil reference implementation of the protocol engine's semantics.

Slow on purpose: the tests and ``benchmarks/protocol_engine.py`` compare the numpy engine
(:func:`leerrecht.domain.protocols.evaluate`) against it. It is not part of the package.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

import pandas as pd

from leerrecht.domain.calendar import Calendar
from leerrecht.domain.protocols import SCALE, Protocol


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
