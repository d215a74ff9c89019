"""One decision point of a case: buttons, feedback with ground and consequence, saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from leerrecht.core.i18n import check_taal
from leerrecht.domain.answers import AnswerStore
from leerrecht.views.htmlparts import esc
from leerrecht.views.plots import APPROACH_COLORS, NEUTRAL
from leerrecht.views.widgets.base import (
    APPROACH_NAMES,
    TEXT,
    Choice,
    Exercise,
    get,
    html_widget,
    letter,
    note_html,
    options_html,
    show_problem,
    static_html,
    status_widget,
)


class DecisionPoint(Exercise):
    """A case's decision point: one button per option, feedback below, every choice saved."""

    def __init__(
        self,
        point: Any,
        store: AnswerStore | None = None,
        *,
        taal: str = "nl",
        number: int | None = None,
    ):
        self.point = point
        self.store = store
        self.taal = check_taal(taal)
        self.id: str = get(point, "id")
        self.number = number
        self.options = list(get(point, "opties"))
        self.choices: list[Choice] = []
        self._listeners: list[Callable[[DecisionPoint], None]] = []

        self.buttons: dict[str, w.Button] = {}
        rows = []
        for i, option in enumerate(self.options):
            oid = get(option, "id")
            button = w.Button(
                description=TEXT("choose", taal, letter=letter(i)),
                tooltip=TEXT("choose_tip", taal, letter=letter(i), tekst=get(option, "tekst")),
                layout=w.Layout(width="auto", min_width="7em"),
            )
            button.add_class("lr-option")
            button.add_class(f"lr-option-{oid}")
            button.on_click(lambda _b, oid=oid: self.choose(oid))
            self.buttons[oid] = button
            label = html_widget(
                f"<b>{letter(i)}.</b> {esc(get(option, 'tekst'))}", "lr-option-text"
            )
            label.layout = w.Layout(flex="1 1 auto")
            rows.append(w.HBox([button, label], layout=w.Layout(align_items="center")))

        self.feedback = html_widget("", "lr-feedback")
        self.status = status_widget(store)
        header = html_widget(self._header_html(), "lr-question")
        self.widget = w.VBox([header, *rows, self.feedback, self.status])
        self.widget.add_class("lr-decision")
        self.widget.add_class(f"lr-decision-{self.id}")
        self._restore()

    # --- behaviour -------------------------------------------------------------------
    def option(self, option_id: str) -> Any:
        for option in self.options:
            if get(option, "id") == option_id:
                return option
        raise KeyError(option_id)

    @property
    def current(self) -> Choice | None:
        return self.choices[-1] if self.choices else None

    def on_change(self, callback: Callable[[DecisionPoint], None]) -> None:
        """Call ``callback(self)`` after every choice (used by :class:`ChoiceSummary`)."""
        self._listeners.append(callback)

    def choose(self, option_id: str) -> None:
        """What a click on an option does: save, show feedback, mark the button."""
        option = self.option(option_id)
        approach = get(option, "aanpak")
        if self.store is not None:
            self.store.record(self.id, "beslissing", option=option_id, approach=approach)
        earlier = self.current
        self.choices.append(Choice(option_id, approach))
        self._render(earlier=earlier)
        for callback in self._listeners:
            callback(self)

    def _restore(self) -> None:
        # Every saved choice counts ("Keer gekozen"); the latest is shown.
        history = self.store.history() if self.store is not None else []
        for answer in history:
            if answer.question != self.id or answer.option is None:
                continue
            try:
                option = self.option(answer.option)
            except KeyError:
                continue  # the case changed since; do not guess
            self.choices.append(Choice(answer.option, get(option, "aanpak"), restored=True))
        if self.choices:
            self._render(earlier=None)

    # --- rendering -------------------------------------------------------------------
    def _letter_of(self, option_id: str) -> str:
        ids = [get(o, "id") for o in self.options]
        return letter(ids.index(option_id))

    def _header_html(self) -> str:
        title = ""
        if self.number is not None:
            title = (
                f"<h4>{esc(TEXT('decision', self.taal, n=self.number, week=get(self.point, 'week')))}"
                "</h4>"
            )
        return (
            f"{title}<p>{esc(get(self.point, 'situatie'))}</p>"
            f"<p><strong>{esc(get(self.point, 'vraag'))}</strong></p>"
        )

    def _render(self, earlier: Choice | None) -> None:
        choice = self.current
        assert choice is not None
        for oid, button in self.buttons.items():
            chosen = oid == choice.option
            button.button_style = "info" if chosen else ""
            if chosen:
                button.add_class("lr-chosen")
            else:
                button.remove_class("lr-chosen")
        self.feedback.value = self._feedback_html(choice, earlier)
        show_problem(self.status, self.store)

    def _feedback_html(self, choice: Choice, earlier: Choice | None) -> str:
        option = self.option(choice.option)
        approach = choice.approach
        colour = APPROACH_COLORS.get(approach, NEUTRAL)
        notes = []
        if choice.restored:
            notes.append(TEXT("restored", self.taal))
        if earlier is not None and earlier.option != choice.option:
            notes.append(TEXT("reconsidered", self.taal, earlier=self._letter_of(earlier.option)))
        else:
            notes.append(TEXT("may_reconsider", self.taal))
        notes_html = "".join(note_html(n) for n in notes)
        return (
            f'<div class="lr-feedback-body lr-approach-{esc(approach)}" role="status" '
            f'style="border-left: 4px solid {colour}; padding-left: 0.6em">'
            f"<p><strong>{esc(TEXT('you_chose', self.taal, letter=self._letter_of(choice.option)))}"
            f"</strong> ({esc(TEXT('approach', self.taal))}: "
            f"{esc(APPROACH_NAMES(approach, self.taal))})</p>"
            f"<p>{esc(get(option, 'feedback'))}</p>"
            f"<p><strong>{esc(TEXT('ground', self.taal))}:</strong> "
            f"{esc(get(option, 'grondslag'))}</p>"
            f"<p><strong>{esc(TEXT('follows', self.taal))}:</strong> "
            f"{esc(get(option, 'gevolg'))}</p>{notes_html}</div>"
        )

    def fallback_html(self) -> str:
        body = self._header_html() + options_html(get(o, "tekst") for o in self.options)
        return static_html("lr-decision", body, TEXT("static_note", self.taal))

    def fallback_text(self) -> str:
        lines = [f"{get(self.point, 'situatie')}", f"{get(self.point, 'vraag')}"]
        lines += [f"  {letter(i)}. {get(o, 'tekst')}" for i, o in enumerate(self.options)]
        lines.append(TEXT("static_note", self.taal))
        return "\n".join(lines)
