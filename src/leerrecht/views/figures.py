"""National figures on the page: trend plots with the policy timeline, and HTML tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

from leerrecht.core.i18n import Strings
from leerrecht.domain.figures import (
    CORONA_YEAR,
    caveats_for,
    data_range,
    local,
    schoolyear_x,
    series,
    split_urls,
)
from leerrecht.views.htmlparts import esc
from leerrecht.views.htmlparts import table as html_table

TEXT = Strings.load("views/figures", "text")
KIND_MARKERS = {"primair": "s", "secundair": "o", "afgeleid": "D"}


def plot_indicator(
    ax: Any,
    df: pd.DataFrame,
    indicator: str,
    first: str,
    last: str,
    timeline: pd.DataFrame | None = None,
    caveats: pd.DataFrame | None = None,
    info: pd.DataFrame | None = None,
    taal: str = "nl",
) -> list[str]:
    """Draw one indicator's trend on ``ax`` with the policy timeline and caveats.

    Gaps stay gaps (no line through missing years); the marker shape shows the kind of
    source. Returns the caveat texts, numbered as the figure shows them.
    """
    from leerrecht.views.plots import HIGHLIGHT, NEUTRAL

    data = series(df, indicator, first, last)
    xs = [schoolyear_x(y) for y in data["schooljaar"]]
    lo, hi = xs[0] - 0.5, xs[-1] + 0.5
    ax.set_xlim(lo, hi)
    if CORONA_YEAR in set(data["schooljaar"]):
        x0 = schoolyear_x(CORONA_YEAR)
        ax.axvspan(x0 - 0.5, x0 + 0.5, color=HIGHLIGHT, alpha=0.35, lw=0, zorder=0)
        ax.text(
            x0,
            0.02,
            TEXT("corona", taal),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color=NEUTRAL,
        )
    ax.plot(xs, data["waarde"], color=NEUTRAL, lw=1.6, zorder=2)
    for kind, marker in KIND_MARKERS.items():
        part = data[data["bron_soort"] == kind]
        if len(part):
            ax.scatter(
                [schoolyear_x(y) for y in part["schooljaar"]],
                part["waarde"],
                marker=marker,
                s=36,
                color=NEUTRAL,
                edgecolor="white",
                zorder=3,
                label=TEXT(kind, taal),
            )
    notes: list[str] = []
    if caveats is not None:
        for _, cav in caveats_for(caveats, indicator, data["schooljaar"]).iterrows():
            if cav["schooljaar"] == CORONA_YEAR:
                continue
            notes.append(f"{cav['schooljaar']}: {local(cav, 'kanttekening', taal)}")
            ax.text(
                schoolyear_x(cav["schooljaar"]),
                0.02,
                f"({len(notes)})",
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=8,
                color=NEUTRAL,
            )
    rows = 0
    if timeline is not None:
        shown = timeline[timeline["in_grafiek"] & timeline["jaar"].between(lo, hi)]
        rows = _event_labels(ax, shown.sort_values("jaar"), lo, hi, taal)
    ax.set_xticks(xs)
    ax.set_xticklabels(list(data["schooljaar"]), rotation=45, ha="right", fontsize=8)
    ax.set_xlabel(TEXT("schooljaar", taal))
    title, unit = indicator, ""
    if info is not None and indicator in info.index:
        title = indicator_text(info, indicator, "titel", taal)
        unit = info.loc[indicator, "eenheid"]
    ax.set_title(title, loc="left", pad=6 + 11 * rows)  # above the strip of event labels
    if unit in TEXT:
        unit = TEXT(unit, taal)
    ax.set_ylabel(TEXT("aantal", taal, eenheid=unit) if unit else "")
    ax.set_ylim(
        bottom=0,
        top=max(data["waarde"].max(skipna=True) * 1.6, 1) if data["waarde"].notna().any() else 1,
    )
    ax.yaxis.set_major_formatter(thousands(taal))
    if data["waarde"].notna().any():
        from matplotlib.lines import Line2D

        handles, _labels = ax.get_legend_handles_labels()
        if timeline is not None:
            handles.append(
                Line2D([], [], color="#888888", ls="--", lw=0.9, label=TEXT("beleid", taal))
            )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    else:
        ax.text(0.5, 0.5, TEXT("geen_data", taal), transform=ax.transAxes, ha="center")
    return notes


AXES_WIDTH_PT = 530  # the axes of trend_figure are about this wide
CHAR_PT = 4.3  # average width of a character at 7.5 pt


def _event_labels(ax: Any, events: pd.DataFrame, lo: float, hi: float, taal: str = "nl") -> int:
    """Policy events as dashed lines with their labels in a strip above the plot.

    A label goes on the first row where it does not overlap the label before it, so close
    events never print over each other or over the data. Returns the number of rows.
    """
    years_per_pt = (hi - lo) / AXES_WIDTH_PT
    row_end: list[float] = []
    for _, ev in events.iterrows():
        x = float(ev["jaar"])
        label = local(ev, "label", taal)
        width = (len(label) * CHAR_PT + 6) * years_per_pt
        row = next((i for i, end in enumerate(row_end) if end < x), len(row_end))
        if row == len(row_end):
            row_end.append(x + width)
        else:
            row_end[row] = x + width
        ax.axvline(x, color="#888888", ls="--", lw=0.9, zorder=1)
        ax.text(
            x,
            1.01 + 0.065 * row,
            label,
            transform=ax.get_xaxis_transform(),
            ha="left",
            va="bottom",
            fontsize=7.5,
            color="#444444",
            clip_on=False,
        )
    return len(row_end)


def thousands(taal: str) -> Any:
    """A tick formatter with the thousands separator of ``taal`` (5.000 or 5,000)."""
    from matplotlib.ticker import FuncFormatter

    sep = "." if taal == "nl" else ","
    return FuncFormatter(lambda v, _pos: f"{v:,.0f}".replace(",", sep))


def trend_figure(
    df: pd.DataFrame,
    indicator: str,
    first: str,
    last: str,
    timeline: pd.DataFrame | None = None,
    caveats: pd.DataFrame | None = None,
    info: pd.DataFrame | None = None,
    taal: str = "nl",
    trim: bool = True,
) -> tuple[Any, list[str]]:
    """A house-style figure with one indicator's trend; returns (figure, numbered caveats)."""
    from leerrecht.views.plots import house_style, new_figure

    if trim:
        first, last = data_range(df, indicator, first, last)
    with house_style():
        fig, ax = new_figure(figsize=(10, 4.4))
        notes = plot_indicator(ax, df, indicator, first, last, timeline, caveats, info, taal)
        # Fixed margins (room for the legend on the right): cheaper than tight_layout.
        fig.subplots_adjust(left=0.08, right=0.82, top=0.74, bottom=0.2)
    return fig, notes


# --------------------------------------------------------------------------- HTML tables


def sources_table(df: pd.DataFrame, taal: str = "nl") -> pd.DataFrame:
    """One row per source URL: its kind, the indicators and school years it supplies."""
    rows = []
    for _, row in df.iterrows():
        for url in split_urls(row["bron_url"]):
            rows.append(
                {
                    "url": url,
                    "soort": TEXT(f"soort_{row['bron_soort']}", taal),
                    "ind": row["indicator"],
                    "jaar": row["schooljaar"],
                }
            )
    if not rows:
        return pd.DataFrame(
            columns=[TEXT(k, taal) for k in ("bron", "soort", "indicatoren", "jaren", "waarden")]
        )
    long = pd.DataFrame(rows)
    table = long.groupby("url").agg(
        soort=("soort", lambda s: ", ".join(sorted(set(s)))),
        ind=("ind", lambda s: ", ".join(sorted(set(s)))),
        jaar=("jaar", lambda s: _year_span(sorted(set(s)))),
        n=("jaar", "size"),
    )
    table = table.reset_index().sort_values(["soort", "url"], ignore_index=True)
    table.columns = [TEXT(k, taal) for k in ("bron", "soort", "indicatoren", "jaren", "waarden")]
    return table


def _year_span(years: list[str]) -> str:
    return years[0] if len(years) == 1 else f"{years[0]} – {years[-1]} ({len(years)})"


def _links(cell: str) -> str:
    return "<br>".join(
        f'<a href="{esc(u)}" target="_blank" rel="noopener">{esc(u)}</a>' for u in split_urls(cell)
    )


def indicator_text(info: pd.DataFrame, indicator: str, field: str, taal: str = "nl") -> str:
    """An indicator's ``titel`` or ``definitie`` from :func:`indicator_table`, in ``taal``."""
    return local(info.loc[indicator], field, taal)


def _heads(keys: tuple[str, ...], taal: str) -> list[str]:
    return [TEXT(k, taal) for k in keys]


def timeline_html(timeline: pd.DataFrame, taal: str = "nl") -> str:
    """The policy timeline as an HTML table (text escaped, sources as links)."""

    def event(r: pd.Series) -> str:
        note = local(r, "noot", taal)
        return esc(local(r, "gebeurtenis", taal)) + (f"<br><i>{esc(note)}</i>" if note else "")

    rows = (
        [
            esc(r["datum"]),
            event(r),
            esc(TEXT(f"soort_{r['bron_soort']}", taal)),
            _links(r["bron_url"]),
        ]
        for _, r in timeline.iterrows()
    )
    return html_table(_heads(("datum", "gebeurtenis", "soort_kop", "bron"), taal), rows)


def caveats_html(caveats: pd.DataFrame, info: pd.DataFrame | None = None, taal: str = "nl") -> str:
    """The caveats per school year as an HTML table."""

    def title(name: str) -> str:
        if name == "alle":
            return TEXT("alle", taal)
        known = info is not None and name in info.index
        return indicator_text(info, name, "titel", taal) if known else name

    rows = (
        [
            esc(r["schooljaar"]),
            esc(title(r["geldt_voor"])),
            esc(local(r, "kanttekening", taal)),
            _links(r["bron_url"]),
        ]
        for _, r in caveats.iterrows()
    )
    return html_table(_heads(("schooljaar", "geldt_voor", "kanttekening", "bron"), taal), rows)


def sources_html(table: pd.DataFrame) -> str:
    """A :func:`sources_table` as HTML with clickable links."""
    cols = list(table.columns)
    rows = ([_links(r[cols[0]]), *(esc(r[c]) for c in cols[1:])] for _, r in table.iterrows())
    return html_table(cols, rows)


def values_html(df: pd.DataFrame, indicator: str, taal: str = "nl") -> str:
    """The values of one indicator with kind of source and note, as an HTML table."""
    part = df[df["indicator"] == indicator]
    rows = (
        [
            esc(r["schooljaar"]),
            f"{r['waarde']:,.0f}".replace(",", "." if taal == "nl" else ","),
            esc(TEXT(f"soort_{r['bron_soort']}", taal)),
            esc(local(r, "noot", taal)),
        ]
        for _, r in part.iterrows()
    )
    return html_table(_heads(("schooljaar", "waarde", "soort_kop", "noot"), taal), rows)
