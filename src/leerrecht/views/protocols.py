"""Notebook 03 on the page: which data, the comparison table and the three figures.

Every figure says under it where its data came from: a simulated school (with its seed)
or the register file, so that a figure copied into a report keeps its provenance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from leerrecht.core.i18n import Strings

TEXT = Strings.load("views/protocols", "text")
ROWS = {
    "leerlingen_met_gesprek": {"nl": "leerlingen met een gesprek", "en": "pupils with a talk"},
    "mediaan_weken_tot_gesprek": {
        "nl": "mediaan schoolweken tot eerste gesprek",
        "en": "median school weeks to first talk",
    },
    "meldingen": {"nl": "meldingen", "en": "reports"},
    "sancties": {"nl": "sancties", "en": "sanctions"},
    "vier_weken_afwezig": {
        "nl": "leerlingen 20 schooldagen op rij afwezig",
        "en": "pupils absent 20 school days in a row",
    },
    "waarvan_zonder_gesprek": {
        "nl": "  van wie zonder gesprek ervoor",
        "en": "  of whom without a talk before",
    },
    "taken_leerplicht": {"nl": "taken voor leerplicht", "en": "tasks for the officer"},
    "piek_per_week": {"nl": "drukste week (taken)", "en": "busiest week (tasks)"},
}


def data_caption(
    register: pd.DataFrame,
    *,
    regio: str,
    seed: int | None = None,
    leerlingen: int | None = None,
    schooljaar: int | None = None,
    taal: str = "nl",
) -> str:
    """Where the data came from: the register file (``register.attrs['bron']``) or the
    simulation with its seed."""
    bron = register.attrs.get("bron")
    if bron:
        return TEXT(
            "bestand",
            taal,
            bestand=bron["bestand"],
            n=register["leerling"].nunique(),
            regels=len(register),
            regio=regio,
        )
    jaar = f"{schooljaar}-{schooljaar + 1}" if schooljaar is not None else "?"
    return TEXT("gesimuleerd", taal, n=leerlingen, seed=seed, jaar=jaar, regio=regio)


def comparison_text(table: pd.DataFrame, taal: str = "nl") -> str:
    """:func:`~leerrecht.domain.protocols.compare` as aligned text: counts as integers."""
    names = list(table.index)
    width = max(len(label[taal]) for label in ROWS.values())
    col = max(14, *(len(n) + 2 for n in names))
    lines = [" " * width + "".join(f"{n:>{col}}" for n in names)]
    for key, label in ROWS.items():
        cells = []
        for n in names:
            value = table.loc[n, key]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                cells.append(f"{'—':>{col}}")
            elif key.startswith("mediaan"):
                cells.append(f"{float(value):>{col}.1f}")
            else:
                cells.append(f"{int(value):>{col}d}")
        lines.append(label[taal].ljust(width) + "".join(cells))
    return "\n".join(lines)


def _caption(fig: Any, caption: str) -> None:
    fig.text(0.01, 0.01, caption, fontsize=8, color="#444444", ha="left", va="bottom")


def weeks_figure(
    uitkomst: dict[str, dict], kleur: dict[str, str], caption: str, taal: str = "nl"
) -> Any:
    """One small panel per protocol (own scale), so a small group is never hidden behind a
    large one; each panel says how many pupils it holds."""
    from leerrecht.views.plots import house_style, new_figure

    names = list(uitkomst)
    with house_style():
        fig, axes = new_figure(len(names), 1, figsize=(9, 1.2 + 2.0 * len(names)), sharex=True)
        axes = np.atleast_1d(axes)
        bins = np.arange(0, 46, 2)
        for ax, naam in zip(axes, names, strict=True):
            weken = uitkomst[naam]["weken_tot_gesprek"].dropna()
            counts, _ = np.histogram(weken, bins=bins)
            ax.bar(bins[:-1], counts, width=1.8, align="edge", color=kleur[naam])
            label = (
                TEXT("met_gesprek", taal, n=len(weken))
                if len(weken)
                else TEXT("geen_gesprek", taal)
            )
            ax.set_title(f"{naam}: {label}", loc="left", fontsize=10)
            ax.set_ylabel(TEXT("leerlingen", taal))
            ax.yaxis.get_major_locator().set_params(integer=True)
            ax.set_ylim(bottom=0, top=max(int(counts.max()) if len(counts) else 0, 1) * 1.15)
        axes[-1].set_xlabel(TEXT("weken", taal))
        fig.suptitle(TEXT("t1", taal), x=0.01, ha="left")
        fig.tight_layout(rect=(0, 0.05, 1, 1))
        _caption(fig, caption)
    return fig


def outcomes_figure(
    uitkomst: dict[str, dict], kleur: dict[str, str], caption: str, taal: str = "nl"
) -> Any:
    """Reports, sanctions and unseen long absence per protocol, each bar with its count."""
    from leerrecht.views.plots import house_style, new_figure

    soorten = ["meldingen", "sancties", "onopgemerkt"]
    with house_style():
        fig, ax = new_figure(figsize=(9, 4.4))
        breedte = 0.8 / max(len(uitkomst), 1)
        for i, (naam, res) in enumerate(uitkomst.items()):
            x = np.arange(len(soorten)) + i * breedte
            values = [int(res[s]) for s in soorten]
            bars = ax.bar(x, values, width=breedte, color=kleur[naam], label=naam)
            ax.bar_label(bars, labels=[str(v) for v in values], fontsize=8, padding=2)
        ax.set_xticks(np.arange(len(soorten)) + breedte * (len(uitkomst) - 1) / 2)
        ax.set_xticklabels([TEXT(s, taal) for s in soorten])
        ax.set_ylabel(TEXT("aantal", taal))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title(TEXT("t2", taal), loc="left")
        ax.legend()
        fig.tight_layout(rect=(0, 0.05, 1, 1))
        _caption(fig, caption)
    return fig


def workload_figure(
    uitkomst: dict[str, dict], kleur: dict[str, str], caption: str, taal: str = "nl"
) -> Any:
    """Tasks for the leerplichtambtenaar per school week, one line per protocol."""
    from leerrecht.views.plots import house_style, new_figure

    with house_style():
        fig, ax = new_figure(figsize=(9, 4.2))
        start = min(
            (int(r["werklast"].index.min()) for r in uitkomst.values() if len(r["werklast"])),
            default=0,
        )
        for naam, res in uitkomst.items():
            werk = res["werklast"]
            if len(werk):
                ax.plot(werk.index - start + 1, werk.to_numpy(), color=kleur[naam], label=naam)
        ax.set_xlabel(TEXT("week", taal))
        ax.set_ylabel(TEXT("taken", taal))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylim(bottom=0)
        ax.set_title(TEXT("t3", taal), loc="left")
        ax.legend()
        fig.tight_layout(rect=(0, 0.05, 1, 1))
        _caption(fig, caption)
    return fig
