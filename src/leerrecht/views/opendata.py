"""An open-data table beside a curated national figure, with its provenance on the figure.

The figure puts the curated trend (``data/landelijk``) on the left and one series of an
open-data table (``domain.opendata_series.series``) on the right; under both it prints
where the table came from: publisher, table id, file, URL, retrieval date, and, for the
shipped fixture, that its values are invented. :func:`text_alternative` gives the same
content as HTML tables for readers who cannot see the figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from leerrecht.core import paths
from leerrecht.core.formats import format_date, format_number
from leerrecht.core.i18n import Strings
from leerrecht.domain.figures import data_range
from leerrecht.domain.figures import series as curated_series
from leerrecht.views.htmlparts import esc
from leerrecht.views.htmlparts import table as html_table

TEXT = Strings.load("views/opendata", "text")
# Readable English names of the measures and regions the known tables have.
ENGLISH = {
    "Voortijdig schoolverlaters": "Early school leavers",
    "Deelnemers": "Students",
    "Verzuimmeldingen": "Absence reports",
    "Nederland": "Netherlands",
}
WARNING_COLOUR = "#D55E00"


def _en(text: str, taal: str) -> str:
    return ENGLISH.get(text, text) if taal == "en" else text


def _count(value: Any, taal: str) -> str:
    return TEXT("geen_waarde", taal) if pd.isna(value) else format_number(int(value), taal)


def _file_shown(herkomst: dict, *, full: bool = False) -> str:
    """The file or folder read: relative to the project when inside it, else its name
    (``full``: the path as given)."""
    pad = herkomst.get("pad")
    if not pad:
        return str(herkomst.get("tabel", ""))
    path = Path(pad)
    try:
        return path.resolve().relative_to(paths.ROOT).as_posix()
    except ValueError:
        return str(path) if full else path.name


def _retrieved(herkomst: dict, taal: str) -> str:
    day = herkomst.get("opgehaald")
    if not day:
        return TEXT("niet_opgehaald", taal)
    return TEXT("opgehaald", taal, datum=format_date(dt.date.fromisoformat(str(day)), taal))


def series_title(reeks: pd.DataFrame, taal: str = "nl") -> str:
    """``Voortijdig schoolverlaters, Nederland`` (with any other category chosen)."""
    info = reeks.attrs["reeks"]
    parts = [_en(info["titel"], taal), *(p for p in [info.get("regio")] if p)]
    parts += info.get("keuzes", [])
    return ", ".join(_en(p, taal) for p in parts)


def summary(reeks: pd.DataFrame, taal: str = "nl") -> str:
    """One line: which table, which series, how many periods (for the checked output)."""
    h = reeks.attrs["herkomst"]
    periods = list(reeks["periode"])
    return TEXT(
        "samenvatting",
        taal,
        bron=h.get("bron", ""),
        tabel=h.get("tabel", ""),
        test=TEXT("test_kort", taal) if h.get("testbestand") else "",
        reeks=series_title(reeks, taal),
        n=len(periods),
        eerste=periods[0] if periods else "–",
        laatste=periods[-1] if periods else "–",
        leeg=int(reeks["waarde"].isna().sum()),
    )


def provenance_lines(reeks: pd.DataFrame, taal: str = "nl") -> list[str]:
    """Where the right-hand series came from, one line per fact; the warning line last."""
    h = reeks.attrs["herkomst"]
    shown = _file_shown(h)
    first = TEXT("bron", taal, bron=h.get("bron", ""), tabel=h.get("tabel", ""))
    if shown and shown != h.get("tabel"):
        first += " (" + TEXT("bestand", taal, bestand=shown) + ")"
    lines = [first + ", " + _retrieved(h, taal), str(h.get("bron_url", ""))]
    if h.get("testbestand"):
        lines.append(TEXT("testbestand", taal, bron=h.get("bron", ""), tabel=h.get("tabel", "")))
    return lines


@dataclass(frozen=True)
class Comparison:
    """What notebook 04 puts side by side: the curated ``indicator`` of ``cijfers`` from
    ``first`` to ``last`` and an open-data series (``reeks``, from ``opendata_series``)."""

    reeks: pd.DataFrame
    cijfers: pd.DataFrame
    indicator: str
    first: str
    last: str
    info: pd.DataFrame | None = None
    taal: str = "nl"


def beside_figure(c: Comparison) -> Any:
    """The curated indicator (left) beside the open-data series (right), provenance below."""
    reeks, cijfers, indicator, info, taal = c.reeks, c.cijfers, c.indicator, c.info, c.taal
    from leerrecht.views.figures import plot_indicator, thousands
    from leerrecht.views.plots import NEUTRAL, house_style, new_figure

    first, last = data_range(cijfers, indicator, c.first, c.last)
    with house_style():
        fig, (left, right) = new_figure(
            1, 2, figsize=(11, FIG_HEIGHT_IN), gridspec_kw={"width_ratios": [1.6, 1]}
        )
        plot_indicator(left, cijfers, indicator, first, last, info=info, taal=taal)
        if left.get_legend() is not None:  # inside the plot: the right panel needs the room
            handles, labels = left.get_legend_handles_labels()
            left.legend(handles, labels, loc="upper left", fontsize=8)
        xs = list(range(len(reeks)))
        heights = [0 if pd.isna(v) else int(v) for v in reeks["waarde"]]
        right.bar(xs, heights, color="#0072B2", width=0.6, zorder=2)
        top = max(heights, default=0) or 1
        for x, value in zip(xs, reeks["waarde"], strict=True):
            right.text(
                x, (0 if pd.isna(value) else int(value)) + top * 0.02, _count(value, taal),
                ha="center", va="bottom", fontsize=9, color=NEUTRAL,
            )  # fmt: skip
        right.set_xticks(xs)
        right.set_xticklabels(list(reeks["periode"]), rotation=45, ha="right", fontsize=8)
        right.set_xlim(-0.7, max(len(xs), 2) - 0.3)
        right.set_ylim(0, top * 1.25)
        right.yaxis.set_major_formatter(thousands(taal))
        right.set_xlabel(TEXT("periode", taal))
        right.set_ylabel(TEXT("waarde", taal))
        meta = reeks.attrs["reeks"]
        right.set_title(
            f"{TEXT('open_data', taal)}: {_en(meta['titel'], taal)}\n"
            + ", ".join(_en(p, taal) for p in [meta.get("regio") or "", *meta["keuzes"]] if p),
            loc="left",
            fontsize=11,
        )
        _caption(fig, [TEXT("links", taal), *provenance_lines(reeks, taal)], FIG_HEIGHT_IN)
    return fig


FIG_HEIGHT_IN = 6.2
CAPTION_PT = 8.5  # font size of the provenance under the figure
WRAP_CHARS = 145  # about one line of the caption across the 11-inch figure


def _caption(fig: Any, lines: list[str], height_in: float) -> None:
    """The provenance under both panels: neutral lines, then the warning (wrapped) in colour.

    Lines are placed from the bottom up in fixed steps, and the axes end above them, so
    the caption never runs into the tick labels however many lines it has.
    """
    import textwrap

    from leerrecht.views.plots import NEUTRAL

    neutral, warning = lines[:3], lines[3:]
    wrapped = [w for line in warning for w in textwrap.wrap("⚠ " + line, WRAP_CHARS)]
    step = CAPTION_PT * 1.45 / 72 / height_in  # one line, as a fraction of the height
    y = 0.015
    for text in reversed(wrapped):
        fig.text(0.01, y, text, fontsize=CAPTION_PT, color=WARNING_COLOUR, fontweight="bold")
        y += step
    y += step * 0.4 if wrapped else 0
    for text in reversed(neutral):
        fig.text(0.01, y, text, fontsize=CAPTION_PT, color=NEUTRAL)
        y += step
    axes_bottom = y + 1.05 / height_in  # room for the rotated period labels and the axis label
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=axes_bottom, wspace=0.22)


def text_alternative(c: Comparison) -> str:
    """The figure as HTML: a sentence, then (folded open on a click) the plotted values of
    both panels and the provenance."""
    reeks, cijfers, indicator, info, taal = c.reeks, c.cijfers, c.indicator, c.info, c.taal
    first, last = data_range(cijfers, indicator, c.first, c.last)
    curated = curated_series(cijfers, indicator, first, last)
    name = indicator
    if info is not None and indicator in info.index:
        name = str(info.loc[indicator, "titel" if taal == "nl" else "titel_en"])
    links = f"{name}, {first} – {last}"
    rechts = (
        series_title(reeks, taal)
        + ": "
        + "; ".join(
            f"{p}: {_count(v, taal)}"
            for p, v in zip(reeks["periode"], reeks["waarde"], strict=True)
        )
    )
    sentence = TEXT("tekstversie", taal, links=links, rechts=rechts)
    left_rows = (
        [esc(y), esc(_count(v, taal))]
        for y, v in zip(curated["schooljaar"], curated["waarde"], strict=True)
        if not pd.isna(v)
    )
    right_rows = (
        [esc(p), esc(_en(r, taal)), esc(_count(v, taal))]
        for p, r, v in zip(reeks["periode"], reeks["regio"], reeks["waarde"], strict=True)
    )
    h = reeks.attrs["herkomst"]
    url = esc(h.get("bron_url", ""))
    facts = [
        [esc(TEXT("bron_kop", taal)), esc(h.get("bron", ""))],
        [esc(TEXT("tabel", taal)), esc(h.get("tabel", ""))],
        [esc(TEXT("bestand_kop", taal)), esc(_file_shown(h, full=True))],
        [esc(TEXT("url", taal)), f'<a href="{url}" target="_blank" rel="noopener">{url}</a>'],
        [esc(TEXT("datum", taal)), esc(_retrieved(h, taal))],
    ]
    facts += [[esc(TEXT("keuze", taal)), esc(k)] for k in reeks.attrs["reeks"]["keuzes"]]
    if h.get("testbestand"):
        warning = provenance_lines(reeks, taal)[-1]
        facts.append([esc(TEXT("let_op", taal)), f"<strong>{esc(warning)}</strong>"])
    return (
        f'<div class="lr-alt"><p>{esc(sentence)}</p>'
        f"<details><summary>{esc(TEXT('meer', taal))}</summary>"
        f"<h4>{esc(name)}</h4>"
        + html_table([TEXT("schooljaar", taal), TEXT("waarde", taal)], left_rows)
        + f"<h4>{esc(TEXT('open_data', taal))}: {esc(series_title(reeks, taal))}</h4>"
        + html_table([TEXT("periode", taal), TEXT("regio", taal), TEXT("waarde", taal)], right_rows)
        + f"<h4>{esc(TEXT('herkomst', taal))}</h4>"
        + html_table([TEXT("gegeven", taal), TEXT("inhoud", taal)], facts)
        + "</details></div>"
    )
