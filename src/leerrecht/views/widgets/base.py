"""Shared pieces of the exercise widgets: strings, helpers, the :class:`Exercise` base.

All controls are real buttons and text fields, so they work with the keyboard (Tab, Enter,
Space). Each component has stable CSS classes (``lr-decision``, ``lr-option``,
``lr-feedback`` ...) for browser tests, restores the trainee's last saved answer when it
is built, escapes every text it shows as HTML, and carries a readable text/html fallback
for static HTML editions where widgets cannot run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from leerrecht.core.i18n import Strings
from leerrecht.domain.answers import AnswerStore
from leerrecht.views.htmlparts import esc

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

TEXT = Strings(
    {
        "choose": {"nl": "Kies {letter}", "en": "Choose {letter}"},
        "choose_tip": {
            "nl": "Kies optie {letter}: {tekst}",
            "en": "Choose option {letter}: {tekst}",
        },
        "decision": {
            "nl": "Beslismoment {n} (week {week})",
            "en": "Decision point {n} (week {week})",
        },
        "you_chose": {"nl": "Je koos {letter}", "en": "You chose {letter}"},
        "approach": {"nl": "aanpak", "en": "approach"},
        "ground": {"nl": "Grondslag", "en": "Ground"},
        "follows": {"nl": "Wat er vaak op volgt", "en": "What tends to follow"},
        "reconsidered": {
            "nl": "Je hebt je keuze herzien (eerder: {earlier}). Ook dat wordt bewaard.",
            "en": "You reconsidered (earlier: {earlier}). That is saved too.",
        },
        "may_reconsider": {
            "nl": "Je mag je keuze herzien: kies gerust een andere optie.",
            "en": "You may reconsider: feel free to choose another option.",
        },
        "restored": {
            "nl": "Dit is je eerder bewaarde keuze.",
            "en": "This is the choice you saved earlier.",
        },
        "correct": {"nl": "Goed!", "en": "Correct!"},
        "incorrect": {"nl": "Niet helemaal.", "en": "Not quite."},
        "right_answer": {"nl": "Het goede antwoord is", "en": "The right answer is"},
        "source": {"nl": "Bron", "en": "Source"},
        "save": {"nl": "Opslaan", "en": "Save"},
        "saved": {"nl": "Opgeslagen.", "en": "Saved."},
        "saved_earlier": {
            "nl": "Je eerder opgeslagen antwoord staat hieronder; je kunt het aanpassen.",
            "en": "Your earlier answer is below; you can change it.",
        },
        "empty": {
            "nl": "Schrijf eerst een paar woorden; daarna kun je opslaan.",
            "en": "Write a few words first; then you can save.",
        },
        "placeholder": {"nl": "Schrijf hier je antwoord…", "en": "Write your answer here…"},
        "your_text": {"nl": "Je antwoord", "en": "Your answer"},
        "static_note": {
            "nl": "Dit is een oefening. Open het notebook in JupyterLab of als app om te "
            "kiezen en feedback te zien.",
            "en": "This is an exercise. Open the notebook in JupyterLab or as an app to "
            "choose and see feedback.",
        },
        "summary_title": {"nl": "Jouw keuzes", "en": "Your choices"},
        "summary_none": {
            "nl": "Je hebt nog geen keuzes gemaakt.",
            "en": "You have not made any choices yet.",
        },
        "col_point": {"nl": "Beslismoment", "en": "Decision point"},
        "col_choice": {"nl": "Jouw keuze", "en": "Your choice"},
        "col_approach": {"nl": "Aanpak", "en": "Approach"},
        "col_changes": {"nl": "Keer gekozen", "en": "Times chosen"},
        "not_chosen": {"nl": "nog niet gekozen", "en": "not chosen yet"},
        "count_line": {
            "nl": "Handhaving: {handhaving} · zorg: {zorg} · samenwerking: {samenwerking}",
            "en": "Enforcement: {handhaving} · care: {zorg} · cooperation: {samenwerking}",
        },
    }
)

APPROACH_NAMES = Strings(
    {
        "handhaving": {"nl": "handhaving", "en": "enforcement"},
        "zorg": {"nl": "zorg", "en": "care"},
        "samenwerking": {"nl": "samenwerking", "en": "cooperation"},
    }
)


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
