"""The language side of the national figures: a data text in the edition's language, and
the printed summary (re-exported by :mod:`leerrecht.domain.figures`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from leerrecht.core.i18n import Strings

__all__ = ["local", "summary"]

SUMMARY = Strings.load("domain/figures", "summary")


def local(row: Any, name: str, taal: str = "nl") -> str:
    """Text column ``name`` of a row in ``taal``: under ``en`` its ``<name>_en`` twin when the
    data give one (a trainer's own data folder may be Dutch only), else the Dutch text."""
    dutch = row.get(name)
    if taal == "en" and isinstance(row.get(f"{name}_en"), str) and row.get(f"{name}_en"):
        return row.get(f"{name}_en")
    return dutch if isinstance(dutch, str) else ""


def summary(df: pd.DataFrame, taal: str = "nl") -> str:
    """A short deterministic text: how many values, per kind of source, per indicator."""
    kinds = df["bron_soort"].value_counts()
    counts = ", ".join(
        f"{SUMMARY(k, taal)} {int(kinds.get(k, 0))}" for k in ("primair", "secundair", "afgeleid")
    )
    lines = [
        SUMMARY(
            "kop",
            taal,
            waarden=len(df),
            indicatoren=df["indicator"].nunique(),
            van=df["schooljaar"].min(),
            tot=df["schooljaar"].max(),
        ),
        SUMMARY("soorten", taal, soorten=counts),
    ]
    for name, part in df.groupby("indicator", sort=True):
        n = len(part)
        span = f"{part['schooljaar'].min()} – {part['schooljaar'].max()}"
        jaren = SUMMARY("jaar" if n == 1 else "jaren", taal)
        lines.append(f"  {name}: {n} {jaren} ({span})")
    return "\n".join(lines)
