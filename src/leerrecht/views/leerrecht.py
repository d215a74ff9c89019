"""Views for 08_leerrecht: the positions, the comparison table, the indicator panel and the
cohort-report section on the stance exercise.

Data come from :mod:`leerrecht.domain.leerrecht` (positions, comparison, statements) and
:mod:`leerrecht.domain.figures` (national figures, timeline, caveats); the panel draws each
indicator with :func:`leerrecht.views.figures.plot_indicator` in the house style. Every text is escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from leerrecht.core.i18n import Strings
from leerrecht.domain.answers import Answer
from leerrecht.domain.leerrecht import STANCES, LeerrechtData, Position, Statement
from leerrecht.views.htmlparts import esc, lang_attr, lang_span, table

NOTEBOOK = "08_leerrecht"
STANCE_KIND = "standpunt"

TEXT = Strings.load("views/leerrecht", "text")

# The positions, the comparison's cells, the statements and their arguments summarise or
# quote Dutch sources: they stay Dutch, marked lang="nl" on a page in another language.
SOURCE_LANGUAGE = "nl"


def source_lang(taal: str) -> str:
    """The ``lang`` attribute for an element holding text from the Dutch sources."""
    return lang_attr(SOURCE_LANGUAGE, taal)


def _links(urls: Iterable[str], taal: str) -> str:
    return ", ".join(
        f'<a href="{esc(u)}" target="_blank" rel="noopener">{esc(TEXT("source_n", taal, n=i))}</a>'
        for i, u in enumerate(urls, 1)
    )


def _source_list(position: Position, taal: str = "nl") -> str:
    return "<br>".join(
        f'<a href="{esc(s.url)}" target="_blank" rel="noopener"{source_lang(taal)}>'
        f"{esc(s.titel)}</a> <small>({esc(TEXT('source_' + s.soort, taal))})</small>"
        for s in position.bronnen
    )


def positions_html(data: LeerrechtData, taal: str = "nl") -> str:
    """Who says what: one row per position, in date order, critics and sources included."""
    from leerrecht.domain.figures import parse_partial_date

    rows, nl = [], source_lang(taal)
    for p in sorted(data.positions, key=lambda p: parse_partial_date(p.datum)):
        who = (
            f"<b{nl}>{esc(p.wie)}</b><br><i{nl}>{esc(p.titel)}</i><br>{esc(p.datum)} · "
            f"{esc(TEXT('kind_' + p.soort, taal))}"
        )
        status = f"{lang_span(p.status, nl)}"
        if not p.status_zeker:
            status += f"<br><small>{esc(TEXT('latest_source', taal, date=p.status_per))}</small>"
        critique = "".join(
            f"<p>{lang_span(c.tekst, nl)} "
            f"<small>({_links((s.url for s in c.bronnen), taal)})</small></p>"
            for c in p.kritiek
        )
        rows.append(
            [
                who,
                f"{lang_span(p.voorstel, nl)}",
                f"{lang_span(p.ambtenaar, nl)}",
                status,
                critique or "—",
                _source_list(p, taal),
            ]
        )
    header = [
        TEXT(k, taal)
        for k in ("col_who", "col_proposal", "col_officer", "col_status", "col_critique")
    ]
    return table([*header, TEXT("col_sources", taal)], rows, css_class="lr-table lr-posities")


def comparison_html(data: LeerrechtData, taal: str = "nl") -> str:
    """Today's law against the proposals: one row per aspect, each cell with its sources."""
    rows, nl = [], source_lang(taal)
    for aspect in data.aspects:
        cells = [f"<b>{esc(aspect.title(taal))}</b>"]
        for column in data.columns:
            cell = aspect.cellen[column.id]
            cells.append(
                f"{lang_span(cell.tekst, nl)}<br><small>{_links(cell.bronnen, taal)}</small>"
            )
        rows.append(cells)
    header = [TEXT("col_aspect", taal), *(c.title(taal) for c in data.columns)]
    return table(header, rows, css_class="lr-table lr-vergelijking")


def indicator_panel(
    data: LeerrechtData,
    figures_df: Any,
    timeline: Any,
    caveats: Any,
    info: Any,
    taal: str = "nl",
) -> tuple[Any, list[str]]:
    """One figure, one row per chosen indicator, the chosen policy events marked on each.

    Returns the figure and the caveats of every row, numbered per row as drawn
    (``"<title> (n) <text>"``).
    """
    from leerrecht.views.figures import plot_indicator
    from leerrecht.views.plots import house_style, new_figure

    choice = data.indicators
    marked = timeline.assign(in_grafiek=timeline["datum"].isin(list(choice.gebeurtenissen)))
    names = [i.naam for i in choice.indicatoren]
    notes: list[str] = []
    with house_style():
        fig, axes = new_figure(len(names), 1, figsize=(10, 3.3 * len(names)), sharex=True)
        axes = list(axes) if len(names) > 1 else [axes]
        for index, (ax, name) in enumerate(zip(axes, names, strict=True)):
            # Event labels only on the top row (readable); the lines themselves on every row.
            events = marked if index == 0 else None
            found = plot_indicator(
                ax, figures_df, name, choice.van, choice.tot, events, caveats, info, taal
            )
            if index:
                for _, event in marked[marked["in_grafiek"]].iterrows():
                    ax.axvline(event["jaar"], color="#888888", ls="--", lw=0.9, zorder=1)
            notes += [f"{_title(info, name, taal)} ({n}) {text}" for n, text in enumerate(found, 1)]
            if index < len(names) - 1:
                ax.set_xlabel("")
        fig.suptitle(TEXT("panel_title", taal), x=0.08, y=0.995, ha="left", fontweight="bold")
        fig.subplots_adjust(left=0.08, right=0.8, top=0.93, bottom=0.08, hspace=0.35)
    return fig, notes


def _title(info: Any, name: str, taal: str) -> str:
    if info is None or name not in info.index:
        return name
    return str(info.loc[name, "titel" if taal == "nl" else "titel_en"])


def reading_html(data: LeerrechtData, taal: str = "nl") -> str:
    """Per chosen indicator: what it can show and what it cannot."""
    rows = [
        [esc(i.naam), *(esc(text) for text in i.reading(taal))] for i in data.indicators.indicatoren
    ]
    return table([TEXT(k, taal) for k in ("col_indicator", "col_can", "col_cannot")], rows)


def sources_markdown(data: LeerrechtData) -> str:
    """Every source URL of the data as a sorted Markdown list (for the Bronnen section)."""
    return "\n".join(f"- {url}" for url in sorted(data.urls()))


# --------------------------------------------------------------------------- cohort report


def stances(answers: Iterable[Answer]) -> dict[str, dict[str, list[str]]]:
    """Per statement, per trainee, the stances in the order given (first … last)."""
    found: dict[str, dict[str, list[str]]] = {}
    for a in answers:
        if a.notebook == NOTEBOOK and a.kind == STANCE_KIND and a.option in STANCES:
            found.setdefault(a.question, {}).setdefault(a.trainee, []).append(a.option)
    return found


def stance_report_html(
    answers: Sequence[Answer], statements: Sequence[Statement], taal: str = "nl"
) -> str:
    """The report section: per statement the final stances, who changed, and the reflections
    from 08_leerrecht. Trainee names and texts are escaped."""
    by_statement = stances(answers)
    parts = []
    for statement in statements:
        given = by_statement.get(statement.id)
        if not given:
            continue
        final = Counter(history[-1] for history in given.values())
        changed = sum(history[0] != history[-1] for history in given.values())
        items = []
        for trainee, history in sorted(given.items()):
            line = f"<b>{esc(trainee)}</b>: {esc(TEXT('stance_' + history[-1], taal))}"
            if history[0] != history[-1]:
                first = TEXT("stance_" + history[0], taal)
                line += f" <small>({esc(TEXT('earlier', taal, stance=first))})</small>"
            items.append(f"<li>{line}</li>")
        counts = TEXT(
            "stance_counts",
            taal,
            n=len(given),
            changed=changed,
            **{s: final.get(s, 0) for s in STANCES},
        )
        parts.append(
            f'<div class="lr-stance-report" data-statement="{esc(statement.id)}">'
            f"<h4{source_lang(taal)}>{esc(statement.stelling)}</h4><p>{esc(counts)}</p>"
            f"<ul>{''.join(items)}</ul></div>"
        )
    if not parts:
        parts.append(f"<p>{esc(TEXT('no_stances', taal))}</p>")
    return "".join(parts)


def reflections_report_html(
    answers: Sequence[Answer], data: LeerrechtData, taal: str = "nl"
) -> str:
    """The reflections from 08_leerrecht, with their question texts (via the report module)."""
    from leerrecht.views import report

    mine = [a for a in answers if a.notebook == NOTEBOOK]
    # Keyed by notebook instead of the (empty) case, so the heading names where they come from.
    questions = {(NOTEBOOK, r.id): r.question(taal) for r in data.reflections}
    found = {(NOTEBOOK, q): texts for (_case, q), texts in report.reflections(mine).items()}
    return f"<h4>{esc(TEXT('reflections', taal))}</h4>" + report.reflections_html(
        found, questions, taal
    )


def report_section_html(answers: Sequence[Answer], data: LeerrechtData, taal: str = "nl") -> str:
    """Everything the cohort report shows about 08_leerrecht, with its own heading."""
    return (
        f'<section class="lr-report-leerrecht"><h2>{esc(TEXT("report_title", taal))}</h2>'
        f"<p>{esc(TEXT('report_intro', taal))}</p>"
        + stance_report_html(answers, data.statements, taal)
        + reflections_report_html(answers, data, taal)
        + "</section>"
    )
