"""A self-check quiz question with feedback and its source."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ipywidgets as w

from leerrecht.core.i18n import check_taal
from leerrecht.domain.answers import AnswerStore
from leerrecht.views.htmlparts import esc, lang_attr
from leerrecht.views.widgets.base import (
    TEXT,
    Exercise,
    html_widget,
    letter,
    mark_choice,
    note_html,
    options_html,
    show_problem,
    static_html,
    status_widget,
    verdict_html,
)


@dataclass(frozen=True)
class QuizOption:
    """One answer to a quiz question, with the explanation shown after choosing it."""

    id: str
    tekst: str
    juist: bool
    uitleg: str


class QuizQuestion(Exercise):
    """A self-check question: choose an answer, see whether it is right, why, and the source."""

    def __init__(
        self,
        question_id: str,
        vraag: str,
        opties: Sequence[QuizOption],
        *,
        bron: str,
        bron_url: str = "",
        store: AnswerStore | None = None,
        taal: str = "nl",
    ):
        if not any(o.juist for o in opties):
            raise ValueError(f"quiz question {question_id!r} has no correct option")
        self.id = question_id
        self.vraag = vraag
        self.options = list(opties)
        self.bron = bron
        self.bron_url = bron_url
        self.store = store
        self.taal = check_taal(taal)
        self.answered: list[str] = []
        self._listeners: list[Callable[[str, bool], None]] = []

        self.buttons: dict[str, w.Button] = {}
        rows = []
        for i, option in enumerate(self.options):
            button = w.Button(
                description=TEXT("choose", taal, letter=letter(i)),
                tooltip=TEXT("choose_tip", taal, letter=letter(i), tekst=option.tekst),
                layout=w.Layout(width="auto", min_width="7em"),
            )
            button.add_class("lr-option")
            button.add_class(f"lr-option-{option.id}")
            button.on_click(lambda _b, oid=option.id: self.choose(oid))
            self.buttons[option.id] = button
            label = html_widget(f"<b>{letter(i)}.</b> {esc(option.tekst)}", "lr-option-text")
            rows.append(w.HBox([button, label], layout=w.Layout(align_items="center")))
        self.feedback = html_widget("", "lr-feedback")
        self.status = status_widget(store)
        question = html_widget(f"<p><strong>{esc(vraag)}</strong></p>", "lr-question")
        self.widget = w.VBox([question, *rows, self.feedback, self.status])
        self.widget.add_class("lr-quiz")
        self.widget.add_class(f"lr-quiz-{question_id}")
        latest = store.latest(question_id) if store is not None else None
        if latest is not None and latest.option in self.buttons:
            self.answered.append(latest.option)
            self._render(latest.option, restored=True)

    def option(self, option_id: str) -> QuizOption:
        return next(o for o in self.options if o.id == option_id)

    @property
    def result(self) -> bool | None:
        """Whether the latest answer (this session or restored) is right; None if none yet."""
        return self.option(self.answered[-1]).juist if self.answered else None

    def on_answer(self, callback: Callable[[str, bool], None]) -> None:
        """Call ``callback(question_id, right)`` after every answer (e.g. a score)."""
        self._listeners.append(callback)

    def choose(self, option_id: str) -> None:
        option = self.option(option_id)
        if self.store is not None:
            self.store.record(self.id, "quiz", option=option_id, correct=option.juist)
        self.answered.append(option_id)
        self._render(option_id, restored=False)
        for callback in self._listeners:
            callback(self.id, option.juist)

    def _right_answer_html(self) -> str:
        """For a wrong answer: which option is right, and why."""
        right = [(i, o) for i, o in enumerate(self.options) if o.juist]
        named = "; ".join(f"{letter(i)}: {o.tekst}" for i, o in right)
        why = " ".join(o.uitleg for _i, o in right)
        return (
            f'<p class="lr-right-answer"><strong>{esc(TEXT("right_answer", self.taal))}'
            f"</strong> {esc(named)}. {esc(why)}</p>"
        )

    def _render(self, option_id: str, restored: bool) -> None:
        option = self.option(option_id)
        mark_choice(self.buttons, option_id, option.juist)
        verdict = TEXT("correct" if option.juist else "incorrect", self.taal)
        # A source is named by its own (Dutch) title, in any edition.
        source = f"<span{lang_attr('nl', self.taal)}>{esc(self.bron)}</span>"
        if self.bron_url:
            source = f'<a href="{esc(self.bron_url)}" target="_blank" rel="noopener">{source}</a>'
        restored_html = note_html(TEXT("restored", self.taal)) if restored else ""
        right = "" if option.juist else self._right_answer_html()
        source_html = f"<p><small>{esc(TEXT('source', self.taal))}: {source}</small></p>"
        self.feedback.value = verdict_html(
            option.juist, verdict, option.uitleg, right + source_html + restored_html
        )
        show_problem(self.status, self.store)

    def fallback_html(self) -> str:
        body = f"<p><strong>{esc(self.vraag)}</strong></p>" + options_html(
            o.tekst for o in self.options
        )
        return static_html("lr-quiz", body, TEXT("static_note", self.taal))

    def fallback_text(self) -> str:
        lines = [self.vraag] + [f"  {letter(i)}. {o.tekst}" for i, o in enumerate(self.options)]
        return "\n".join([*lines, TEXT("static_note", self.taal)])
