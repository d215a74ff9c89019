"""The practice conversation widget (06_gesprek) on the shared scenario engine.

A conversation is a :class:`~leerrecht.domain.scenario.Graph` (built by
:func:`leerrecht.domain.gesprek.oefeningen.graph`); the trainee's position is a
:class:`~leerrecht.domain.scenario.Walk`, rebuilt from the recorded choices when the notebook
opens, so a reload shows the same conversation so far. Each choice is one answer line
(kind ``beslissing``, question ``gesprek:<id>:<moment>``); "opnieuw" records a restart at the
first moment with no option, which the walk reads as a new attempt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import ipywidgets as w

from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain import scenario
from leerrecht.domain.answers import Answer, AnswerStore
from leerrecht.domain.gesprek.oefeningen import Gesprek, graph
from leerrecht.views.gesprek import material_lang
from leerrecht.views.htmlparts import esc, lang_span, table
from leerrecht.views.widgets.base import Exercise, letter, options_html, static_html
from leerrecht.views.widgets.base import html_widget as _html
from leerrecht.views.widgets.base import show_problem as _show_problem
from leerrecht.views.widgets.base import status_widget as _status_widget

NOTEBOOK = "06_gesprek"
PREFIX = "gesprek"

TECHNIEK_NAMES = Strings.load("views/oefengesprek", "techniek_names")
TEXT = Strings.load("views/oefengesprek", "text")


def _question(gesprek_id: str, node_id: str) -> str:
    return f"{PREFIX}:{gesprek_id}:{node_id}"


def recorded_choices(answers: Sequence[Answer], gesprek_id: str) -> list[tuple[str, str | None]]:
    """The (moment, option) choices recorded for one conversation, oldest first."""
    prefix = f"{PREFIX}:{gesprek_id}:"
    return [
        (a.question[len(prefix) :], a.option)
        for a in answers
        if a.notebook == NOTEBOOK and a.kind == "beslissing" and a.question.startswith(prefix)
    ]


class Oefengesprek(Exercise):
    """A short branching conversation: pick what to say, read the reaction, end in a debrief."""

    def __init__(self, gesprek: Gesprek, store: AnswerStore | None = None, *, taal: str = "nl"):
        self.gesprek = gesprek
        self.store = store
        self.taal = check_taal(taal)
        self.graph = graph(gesprek)
        history = store.history() if store is not None else []
        self.walk = scenario.Walk.replay(self.graph, recorded_choices(history, gesprek.id))
        self.transcript = _html("", "lr-transcript")
        self.options = w.VBox([])
        self.status = _status_widget(store)
        intro = _html(self._intro_html(), "lr-question")
        self.widget = w.VBox([intro, self.transcript, self.options, self.status])
        self.widget.add_class("lr-gesprek")
        self.widget.add_class(f"lr-gesprek-{gesprek.id}")
        self._render()

    def _intro_html(self) -> str:
        # The conversations are Dutch exercise material (lang="nl" on a page in English).
        nl = material_lang(self.taal)
        return f"<h4{nl}>{esc(self.gesprek.titel)}</h4><p{nl}>{esc(self.gesprek.inleiding)}</p>"

    def say(self, option_id: str) -> None:
        """What a click does: record the choice, move the walk on, show the reaction."""
        node = self.walk.current
        if node is None:
            return
        self.walk = self.walk.choose(option_id)
        if self.store is not None:
            self.store.record(_question(self.gesprek.id, node.id), "beslissing", option=option_id)
        self._render(focus=True)

    def again(self) -> None:
        """Start a new attempt from the first moment (the old path stays recorded)."""
        start = self.graph.start.id
        self.walk = self.walk.restart_at(start)
        if self.store is not None:
            self.store.record(_question(self.gesprek.id, start), "beslissing", option=None)
        self._render(focus=True)

    def _step_html(self, n: int, step: scenario.Step) -> str:
        t = self.taal
        nl = material_lang(t)
        option = step.option.data
        techniques = ", ".join(TECHNIEK_NAMES(k, t) for k in option.technieken)
        technique = (
            f"<p><small>{esc(TEXT('technique', t))}: {esc(techniques)}</small></p>"
            if techniques
            else ""
        )
        return (
            f'<div class="lr-turn"><p><small>{esc(TEXT("moment", t, n=n))}</small></p>'
            f"<p{nl}><em>{esc(step.node.data.zegt)}</em></p>"
            f'<p class="lr-you"><b>{esc(TEXT("you", t))}:</b> <q{nl}>{esc(option.tekst)}</q></p>'
            f'<p class="lr-reaction"{nl}>{esc(option.reactie)}</p>'
            f'<p class="lr-feedback-body"{nl}>{esc(option.toelichting)}</p>{technique}</div>'
        )

    def _render(self, focus: bool = False) -> None:
        """``focus``: after a click the clicked button is gone; keyboard focus moves on to the
        next moment's first option (or "again" at an ending), not to the top of the page."""
        t = self.taal
        nl = material_lang(t)
        parts = [self._step_html(n, s) for n, s in enumerate(self.walk.steps, start=1)]
        if self.walk.attempts:
            parts.insert(
                0, f"<p><small>{esc(TEXT('attempts', t, n=len(self.walk.attempts)))}</small></p>"
            )
        node = self.walk.current
        buttons: list[w.Widget] = []
        if node is not None:
            parts.append(
                f'<div class="lr-now"><p><small>{esc(TEXT("moment", t, n=self.walk.number))}'
                f"</small></p><p{nl}><strong>{esc(node.data.zegt)}</strong></p></div>"
            )
            for i, option in enumerate(node.options):
                button = w.Button(
                    description=TEXT("say", t, letter=letter(i)), layout=w.Layout(min_width="7em")
                )
                button.add_class("lr-option")
                button.add_class(f"lr-option-{option.id}")
                button.on_click(lambda _b, oid=option.id: self.say(oid))
                label = _html(
                    f"<b>{letter(i)}.</b> <q{nl}>{esc(option.data.tekst)}</q>", "lr-option-text"
                )
                buttons.append(w.HBox([button, label], layout=w.Layout(align_items="center")))
        ending = self.walk.ending
        if ending is not None:
            end = ending.data
            sources = "".join(
                f'<li><a href="{esc(u)}" target="_blank" rel="noopener">{esc(u)}</a></li>'
                for u in end.bronnen
            )
            sources_html = f"<p><small>{esc(TEXT('sources', t))}:</small></p><ul>{sources}</ul>"
            parts.append(
                f'<div class="lr-ending lr-ending-{esc(end.id)}" role="status">'
                f"<h4>{esc(TEXT('ending', t))}: {lang_span(end.titel, nl)}</h4>"
                f"<p><strong>{esc(TEXT('debrief', t))}:</strong> "
                f"{lang_span(end.nabespreking, nl)}</p>"
                f"{sources_html if end.bronnen else ''}</div>"
            )
            again = w.Button(description=TEXT("again", t))
            again.add_class("lr-again")
            again.on_click(lambda _b: self.again())
            buttons.append(again)
        self.transcript.value = "".join(parts)
        self.options.children = tuple(buttons)
        _show_problem(self.status, self.store)
        if focus and buttons:
            first = buttons[0]
            (first.children[0] if isinstance(first, w.HBox) else first).focus()

    def fallback_html(self) -> str:
        start, nl = self.graph.start, material_lang(self.taal)
        body = (
            f"{self._intro_html()}<p{nl}><strong>{esc(start.data.zegt)}</strong></p>"
            + options_html((f"“{o.data.tekst}”" for o in start.options), lang=nl)
        )
        return static_html("lr-gesprek", body, TEXT("static", self.taal))

    def fallback_text(self) -> str:
        return f"{self.gesprek.titel}\n{self.graph.start.data.zegt}\n{TEXT('static', self.taal)}"


def conversations_html(
    answers: Sequence[Answer], gesprekken: Sequence[Gesprek], taal: str = "nl"
) -> str:
    """Per conversation: which ending each trainee's current attempt reached."""
    rows = []
    for gesprek in gesprekken:
        g = graph(gesprek)
        ends: Counter[str] = Counter()
        for trainee in sorted({a.trainee for a in answers}):
            own = [a for a in answers if a.trainee == trainee]
            choices = recorded_choices(own, gesprek.id)
            if not choices:
                continue
            walk = scenario.Walk.replay(g, choices)
            ends[walk.ending.data.titel if walk.ending else TEXT("r_busy", taal)] += 1
        if ends:
            nl, busy = material_lang(taal), TEXT("r_busy", taal)
            spread = "; ".join(
                f"{lang_span(k, nl if k != busy else '')}: {n}" for k, n in sorted(ends.items())
            )
            rows.append(
                [f"{lang_span(gesprek.titel, nl)}", f'<span class="lr-ends">{spread}</span>']
            )
    if not rows:
        return f"<p>{esc(TEXT('r_none', taal))}</p>"
    return table([TEXT("r_conv", taal), TEXT("r_end", taal)], rows, "lr-report lr-report-gesprek")
