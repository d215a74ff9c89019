"""Notebook 03 on the page: which data, the comparison table and the three figures.

Every figure says under it where its data came from: a simulated school (with its seed)
or the register file, so that a figure copied into a report keeps its provenance.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

from leerrecht.core.i18n import Strings

TEXT = Strings.load("views/protocols", "text")
ROWS = Strings.load("views/protocols", "rows")  # the comparison table, in this order


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
    width = max(len(ROWS(key, taal)) for key in ROWS.table)
    col = max(14, *(len(n) + 2 for n in names))
    lines = [" " * width + "".join(f"{n:>{col}}" for n in names)]
    for key in ROWS.table:
        cells = []
        for n in names:
            value = table.loc[n, key]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                cells.append(f"{'—':>{col}}")
            elif key.startswith("mediaan"):
                cells.append(f"{float(value):>{col}.1f}")
            else:
                cells.append(f"{int(value):>{col}d}")
        lines.append(ROWS(key, taal).ljust(width) + "".join(cells))
    return "\n".join(lines)


@contextmanager
def _figure(caption: str, *grid: int, **options: Any) -> Iterator[tuple[Any, Any]]:
    """A house-style figure (``new_figure(*grid, **options)``) that, once drawn, gets its
    layout and the data caption under it."""
    from leerrecht.views.plots import house_style, new_figure

    with house_style():
        fig, axes = new_figure(*grid, **options)
        yield fig, axes
        fig.tight_layout(rect=(0, 0.05, 1, 1))
        fig.text(0.01, 0.01, caption, fontsize=8, color="#444444", ha="left", va="bottom")


def weeks_figure(
    uitkomst: dict[str, dict], kleur: dict[str, str], caption: str, taal: str = "nl"
) -> Any:
    """One small panel per protocol (own scale), so a small group is never hidden behind a
    large one; each panel says how many pupils it holds."""
    names = list(uitkomst)
    figsize = (9, 1.2 + 2.0 * len(names))
    with _figure(caption, len(names), 1, figsize=figsize, sharex=True) as (fig, axes):
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
    return fig


def outcomes_figure(
    uitkomst: dict[str, dict], kleur: dict[str, str], caption: str, taal: str = "nl"
) -> Any:
    """Reports, sanctions and unseen long absence per protocol, each bar with its count."""
    soorten = ["meldingen", "sancties", "onopgemerkt"]
    with _figure(caption, figsize=(9, 4.4)) as (fig, ax):
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
    return fig


def workload_figure(
    uitkomst: dict[str, dict], kleur: dict[str, str], caption: str, taal: str = "nl"
) -> Any:
    """Tasks for the leerplichtambtenaar per school week, one line per protocol."""
    with _figure(caption, figsize=(9, 4.2)) as (fig, ax):
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
    return fig
