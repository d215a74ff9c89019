"""Shared pieces of the exercise widgets: strings, helpers, the :class:`Exercise` base.

All controls are real buttons and text fields, so they work with the keyboard (Tab, Enter,
Space). Each component has stable CSS classes (``lr-decision``, ``lr-option``,
``lr-feedback`` ...) for browser tests, restores the trainee's last saved answer when it
is built, escapes every text it shows as HTML, and carries a readable text/html fallback
for static HTML editions where widgets cannot run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from leerrecht.core import vocab
from leerrecht.core.i18n import Strings
from leerrecht.domain.answers import AnswerStore
from leerrecht.views.htmlparts import esc

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

TEXT = Strings.load("views/widgets/base", "text")

APPROACH_NAMES = vocab.labels("aanpak")


def letter(index: int) -> str:
    """Option letters A, B, C … (index 0 → A)."""
    return chr(ord("A") + index)


def get(obj: Any, name: str, default: Any = None) -> Any:
    """Read a field from a pydantic model, dataclass or dict alike."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def html_widget(value: str, *classes: str) -> w.HTML:
    widget = w.HTML(value=value)
    for cls in classes:
        widget.add_class(cls)
    return widget


class Exercise:
    """Base: a widget tree plus a static fallback used by non-interactive viewers."""

    widget: w.Widget
    taal: str

    def fallback_html(self) -> str:
        raise NotImplementedError

    def fallback_text(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        # Live front ends pick the widget view; static HTML/text exports get the fallback.
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle = dict(bundle)
        bundle["text/plain"] = self.fallback_text()
        bundle["text/html"] = self.fallback_html()
        return bundle


def mark_choice(buttons: Mapping[str, w.Button], chosen: str, correct: bool) -> None:
    """Colour the chosen button green (a right answer) or orange (a wrong one), the rest plain."""
    for key, button in buttons.items():
        button.button_style = ("success" if correct else "warning") if key == chosen else ""


def verdict_html(correct: bool, verdict: str, explanation: str, more: str = "") -> str:
    """Feedback on a right or wrong answer: the verdict in bold and its explanation (both
    escaped), then ``more`` (HTML)."""
    css = "lr-correct" if correct else "lr-incorrect"
    return (
        f'<div class="lr-feedback-body {css}" role="status">'
        f"<p><strong>{esc(verdict)}</strong> {esc(explanation)}</p>{more}</div>"
    )


def note_html(text: str) -> str:
    """A side note under feedback ("this is your saved answer"); ``text`` is escaped."""
    return f'<p class="lr-note"><em>{esc(text)}</em></p>'


def options_html(texts: Iterable[str], lang: str = "") -> str:
    """The options of a question as a list A., B., … (each text escaped); ``lang`` is the
    list's language attribute (`` lang="nl"`` for a case's own text in an English page)."""
    items = "".join(f"<li><b>{letter(i)}.</b> {esc(text)}</li>" for i, text in enumerate(texts))
    return f'<ul style="list-style:none"{lang}>{items}</ul>'


# The class of a static note that points to the live notebook; hand-outs drop it.
OPEN_LIVE_CLASS = "lr-open-live"


def open_live_note(note: str) -> str:
    """The note (escaped) on how to open the interactive version of an exercise."""
    return f'<p class="{OPEN_LIVE_CLASS}"><em>{esc(note)}</em></p>'


def static_html(css: str, body: str, note: str) -> str:
    """An exercise in a static edition: its ``body`` (HTML) and a note (escaped) on how to
    open the interactive version."""
    return f'<div class="lr-static {css}">{body}{open_live_note(note)}</div>'


def status_widget(store: AnswerStore | None) -> w.HTML:
    status = html_widget("", "lr-status")
    show_problem(status, store)
    return status


def show_problem(status: w.HTML, store: AnswerStore | None) -> None:
    problem = store.problem if store is not None else None
    status.value = f'<p class="lr-problem" role="status">⚠ {esc(problem)}</p>' if problem else ""


@dataclass(frozen=True)
class Choice:
    """One choice made at a decision point (in this session or restored)."""

    option: str
    approach: str
    restored: bool = False
