"""The walk's growing timeline as inline SVG, built from the data (no matplotlib per click).

Same content as :func:`leerrecht.views.widgets.timeline.timeline_figure`: stacked bars of
absence per school week by kind, the hours in the running 4-week period, the 16-hour
reporting line, the weeks where a report is due and the decision points reached. Drawing it
takes about a millisecond, so a click's consequence and the chart reach the page together.
Accessible: ``role="img"`` with a ``<title>`` and a ``<desc>`` that says in words what the
chart shows; colours are the Okabe–Ito set of :mod:`leerrecht.views.plots`.
"""

from __future__ import annotations

import math
from typing import Any

from leerrecht.core.formats import format_number
from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.meldplicht import THRESHOLD_HOURS
from leerrecht.views.htmlparts import esc
from leerrecht.views.plots import APPROACH_COLORS, HIGHLIGHT, KIND_COLORS, NEUTRAL
from leerrecht.views.widgets.timeline import (
    KIND_NAMES,
    TIMELINE_TEXT,
    TimelineData,
    tick_weeks,
    timeline_data,
)

SVG_TEXT = Strings.load("views/widgets/timeline_svg", "svg_text")

# Layout in SVG user units; the SVG scales to the width of the page (viewBox).
WIDTH, PLOT_H = 900, 200
LEFT, RIGHT, TOP = 56, 16, 40
FONT = "font-family:sans-serif;font-size:12px"
HALO = 'stroke="white" stroke-width="4" paint-order="stroke"'  # text stays legible on bars


def _nice_step(top: float, most: int = 6) -> int:
    """A readable y tick step (1, 2, 4, 5, 8, 10, 20 …) giving at most ``most`` ticks."""
    for step in (1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100):
        if top / step <= most:
            return step
    return int(math.ceil(top / most))


def _hours(value: float, taal: str) -> str:
    return format_number(round(value, 1), taal)


def summary(data: TimelineData, taal: str = "nl") -> str:
    """The chart in words (the SVG's ``<desc>``; also readable without the picture)."""
    parts = [SVG_TEXT("desc_weeks", taal, weeks=data.weeks)]
    totals = [
        SVG_TEXT("desc_hours", taal, kind=KIND_NAMES(kind, taal), hours=_hours(sum(row), taal))
        for kind, row in data.table.items()
        if kind in KIND_COLORS and sum(row) > 0
    ]
    parts.append(
        SVG_TEXT("desc_totals", taal, items=", ".join(totals))
        if totals
        else SVG_TEXT("desc_none", taal)
    )
    peak_week, (_s, peak, _d) = max(enumerate(data.windows, start=1), key=lambda w: w[1][1])
    if peak > 0:
        parts.append(SVG_TEXT("desc_peak", taal, hours=_hours(peak, taal), week=peak_week))
    due = data.due_weeks
    parts.append(
        SVG_TEXT("desc_due", taal, weeks=", ".join(map(str, due)))
        if due
        else SVG_TEXT("desc_not_due", taal)
    )
    if data.points:
        weeks = ", ".join(str(bm.week) for bm in data.points)
        parts.append(SVG_TEXT("desc_points", taal, weeks=weeks))
    return " ".join(parts)


def timeline_svg(case: Any, taal: str = "nl", walk: Any = None, *, ident: str = "lr-tl") -> str:
    """The timeline of ``case`` (or of ``walk``'s path so far) as an ``<svg>`` element."""
    taal = check_taal(taal)
    data = timeline_data(case, walk)
    kinds = [k for k in KIND_COLORS if k in data.table]
    stacks = [sum(data.table[k][i] for k in kinds) for i in range(data.weeks)]
    top = max([*stacks, *(t for _s, t, _d in data.windows), THRESHOLD_HOURS]) * 1.12
    step = _nice_step(top)
    top = step * math.ceil(top / step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, PLOT_H
    legend, height = _legend(kinds, taal, bool(data.due_weeks), TOP + plot_h + 50)
    slot = plot_w / data.weeks

    def x(week: float) -> float:  # centre of a week's slot
        return LEFT + (week - 0.5) * slot

    def y(hours: float) -> float:
        return TOP + plot_h * (1 - hours / top)

    out = [
        f'<svg class="lr-timeline-svg" role="img" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" style="max-width:{WIDTH}px;height:auto;{FONT}" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{esc(TIMELINE_TEXT("timeline_title", taal))}</title>',
        f'<desc id="{ident}-desc">{esc(summary(data, taal))}</desc>',
        f'<text x="{WIDTH / 2}" y="18" text-anchor="middle" font-weight="bold" '
        f'font-size="14">{esc(TIMELINE_TEXT("timeline_title", taal))}</text>',
    ]
    for h in range(0, int(top) + 1, step):  # y grid and labels
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(h):.1f}" y2="{y(h):.1f}" '
            f'stroke="#ddd"/><text x="{LEFT - 6}" y="{y(h) + 4:.1f}" text-anchor="end">{h}</text>'
        )
    out.append(
        f'<text transform="translate(14 {TOP + plot_h / 2}) rotate(-90)" '
        f'text-anchor="middle">{esc(TIMELINE_TEXT("timeline_hours", taal))}</text>'
    )
    bar_w = slot * 0.7
    for i in range(data.weeks):  # stacked bars
        base = 0.0
        for kind in kinds:
            hours = data.table[kind][i]
            if hours <= 0:
                continue
            out.append(
                f'<rect class="lr-bar lr-bar-{kind}" x="{x(i + 1) - bar_w / 2:.1f}" '
                f'y="{y(base + hours):.1f}" width="{bar_w:.1f}" '
                f'height="{y(base) - y(base + hours):.1f}" fill="{KIND_COLORS[kind]}">'
                f"<title>{esc(KIND_NAMES(kind, taal))}, week {i + 1}: "
                f"{_hours(hours, taal)}</title></rect>"
            )
            base += hours
    line_y = y(THRESHOLD_HOURS)
    red, blue = APPROACH_COLORS["handhaving"], APPROACH_COLORS["samenwerking"]
    out.append(
        f'<line class="lr-threshold" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{line_y:.1f}" '
        f'y2="{line_y:.1f}" stroke="{red}" stroke-width="2" stroke-dasharray="8 5"/>'
        f'<text x="{WIDTH - RIGHT - 4}" y="{line_y - 5:.1f}" text-anchor="end" fill="{red}" {HALO}>'
        f"{esc(TIMELINE_TEXT('timeline_line', taal))}</text>"
    )
    points = " ".join(f"{x(i + 1):.1f},{y(t):.1f}" for i, (_s, t, _d) in enumerate(data.windows))
    out.append(
        f'<polyline class="lr-rolling" points="{points}" fill="none" stroke="{NEUTRAL}" '
        'stroke-width="2"/>'
    )
    for i, (_s, t, due) in enumerate(data.windows):
        r, fill = (7, HIGHLIGHT) if due else (3.5, NEUTRAL)
        css = "lr-due" if due else "lr-window"
        out.append(
            f'<circle class="{css}" cx="{x(i + 1):.1f}" cy="{y(t):.1f}" r="{r}" '
            f'fill="{fill}" stroke="{NEUTRAL}"/>'
        )
    for n, bm in enumerate(data.points, start=1):  # decision points, numbered on top
        out.append(
            f'<line class="lr-point" x1="{x(bm.week):.1f}" x2="{x(bm.week):.1f}" y1="{TOP}" '
            f'y2="{TOP + plot_h}" stroke="{blue}" stroke-dasharray="2 4" stroke-width="1.5"/>'
            f'<text x="{x(bm.week):.1f}" y="{TOP - 4}" text-anchor="middle" fill="{blue}" '
            f'font-weight="bold">{n}</text>'
        )
    axis_y = TOP + plot_h
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis_y}" y2="{axis_y}" stroke="{NEUTRAL}"/>'
    )
    for week in tick_weeks(data.weeks):
        out.append(
            f'<text class="lr-tick" x="{x(week):.1f}" y="{axis_y + 16}" '
            f'text-anchor="middle">{week}</text>'
        )
    out.append(
        f'<text x="{LEFT + plot_w / 2}" y="{axis_y + 34}" text-anchor="middle">'
        f"{esc(TIMELINE_TEXT('timeline_week', taal))}</text>"
    )
    out.append(legend)
    out.append("</svg>")
    return "".join(out)


def _legend(kinds: list[str], taal: str, due: bool, top: float) -> tuple[str, float]:
    """Rows of swatches with names below the x-axis label; and the y where they end."""
    red, blue = APPROACH_COLORS["handhaving"], APPROACH_COLORS["samenwerking"]
    items = [
        (f'<rect width="12" height="12" fill="{KIND_COLORS[k]}"/>', KIND_NAMES(k, taal))
        for k in kinds
    ]
    items.append(
        (
            f'<line x1="0" x2="14" y1="6" y2="6" stroke="{NEUTRAL}" stroke-width="2"/>'
            f'<circle cx="7" cy="6" r="3" fill="{NEUTRAL}"/>',
            TIMELINE_TEXT("timeline_rolling", taal),
        )
    )
    items.append(
        (
            f'<line x1="0" x2="14" y1="6" y2="6" stroke="{red}" stroke-width="2" '
            'stroke-dasharray="4 2"/>',
            TIMELINE_TEXT("timeline_line", taal),
        )
    )
    if due:
        items.append(
            (
                f'<circle cx="7" cy="6" r="6" fill="{HIGHLIGHT}" stroke="{NEUTRAL}"/>',
                TIMELINE_TEXT("timeline_report", taal),
            )
        )
    items.append(
        (
            f'<line x1="7" x2="7" y1="0" y2="12" stroke="{blue}" stroke-width="1.5" '
            'stroke-dasharray="2 2"/>',
            TIMELINE_TEXT("timeline_decision", taal),
        )
    )
    out, cx, cy = ['<g class="lr-legend" aria-hidden="true">'], float(LEFT), top
    for swatch, label in items:
        width = 22 + 5.9 * len(label)  # rough text width at 12px
        if cx + width > WIDTH - RIGHT:
            cx, cy = float(LEFT), cy + 18
        out.append(
            f'<g transform="translate({cx:.0f} {cy:.0f})">{swatch}'
            f'<text x="18" y="11">{esc(label)}</text></g>'
        )
        cx += width + 14
    out.append("</g>")
    return "".join(out), cy + 18
