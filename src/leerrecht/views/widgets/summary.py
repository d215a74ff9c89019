"""A live overview of the trainee's own choices across decision points."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as w

from leerrecht.core.i18n import check_taal
from leerrecht.views.htmlparts import esc
from leerrecht.views.plots import APPROACH_COLORS, NEUTRAL
from leerrecht.views.widgets.base import (
    APPROACH_NAMES,
    TEXT,
    Exercise,
    get,
    html_widget,
)
from leerrecht.views.widgets.decision import DecisionPoint


class ChoiceSummary(Exercise):
    """A live table of the trainee's choices across decision points, with approach counts."""

    def __init__(self, decisions: Iterable[DecisionPoint], *, taal: str = "nl"):
        self.decisions = list(decisions)
        self.taal = check_taal(taal)
        self.view = html_widget("", "lr-summary")
        self.widget = w.VBox([self.view])
        self.widget.add_class("lr-summary-box")
        for decision in self.decisions:
            decision.on_change(lambda _d: self.refresh())
        self.refresh()

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(APPROACH_COLORS, 0)
        for decision in self.decisions:
            if decision.current is not None:
                counts[decision.current.approach] = counts.get(decision.current.approach, 0) + 1
        return counts

    def refresh(self) -> None:
        self.view.value = self.fallback_html()

    def fallback_html(self) -> str:
        t = self.taal
        rows = []
        for n, decision in enumerate(self.decisions, start=1):
            choice = decision.current
            if choice is None:
                cells = f"<td>{esc(TEXT('not_chosen', t))}</td><td></td><td>0</td>"
            else:
                option = decision.option(choice.option)
                text = f"{decision._letter_of(choice.option)}. {get(option, 'tekst')}"
                colour = APPROACH_COLORS.get(choice.approach, NEUTRAL)
                cells = (
                    f"<td>{esc(text)}</td>"
                    f'<td style="color:{colour}"><b>{esc(APPROACH_NAMES(choice.approach, t))}'
                    f"</b></td><td>{len(decision.choices)}</td>"
                )
            rows.append(f"<tr><td>{n} ({esc(decision.id)})</td>{cells}</tr>")
        head = "".join(
            f"<th>{esc(TEXT(k, t))}</th>"
            for k in ("col_point", "col_choice", "col_approach", "col_changes")
        )
        counts = TEXT("count_line", t, **self.counts())
        if not any(d.current for d in self.decisions):
            counts = TEXT("summary_none", t)
        return (
            f'<div class="lr-summary-body"><h4>{esc(TEXT("summary_title", t))}</h4>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p>{esc(counts)}</p></div>"
        )

    def fallback_text(self) -> str:
        lines = [TEXT("summary_title", self.taal)]
        for decision in self.decisions:
            choice = decision.current
            lines.append(
                f"  {decision.id}: "
                + (
                    f"{choice.option} ({choice.approach})"
                    if choice
                    else TEXT("not_chosen", self.taal)
                )
            )
        return "\n".join(lines)
