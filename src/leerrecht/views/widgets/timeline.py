"""A case's absence per school week against the 16-hour reporting line (matplotlib)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from leerrecht.core import vocab
from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.meldplicht import THRESHOLD_HOURS, window_totals
from leerrecht.views.plots import APPROACH_COLORS, HIGHLIGHT, KIND_COLORS, NEUTRAL

TIMELINE_TEXT = Strings.load("views/widgets/timeline", "timeline_text")

KIND_NAMES = vocab.labels("soort")

# Kinds of absence that count towards the 16-hour reporting line in the timeline view: the
# legal minimum counts only 'ongeoorloofd' (protocols/wettelijk-minimum.yml); counting
# lateness as well is school policy.
COUNTED_KINDS = ("ongeoorloofd",)


def weekly_hours(records: Iterable[dict[str, Any]], weeks: int) -> dict[str, list[float]]:
    """Hours per kind per school week 1..weeks, from ``{week, soort, uren}`` records."""
    table: dict[str, list[float]] = {}
    for rec in records:
        row = table.setdefault(rec["soort"], [0.0] * weeks)
        if 1 <= rec["week"] <= weeks:
            row[rec["week"] - 1] += float(rec["uren"])
    return table


def counted_per_week(table: dict[str, list[float]], weeks: int) -> list[float]:
    """Hours per week of the kinds that count towards the reporting line."""
    return [sum(table.get(k, [0.0] * weeks)[i] for k in COUNTED_KINDS) for i in range(weeks)]


def tick_weeks(weeks: int, most: int = 16) -> list[int]:
    """Week numbers to label on the x-axis: every week up to ``most``, else a readable step."""
    step = 1 if weeks <= most else (2 if weeks <= 2 * most else 4)
    return [x for x in range(1, weeks + 1) if x == 1 or x % step == 0]


@dataclass(frozen=True)
class TimelineData:
    """What a timeline chart shows, computed once for the matplotlib and the SVG drawing."""

    weeks: int
    table: dict[str, list[float]]  # hours per kind per school week 1..weeks
    windows: list[tuple[int, float, bool]]  # per week: (window start, hours in window, due)
    points: list[Any]  # decision points shown (each has .week)

    @property
    def xs(self) -> list[int]:
        return list(range(1, self.weeks + 1))

    @property
    def due_weeks(self) -> list[int]:
        return [x for x, (_s, _t, d) in zip(self.xs, self.windows, strict=True) if d]


def timeline_data(case: Any, walk: Any = None) -> TimelineData:
    """The weeks, hours and decision points of a case, or of a walk's path so far.

    With a ``walk`` (:class:`leerrecht.domain.scenario.Walk`) only what the trainee has
    reached counts: the story up to the current decision, the events of the choices
    taken, and the decision points on the path; the chart grows with the path."""
    if walk is None:
        records = case.verzuim_records()
        points = list(case.beslismomenten)
        last_event = max([item.week for item in case.tijdlijn] + [bm.week for bm in points])
    else:
        records = case.verzuim_records(case.visible_timeline(walk))
        points = [s.node.data for s in walk.steps]
        if walk.current is not None:
            points.append(walk.current.data)
        last_event = max([bm.week for bm in points] + [1])
    weeks = max([last_event] + [r["week"] for r in records])
    table = weekly_hours(records, weeks)
    windows = window_totals(counted_per_week(table, weeks))
    return TimelineData(weeks, table, windows, points)


def timeline_figure(case: Any, taal: str = "nl", walk: Any = None, figsize=(10.0, 4.2)):
    """Stacked bars of absence per school week by kind, the rolling 4-week sum of unauthorised
    hours, the 16-hour line and the decision points; returns the matplotlib figure.

    With a ``walk`` only what the trainee has reached is drawn (see :func:`timeline_data`);
    the static editions use this figure, the live walk draws :mod:`.timeline_svg`."""
    from leerrecht.views.plots import house_style, new_figure

    taal = check_taal(taal)
    data = timeline_data(case, walk)
    weeks, table, windows, points = data.weeks, data.table, data.windows, data.points
    xs = data.xs
    with house_style():
        fig, ax = new_figure(figsize=figsize)
        bottom = [0.0] * weeks
        for kind, colour in KIND_COLORS.items():
            if kind not in table:
                continue
            ax.bar(xs, table[kind], bottom=bottom, color=colour, label=KIND_NAMES(kind, taal))
            bottom = [b + h for b, h in zip(bottom, table[kind], strict=True)]
        ax.plot(
            xs,
            [t for _s, t, _d in windows],
            color=NEUTRAL,
            marker="o",
            label=TIMELINE_TEXT("timeline_rolling", taal),
        )
        due = data.due_weeks
        if due:
            ax.scatter(
                due,
                [windows[x - 1][1] for x in due],
                s=120,
                marker="*",
                zorder=5,
                color=HIGHLIGHT,
                edgecolors=NEUTRAL,
                label=TIMELINE_TEXT("timeline_report", taal),
            )
        ax.axhline(
            THRESHOLD_HOURS,
            color=APPROACH_COLORS["handhaving"],
            linestyle="--",
            label=TIMELINE_TEXT("timeline_line", taal),
        )
        for n, bm in enumerate(points, start=1):
            ax.axvline(
                bm.week,
                color=APPROACH_COLORS["samenwerking"],
                alpha=0.5,
                linestyle=":",
                label=TIMELINE_TEXT("timeline_decision", taal) if n == 1 else None,
            )
            ax.annotate(
                f"{n}",
                (bm.week, ax.get_ylim()[1]),
                ha="center",
                va="bottom",
                color=APPROACH_COLORS["samenwerking"],
                annotation_clip=False,
            )
        ax.set_xticks(tick_weeks(weeks))
        ax.set_xlim(0.4, weeks + 0.6)
        ax.set_xlabel(TIMELINE_TEXT("timeline_week", taal))
        ax.set_ylabel(TIMELINE_TEXT("timeline_hours", taal))
        ax.set_title(TIMELINE_TEXT("timeline_title", taal), pad=14)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        fig.tight_layout()
    return fig


def figure_png(fig) -> bytes:
    """The figure as PNG bytes (for an ipywidgets Image), and closed so it is not shown twice."""
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
