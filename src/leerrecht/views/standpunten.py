"""Trainee widgets for 08_leerrecht: the stance exercise and the trainee's own case choices.

- :class:`StanceExercise`: a statement with three buttons (eens, oneens, weet ik nog niet).
  Only after choosing does the trainee see the arguments on both sides, with sources; they may
  change their stance after reading, and every choice is saved (kind ``standpunt``).
- :func:`own_choices_html`: how the trainee chose in the case notebooks so far, so the
  reflection on leerrecht can start from their own cases.

Like the other exercises, the widget restores the last saved answer, escapes every text and
carries a static HTML fallback (there the arguments sit in a closed ``<details>`` block).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import ipywidgets as w

from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.answers import APPROACHES, AnswerStore, read_answers
from leerrecht.domain.leerrecht import STANCES, Argument, Statement
from leerrecht.views.htmlparts import esc, lang_span
from leerrecht.views.leerrecht import STANCE_KIND, source_lang
from leerrecht.views.leerrecht import TEXT as VIEW_TEXT
from leerrecht.views.widgets.base import Exercise, open_live_note

CASE_NOTEBOOK = "02_casus"

TEXT = Strings.load("views/standpunten", "text")


def _arguments_html(title: str, arguments: list[Argument], css: str, taal: str) -> str:
    items = "".join(
        f"<li>{lang_span(a.tekst, source_lang(taal))} <small>("
        + ", ".join(
            f'<a href="{esc(u)}" target="_blank" rel="noopener">{esc(_host(u))}</a>'
            for u in a.bronnen
        )
        + ")</small></li>"
        for a in arguments
    )
    return f'<div class="{css}"><p><strong>{esc(title)}</strong></p><ul>{items}</ul></div>'


def _host(url: str) -> str:
    """A short, readable link text: the site's name without ``www.``."""
    host = url.split("//", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


def arguments_html(statement: Statement, taal: str = "nl") -> str:
    """Both sides of a statement, side by side, each argument with its sources."""
    side = "flex: 1 1 20em; padding: 0 0.6em"
    pro = _arguments_html(TEXT("for", taal), statement.voor, "lr-arguments-for", taal)
    con = _arguments_html(TEXT("against", taal), statement.tegen, "lr-arguments-against", taal)
    return (
        '<div class="lr-arguments" style="display:flex; flex-wrap:wrap; gap:0.5em">'
        f'<div style="{side}; border-left: 3px solid #0072B2">{pro}</div>'
        f'<div style="{side}; border-left: 3px solid #D55E00">{con}</div></div>'
    )


def stance_name(stance: str, taal: str = "nl") -> str:
    return VIEW_TEXT("stance_" + stance, taal)


class StanceExercise(Exercise):
    """One statement: choose a stance, then see the arguments for and against."""

    def __init__(
        self,
        statement: Statement,
        number: int,
        store: AnswerStore | None = None,
        *,
        taal: str = "nl",
    ):
        self.statement = statement
        self.number = number
        self.store = store
        self.taal = check_taal(taal)
        self.chosen: list[str] = []
        self.buttons: dict[str, w.Button] = {}
        for stance in STANCES:
            button = w.Button(
                description=TEXT("button_" + stance, taal),
                layout=w.Layout(width="auto", min_width="9em"),
            )
            button.add_class("lr-stance-option")
            button.add_class(f"lr-stance-{stance}")
            button.on_click(lambda _b, s=stance: self.choose(s))
            self.buttons[stance] = button
        header = w.HTML(
            f"<p><b>{esc(TEXT('statement', taal, n=number))}.</b> "
            f"<strong{source_lang(taal)}>{esc(statement.stelling)}</strong></p>"
        )
        self.feedback = w.HTML("")
        self.feedback.add_class("lr-feedback")
        self.status = w.HTML(self._problem_html())
        self.widget = w.VBox(
            [header, w.HBox(list(self.buttons.values())), self.feedback, self.status]
        )
        self.widget.add_class("lr-stance")
        self.widget.add_class(f"lr-stance-{statement.id}")
        earlier = [a.option for a in store.history() if a.question == statement.id] if store else []
        earlier = [s for s in earlier if s in STANCES]
        if earlier:
            self.chosen = [earlier[0], earlier[-1]] if earlier[0] != earlier[-1] else [earlier[-1]]
            self._render(restored=True)

    def choose(self, stance: str) -> None:
        if stance not in STANCES:
            raise ValueError(f"stance must be one of {STANCES}, not {stance!r}")
        if self.store is not None:
            self.store.record(self.statement.id, STANCE_KIND, option=stance)
        self.chosen.append(stance)
        self._render(restored=False)

    def _problem_html(self) -> str:
        problem = self.store.problem if self.store is not None else None
        return f'<p class="lr-problem" role="status">⚠ {esc(problem)}</p>' if problem else ""

    def _render(self, restored: bool) -> None:
        current, first = self.chosen[-1], self.chosen[0]
        for stance, button in self.buttons.items():
            button.button_style = "info" if stance == current else ""
        lines = [TEXT("you_chose", self.taal, stance=stance_name(current, self.taal))]
        if first != current:
            lines.append(TEXT("changed", self.taal, first=stance_name(first, self.taal)))
        lines.append(TEXT("restored" if restored else "may_change", self.taal))
        notes = "".join(f"<p><em>{esc(line)}</em></p>" for line in lines)
        self.feedback.value = (
            f'<div class="lr-feedback-body" role="status">{notes}'
            f"{arguments_html(self.statement, self.taal)}</div>"
        )
        self.status.value = self._problem_html()

    def fallback_html(self) -> str:
        options = " · ".join(esc(TEXT("button_" + s, self.taal)) for s in STANCES)
        return (
            f'<div class="lr-static lr-stance" style="margin-bottom:1.2em"><p><b>{esc(TEXT("statement", self.taal, n=self.number))}.'
            f"</b> <strong{source_lang(self.taal)}>{esc(self.statement.stelling)}</strong></p>"
            f"<p>{options}</p>"
            f"{open_live_note(TEXT('static_note', self.taal))}"
            f"<details><summary>{esc(TEXT('show_arguments', self.taal))}</summary>"
            f"{arguments_html(self.statement, self.taal)}</details></div>"
        )

    def fallback_text(self) -> str:
        options = " / ".join(TEXT("button_" + s, self.taal) for s in STANCES)
        return f"{self.statement.stelling}\n  {options}\n{TEXT('static_note', self.taal)}"


def own_choices(store: AnswerStore | None) -> dict[str, Counter[str]]:
    """Per case: how often the trainee's last choice per decision point was each approach."""
    path = store.path if store is not None else None
    if path is None:
        return {}
    try:
        answers = read_answers(path)
    except OSError:
        return {}
    latest: dict[tuple[str, str], str] = {}
    for a in answers:
        if a.notebook == CASE_NOTEBOOK and a.kind == "beslissing" and a.approach:
            latest[(a.case, a.question)] = a.approach
    found: dict[str, Counter[str]] = {}
    for (case, _question), approach in sorted(latest.items()):
        found.setdefault(case, Counter())[approach] += 1
    return found


def own_choices_html(store: AnswerStore | None, titles: dict[str, Any], taal: str = "nl") -> str:
    """The trainee's case choices as a short list (case titles from ``titles`` when known)."""
    found = own_choices(store)
    if not found:
        return f'<p class="lr-own-choices">{esc(TEXT("no_choices", taal))}</p>'
    items = "".join(
        "<li>"
        + esc(
            TEXT(
                "choices_line",
                taal,
                case=titles.get(case, case),
                **{a: counts.get(a, 0) for a in APPROACHES},
            )
        )
        + "</li>"
        for case, counts in found.items()
    )
    return (
        f'<div class="lr-own-choices"><p>{esc(TEXT("choices_intro", taal))}</p>'
        f"<ul>{items}</ul></div>"
    )
