"""Exercise components for the notebooks (ipywidgets).

- :class:`DecisionPoint`: choose an option of a case's decision point, see feedback with
  its legal or methodical ground and what tends to follow; reconsidering is allowed and
  every choice is recorded.
- :class:`QuizQuestion`: a self-check question with feedback and a source.
- :class:`Reflection`: a text box with a save button.
- :class:`ChoiceSummary`: a live overview of the trainee's own choices.
- :func:`timeline_figure`: a case's absence per school week against the 16-hour line.

All controls are real buttons and text fields, so they work with the keyboard (Tab, Enter,
Space). Each component has stable CSS classes (``lr-decision``, ``lr-option``,
``lr-feedback`` ...) for browser tests, restores the trainee's last saved answer when it
is built, escapes every text it shows as HTML, and carries a readable text/html fallback
for static HTML editions where widgets cannot run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.answers import AnswerStore
from leerrecht.domain.meldplicht import THRESHOLD_HOURS, window_totals
from leerrecht.views.htmlparts import esc
from leerrecht.views.plots import APPROACH_COLORS, HIGHLIGHT, KIND_COLORS, NEUTRAL

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
        "timeline_title": {
            "nl": "Verzuim per schoolweek en de meldgrens",
            "en": "Absence per school week and the reporting line",
        },
        "timeline_week": {"nl": "schoolweek", "en": "school week"},
        "timeline_hours": {"nl": "uren", "en": "hours"},
        "timeline_rolling": {
            "nl": "ongeoorloofd in de lopende periode (max. 4 schoolweken)",
            "en": "unauthorised in the current period (max. 4 school weeks)",
        },
        "timeline_line": {"nl": "meldgrens: 16 uur", "en": "reporting line: 16 hours"},
        "timeline_decision": {"nl": "beslismoment", "en": "decision point"},
        "timeline_report": {"nl": "melding aan DUO nodig", "en": "report to DUO due"},
    }
)

APPROACH_NAMES = Strings(
    {
        "handhaving": {"nl": "handhaving", "en": "enforcement"},
        "zorg": {"nl": "zorg", "en": "care"},
        "samenwerking": {"nl": "samenwerking", "en": "cooperation"},
    }
)

KIND_NAMES = Strings(
    {
        "ongeoorloofd": {"nl": "ongeoorloofd", "en": "unauthorised"},
        "te_laat": {"nl": "te laat", "en": "late"},
        "ziek": {"nl": "ziek", "en": "sick"},
        "geoorloofd": {"nl": "geoorloofd", "en": "authorised"},
        "luxe": {"nl": "luxe verzuim", "en": "holiday absence"},
        "geschorst": {"nl": "geschorst", "en": "suspended"},
    }
)

# Kinds of absence that count towards the 16-hour reporting line in the timeline view: the
# legal minimum counts only 'ongeoorloofd' (protocols/wettelijk-minimum.yml); counting
# lateness as well is school policy.
COUNTED_KINDS = ("ongeoorloofd",)


def letter(index: int) -> str:
    """Option letters A, B, C … (index 0 → A)."""
    return chr(ord("A") + index)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """Read a field from a pydantic model, dataclass or dict alike."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _html(value: str, *classes: str) -> w.HTML:
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


def _status_widget(store: AnswerStore | None) -> w.HTML:
    status = _html("", "lr-status")
    _show_problem(status, store)
    return status


def _show_problem(status: w.HTML, store: AnswerStore | None) -> None:
    problem = store.problem if store is not None else None
    status.value = f'<p class="lr-problem" role="status">⚠ {esc(problem)}</p>' if problem else ""


@dataclass(frozen=True)
class Choice:
    """One choice made at a decision point (in this session or restored)."""

    option: str
    approach: str
    restored: bool = False


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
        self.id: str = _get(point, "id")
        self.number = number
        self.options = list(_get(point, "opties"))
        self.choices: list[Choice] = []
        self._listeners: list[Callable[[DecisionPoint], None]] = []

        self.buttons: dict[str, w.Button] = {}
        rows = []
        for i, option in enumerate(self.options):
            oid = _get(option, "id")
            button = w.Button(
                description=TEXT("choose", taal, letter=letter(i)),
                tooltip=TEXT("choose_tip", taal, letter=letter(i), tekst=_get(option, "tekst")),
                layout=w.Layout(width="auto", min_width="7em"),
            )
            button.add_class("lr-option")
            button.add_class(f"lr-option-{oid}")
            button.on_click(lambda _b, oid=oid: self.choose(oid))
            self.buttons[oid] = button
            label = _html(f"<b>{letter(i)}.</b> {esc(_get(option, 'tekst'))}", "lr-option-text")
            label.layout = w.Layout(flex="1 1 auto")
            rows.append(w.HBox([button, label], layout=w.Layout(align_items="center")))

        self.feedback = _html("", "lr-feedback")
        self.status = _status_widget(store)
        header = _html(self._header_html(), "lr-question")
        self.widget = w.VBox([header, *rows, self.feedback, self.status])
        self.widget.add_class("lr-decision")
        self.widget.add_class(f"lr-decision-{self.id}")
        self._restore()

    # --- behaviour -------------------------------------------------------------------
    def option(self, option_id: str) -> Any:
        for option in self.options:
            if _get(option, "id") == option_id:
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
        approach = _get(option, "aanpak")
        if self.store is not None:
            self.store.record(self.id, "beslissing", option=option_id, approach=approach)
        earlier = self.current
        self.choices.append(Choice(option_id, approach))
        self._render(earlier=earlier)
        for callback in self._listeners:
            callback(self)

    def _restore(self) -> None:
        latest = self.store.latest(self.id) if self.store is not None else None
        if latest is None or latest.option is None:
            return
        try:
            option = self.option(latest.option)
        except KeyError:
            return  # the case changed since; do not guess
        self.choices.append(Choice(latest.option, _get(option, "aanpak"), restored=True))
        self._render(earlier=None)

    # --- rendering -------------------------------------------------------------------
    def _letter_of(self, option_id: str) -> str:
        ids = [_get(o, "id") for o in self.options]
        return letter(ids.index(option_id))

    def _header_html(self) -> str:
        title = ""
        if self.number is not None:
            title = (
                f"<h4>{esc(TEXT('decision', self.taal, n=self.number, week=_get(self.point, 'week')))}"
                "</h4>"
            )
        return (
            f"{title}<p>{esc(_get(self.point, 'situatie'))}</p>"
            f"<p><strong>{esc(_get(self.point, 'vraag'))}</strong></p>"
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
        _show_problem(self.status, self.store)

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
        note_html = "".join(f'<p class="lr-note"><em>{esc(n)}</em></p>' for n in notes)
        return (
            f'<div class="lr-feedback-body lr-approach-{esc(approach)}" role="status" '
            f'style="border-left: 4px solid {colour}; padding-left: 0.6em">'
            f"<p><strong>{esc(TEXT('you_chose', self.taal, letter=self._letter_of(choice.option)))}"
            f"</strong> ({esc(TEXT('approach', self.taal))}: "
            f"{esc(APPROACH_NAMES(approach, self.taal))})</p>"
            f"<p>{esc(_get(option, 'feedback'))}</p>"
            f"<p><strong>{esc(TEXT('ground', self.taal))}:</strong> "
            f"{esc(_get(option, 'grondslag'))}</p>"
            f"<p><strong>{esc(TEXT('follows', self.taal))}:</strong> "
            f"{esc(_get(option, 'gevolg'))}</p>{note_html}</div>"
        )

    def fallback_html(self) -> str:
        items = "".join(
            f"<li><b>{letter(i)}.</b> {esc(_get(o, 'tekst'))}</li>"
            for i, o in enumerate(self.options)
        )
        return (
            f'<div class="lr-static lr-decision">{self._header_html()}'
            f'<ul style="list-style:none">{items}</ul>'
            f"<p><em>{esc(TEXT('static_note', self.taal))}</em></p></div>"
        )

    def fallback_text(self) -> str:
        lines = [f"{_get(self.point, 'situatie')}", f"{_get(self.point, 'vraag')}"]
        lines += [f"  {letter(i)}. {_get(o, 'tekst')}" for i, o in enumerate(self.options)]
        lines.append(TEXT("static_note", self.taal))
        return "\n".join(lines)


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
            label = _html(f"<b>{letter(i)}.</b> {esc(option.tekst)}", "lr-option-text")
            rows.append(w.HBox([button, label], layout=w.Layout(align_items="center")))
        self.feedback = _html("", "lr-feedback")
        self.status = _status_widget(store)
        question = _html(f"<p><strong>{esc(vraag)}</strong></p>", "lr-question")
        self.widget = w.VBox([question, *rows, self.feedback, self.status])
        self.widget.add_class("lr-quiz")
        self.widget.add_class(f"lr-quiz-{question_id}")
        latest = store.latest(question_id) if store is not None else None
        if latest is not None and latest.option in self.buttons:
            self.answered.append(latest.option)
            self._render(latest.option, restored=True)

    def option(self, option_id: str) -> QuizOption:
        return next(o for o in self.options if o.id == option_id)

    def choose(self, option_id: str) -> None:
        option = self.option(option_id)
        if self.store is not None:
            self.store.record(self.id, "quiz", option=option_id, correct=option.juist)
        self.answered.append(option_id)
        self._render(option_id, restored=False)

    def _render(self, option_id: str, restored: bool) -> None:
        option = self.option(option_id)
        for oid, button in self.buttons.items():
            button.button_style = (
                ("success" if option.juist else "warning") if oid == option_id else ""
            )
        verdict = TEXT("correct" if option.juist else "incorrect", self.taal)
        source = esc(self.bron)
        if self.bron_url:
            source = f'<a href="{esc(self.bron_url)}" target="_blank" rel="noopener">{source}</a>'
        restored_html = (
            f'<p class="lr-note"><em>{esc(TEXT("restored", self.taal))}</em></p>'
            if restored
            else ""
        )
        css = "lr-correct" if option.juist else "lr-incorrect"
        self.feedback.value = (
            f'<div class="lr-feedback-body {css}" role="status">'
            f"<p><strong>{esc(verdict)}</strong> {esc(option.uitleg)}</p>"
            f"<p><small>{esc(TEXT('source', self.taal))}: {source}</small></p>{restored_html}</div>"
        )
        _show_problem(self.status, self.store)

    def fallback_html(self) -> str:
        items = "".join(
            f"<li><b>{letter(i)}.</b> {esc(o.tekst)}</li>" for i, o in enumerate(self.options)
        )
        return (
            f'<div class="lr-static lr-quiz"><p><strong>{esc(self.vraag)}</strong></p>'
            f'<ul style="list-style:none">{items}</ul>'
            f"<p><em>{esc(TEXT('static_note', self.taal))}</em></p></div>"
        )

    def fallback_text(self) -> str:
        lines = [self.vraag] + [f"  {letter(i)}. {o.tekst}" for i, o in enumerate(self.options)]
        return "\n".join([*lines, TEXT("static_note", self.taal)])


class Reflection(Exercise):
    """A reflection question: a text box, a save button, and the saved text shown escaped."""

    def __init__(
        self,
        question_id: str,
        vraag: str,
        store: AnswerStore | None = None,
        *,
        taal: str = "nl",
    ):
        self.id = question_id
        self.vraag = vraag
        self.store = store
        self.taal = check_taal(taal)
        self.saved: list[str] = []
        self.textarea = w.Textarea(
            placeholder=TEXT("placeholder", taal),
            layout=w.Layout(width="100%", height="7em"),
        )
        self.textarea.add_class("lr-reflection")
        self.save_button = w.Button(description=TEXT("save", taal), button_style="primary")
        self.save_button.add_class("lr-save")
        self.save_button.on_click(lambda _b: self.save())
        self.message = _html("", "lr-saved")
        self.status = _status_widget(store)
        question = _html(f"<p><strong>{esc(vraag)}</strong></p>", "lr-question")
        self.widget = w.VBox([question, self.textarea, self.save_button, self.message, self.status])
        self.widget.add_class("lr-reflection-box")
        self.widget.add_class(f"lr-reflection-{question_id}")
        latest = store.latest(question_id) if store is not None else None
        if latest is not None and latest.text:
            self.textarea.value = latest.text
            self.saved.append(latest.text)
            self._show_saved(latest.text, TEXT("saved_earlier", self.taal))

    def save(self) -> None:
        text = self.textarea.value.strip()
        if not text:
            self.message.value = f'<p class="lr-note">{esc(TEXT("empty", self.taal))}</p>'
            return
        if self.store is not None:
            self.store.record(self.id, "reflectie", text=text)
        self.saved.append(text)
        self._show_saved(text, TEXT("saved", self.taal))
        _show_problem(self.status, self.store)

    def _show_saved(self, text: str, note: str) -> None:
        # Free text is untrusted: escaped, newlines kept visible as line breaks.
        shown = esc(text).replace("\n", "<br>")
        self.message.value = (
            f'<div class="lr-saved-body" role="status"><p><em>{esc(note)}</em></p>'
            f"<blockquote>{shown}</blockquote></div>"
        )

    def fallback_html(self) -> str:
        return (
            f'<div class="lr-static lr-reflection-box"><p><strong>{esc(self.vraag)}</strong></p>'
            f"<p><em>{esc(TEXT('static_note', self.taal))}</em></p></div>"
        )

    def fallback_text(self) -> str:
        return f"{self.vraag}\n{TEXT('static_note', self.taal)}"


class ChoiceSummary(Exercise):
    """A live table of the trainee's choices across decision points, with approach counts."""

    def __init__(self, decisions: Iterable[DecisionPoint], *, taal: str = "nl"):
        self.decisions = list(decisions)
        self.taal = check_taal(taal)
        self.view = _html("", "lr-summary")
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
                text = f"{decision._letter_of(choice.option)}. {_get(option, 'tekst')}"
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


# --- timeline ---------------------------------------------------------------------------


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


def timeline_figure(case: Any, taal: str = "nl"):
    """Stacked bars of absence per school week by kind, the rolling 4-week sum of unauthorised
    hours, the 16-hour line and the decision points; returns the matplotlib figure."""
    from leerrecht.views.plots import house_style, new_figure

    taal = check_taal(taal)
    records = case.verzuim_records()
    last_event = max(
        [item.week for item in case.tijdlijn] + [bm.week for bm in case.beslismomenten]
    )
    weeks = max([last_event] + [r["week"] for r in records])
    table = weekly_hours(records, weeks)
    xs = list(range(1, weeks + 1))
    with house_style():
        fig, ax = new_figure(figsize=(10.0, 4.2))
        bottom = [0.0] * weeks
        for kind, colour in KIND_COLORS.items():
            if kind not in table:
                continue
            ax.bar(xs, table[kind], bottom=bottom, color=colour, label=KIND_NAMES(kind, taal))
            bottom = [b + h for b, h in zip(bottom, table[kind], strict=True)]
        windows = window_totals(counted_per_week(table, weeks))
        ax.plot(
            xs,
            [t for _s, t, _d in windows],
            color=NEUTRAL,
            marker="o",
            label=TEXT("timeline_rolling", taal),
        )
        due = [x for x, (_s, _t, d) in zip(xs, windows, strict=True) if d]
        if due:
            ax.scatter(
                due,
                [windows[x - 1][1] for x in due],
                s=120,
                marker="*",
                zorder=5,
                color=HIGHLIGHT,
                edgecolors=NEUTRAL,
                label=TEXT("timeline_report", taal),
            )
        ax.axhline(
            THRESHOLD_HOURS,
            color=APPROACH_COLORS["handhaving"],
            linestyle="--",
            label=TEXT("timeline_line", taal),
        )
        for n, bm in enumerate(case.beslismomenten, start=1):
            ax.axvline(
                bm.week,
                color=APPROACH_COLORS["samenwerking"],
                alpha=0.5,
                linestyle=":",
                label=TEXT("timeline_decision", taal) if n == 1 else None,
            )
            ax.annotate(
                f"{n}",
                (bm.week, ax.get_ylim()[1]),
                ha="center",
                va="bottom",
                color=APPROACH_COLORS["samenwerking"],
                annotation_clip=False,
            )
        ax.set_xticks(xs)
        ax.set_xlabel(TEXT("timeline_week", taal))
        ax.set_ylabel(TEXT("timeline_hours", taal))
        ax.set_title(TEXT("timeline_title", taal), pad=14)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        fig.tight_layout()
    return fig


# --- meldplicht calculator ------------------------------------------------------------------

CALC_TEXT = Strings(
    {
        "hours": {"nl": "Uren per schoolweek", "en": "Hours per school week"},
        "hours_tip": {
            "nl": "Ongeoorloofd verzuim in lesuren per schoolweek, bv. 4, 6, 3, 5",
            "en": "Unauthorised absence in lesson hours per school week, e.g. 4, 6, 3, 5",
        },
        "start": {"nl": "Eerste schooldag", "en": "First school day"},
        "regio": {"nl": "Regio", "en": "Region"},
        "compute": {"nl": "Bereken", "en": "Calculate"},
        "bad_hours": {
            "nl": "'{part}' is geen geldig aantal uren. Typ per schoolweek een getal tussen 0 "
            "en 40, gescheiden door komma's, bv. 4, 6, 3, 5.",
            "en": "'{part}' is not a valid number of hours. Type one number between 0 and 40 "
            "per school week, separated by commas, e.g. 4, 6, 3, 5.",
        },
        "no_hours": {
            "nl": "Vul eerst de uren per schoolweek in.",
            "en": "Enter the hours per school week first.",
        },
        "problem": {
            "nl": "Dat lukt niet met deze datum: {message}. Kies een schooldag.",
            "en": "That does not work with this date: {message}. Choose a school day.",
        },
    }
)


class MeldplichtCalculator(Exercise):
    """Hours per school week in, whether and when a report to DUO is due out."""

    def __init__(
        self,
        hours: str = "4, 6, 3, 5, 2, 2, 10, 8",
        start: Any = None,
        regio: str = "midden",
        *,
        taal: str = "nl",
    ):
        import datetime as dt

        from leerrecht.domain.calendar import REGIONS

        self.taal = check_taal(taal)
        t = self.taal
        self.hours = w.Text(
            value=hours,
            description=CALC_TEXT("hours", t),
            placeholder=CALC_TEXT("hours_tip", t),
            tooltip=CALC_TEXT("hours_tip", t),
            style={"description_width": "12em"},
            layout=w.Layout(width="36em"),
        )
        self.hours.add_class("lr-calc-hours")
        self.start = w.DatePicker(
            value=start or dt.date(2026, 9, 7),
            description=CALC_TEXT("start", t),
            style={"description_width": "12em"},
        )
        self.start.add_class("lr-calc-start")
        self.regio = w.Dropdown(
            options=list(REGIONS),
            value=regio,
            description=CALC_TEXT("regio", t),
            style={"description_width": "12em"},
        )
        self.button = w.Button(description=CALC_TEXT("compute", t), button_style="primary")
        self.button.add_class("lr-calc")
        self.button.on_click(lambda _b: self.compute())
        self.result = _html("", "lr-feedback", "lr-calc-result")
        self.widget = w.VBox([self.hours, self.start, self.regio, self.button, self.result])
        self.widget.add_class("lr-calculator")
        self.compute()

    def compute(self) -> None:
        from leerrecht.core.errors import UserError
        from leerrecht.domain.meldplicht import describe_html, meldplicht, parse_hours

        t = self.taal
        try:
            hours = parse_hours(self.hours.value)
        except ValueError as exc:
            self.result.value = f"<p>⚠ {esc(CALC_TEXT('bad_hours', t, part=str(exc)))}</p>"
            return
        if not hours:
            self.result.value = f"<p>{esc(CALC_TEXT('no_hours', t))}</p>"
            return
        if self.start.value is None:
            self.result.value = f"<p>⚠ {esc(CALC_TEXT('problem', t, message='—'))}</p>"
            return
        try:
            reports = meldplicht(hours, self.start.value, self.regio.value)
        except UserError as exc:
            message = exc.problems[0].message if exc.problems else str(exc)
            self.result.value = f"<p>⚠ {esc(CALC_TEXT('problem', t, message=message))}</p>"
            return
        self.result.value = describe_html(reports, t)

    def fallback_html(self) -> str:
        return (
            f'<div class="lr-static lr-calculator"><p>{esc(CALC_TEXT("hours", self.taal))}: '
            f"{esc(self.hours.value)}</p>{self.result.value}</div>"
        )

    def fallback_text(self) -> str:
        from leerrecht.domain.meldplicht import describe, meldplicht, parse_hours

        try:
            lines = describe(meldplicht(parse_hours(self.hours.value), self.start.value), self.taal)
        except Exception:  # the text fallback must never break a static export
            lines = []
        return "\n".join([f"{CALC_TEXT('hours', self.taal)}: {self.hours.value}", *lines])
