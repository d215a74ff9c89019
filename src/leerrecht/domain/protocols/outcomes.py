"""What a protocol's signals mean for pupils and for the officer: summaries and comparisons."""

from __future__ import annotations

import pandas as pd

from leerrecht.domain.calendar import Calendar
from leerrecht.domain.protocols.engine import evaluate
from leerrecht.domain.protocols.schema import Protocol, Regel


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
