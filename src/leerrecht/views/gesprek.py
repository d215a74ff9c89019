"""Views for 06_gesprek: recognising questions, rephrasing them, and the report section.

- :class:`Herkennen`: class one question (solution-focused, problem-focused, blaming, closed,
  threatening); feedback says why, with the analyser's signals;
- :class:`Herformuleren`: rewrite a blaming or closed question; the analyser answers at once,
  model rephrasings appear after the trainee's own attempt;
- :func:`report_html`: how the group classed each question and what they wrote.

The practice conversations are in :mod:`leerrecht.views.oefengesprek`. Every text a trainee
wrote is escaped wherever it is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import ipywidgets as w

from leerrecht.core.errors import UserError
from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.answers import Answer, AnswerStore
from leerrecht.domain.gesprek.analyse import DISCLAIMER, Oordeel, beoordeel
from leerrecht.domain.gesprek.oefeningen import SOORTEN, Opdracht, Zin
from leerrecht.views.htmlparts import esc, lang_attr, lang_span, table
from leerrecht.views.widgets.base import (
    Exercise,
    mark_choice,
    note_html,
    static_html,
    verdict_html,
)
from leerrecht.views.widgets.base import html_widget as _html
from leerrecht.views.widgets.base import show_problem as _show_problem
from leerrecht.views.widgets.base import status_widget as _status_widget

NOTEBOOK = "06_gesprek"
HERKENNEN = "herkennen"
HERFORMULEREN = "herformuleren"

SOORT_NAMES = Strings.load("views/gesprek", "soort_names")
TOT_NAMES = Strings.load("views/gesprek", "tot_names")
TEXT = Strings.load("views/gesprek", "text")

# The exercise material (the questions, tips, model versions, the analyser's signals) is
# Dutch by nature: the analyser judges Dutch. On a page in another language it says so.
MATERIAL_LANGUAGE = "nl"


def material_lang(taal: str) -> str:
    """The ``lang`` attribute for an element holding Dutch exercise material."""
    return lang_attr(MATERIAL_LANGUAGE, taal)


def _mark_names(verdict: str, names: Iterable[str], taal: str) -> str:
    """The (escaped) verdict with the Dutch signal names in it marked as Dutch."""
    html = esc(verdict)
    nl = material_lang(taal)
    if not nl:
        return html
    for name in sorted(set(names), key=len, reverse=True):
        html = html.replace(esc(name), f"{lang_span(name, nl)}")
    return html


def signals_html(oordeel: Oordeel, taal: str = "nl") -> str:
    """The analyser's verdict, its named signals with the words that triggered them, and
    the reminder that this is feedback to think with, not a grade."""
    nl = material_lang(taal)
    items = "".join(
        f'<li class="lr-signal lr-signal-{esc(s.richting)}"><b>{"+" if s.gewicht > 0 else "−"} '
        f"{lang_span(s.naam, nl)}</b> <q{nl}>{esc(s.fragment)}</q>: "
        f"{lang_span(s.uitleg, nl)}</li>"
        for s in oordeel.signalen
    )
    body = f"<ul>{items}</ul>" if items else f"<p>{esc(TEXT('none', taal))}</p>"
    css = "lr-verdict-yes" if oordeel.oplossingsgericht else "lr-verdict-no"
    return (
        f'<div class="lr-analysis {css}"><p><strong>'
        f"{_mark_names(oordeel.uitleg, (s.naam for s in oordeel.signalen), taal)}</strong></p>{body}"
        f'<p class="lr-disclaimer"><small>{esc(DISCLAIMER("note", taal))}</small></p></div>'
    )


def _choice_id(zin: Zin) -> str:
    return f"{HERKENNEN}:{zin.id}"


def _rephrase_id(opdracht: Opdracht) -> str:
    return f"{HERFORMULEREN}:{opdracht.id}"


class Herkennen(Exercise):
    """Class one question; the feedback explains why and shows the analyser's signals."""

    def __init__(self, zin: Zin, store: AnswerStore | None = None, *, taal: str = "nl"):
        self.zin = zin
        self.store = store
        self.taal = check_taal(taal)
        self.id = _choice_id(zin)
        self.buttons: dict[str, w.Button] = {}
        for soort in SOORTEN:
            button = w.Button(description=SOORT_NAMES(soort, taal), layout=w.Layout(width="auto"))
            button.add_class("lr-option")
            button.add_class(f"lr-option-{soort}")
            button.on_click(lambda _b, s=soort: self.choose(s))
            self.buttons[soort] = button
        self.feedback = _html("", "lr-feedback")
        self.status = _status_widget(store)
        question = _html(self._question_html(), "lr-question")
        self.widget = w.VBox(
            [question, w.HBox(list(self.buttons.values())), self.feedback, self.status]
        )
        self.widget.add_class("lr-herkennen")
        self.widget.add_class(f"lr-herkennen-{zin.id}")
        latest = store.latest(self.id) if store is not None else None
        if latest is not None and latest.option in self.buttons:
            self._render(latest.option, restored=True)

    def _question_html(self) -> str:
        return (
            f"<p><small>{esc(TOT_NAMES(self.zin.tot, self.taal))} · {esc(self.zin.casus)}</small>"
            f"</p><p{material_lang(self.taal)}><strong>“{esc(self.zin.tekst)}”</strong></p>"
            f"<p>{esc(TEXT('which', self.taal))}</p>"
        )

    def choose(self, soort: str) -> None:
        correct = soort == self.zin.soort
        if self.store is not None:
            self.store.record(self.id, "quiz", option=soort, correct=correct)
        self._render(soort, restored=False)

    def _render(self, soort: str, restored: bool) -> None:
        t = self.taal
        correct = soort == self.zin.soort
        mark_choice(self.buttons, soort, correct)
        ours = SOORT_NAMES(self.zin.soort, t)
        if correct:
            verdict = TEXT("right", t)
        elif soort != "oplossingsgericht" and not self.zin.oplossingsgericht:
            verdict = TEXT("half", t, soort=ours)
        else:
            verdict = TEXT("wrong", t, soort=ours)
        note = note_html(TEXT("restored", t)) if restored else ""
        signals = (
            f"<details><summary>{esc(TEXT('signals', t))}</summary>"
            f"{signals_html(beoordeel(self.zin.tekst, t), t)}</details>{note}"
        )
        why = f"<p{material_lang(t)}>{esc(self.zin.uitleg)}</p>" if self.zin.uitleg else ""
        self.feedback.value = verdict_html(correct, verdict, "", why + signals)
        _show_problem(self.status, self.store)

    def fallback_html(self) -> str:
        return static_html("lr-herkennen", self._question_html(), TEXT("static", self.taal))

    def fallback_text(self) -> str:
        return f"{self.zin.tekst}\n{TEXT('static', self.taal)}"


class Herformuleren(Exercise):
    """Rewrite a question; the analyser answers at once, model versions follow the attempt."""

    def __init__(self, opdracht: Opdracht, store: AnswerStore | None = None, *, taal: str = "nl"):
        self.opdracht = opdracht
        self.store = store
        self.taal = check_taal(taal)
        self.id = _rephrase_id(opdracht)
        t = self.taal
        self.textarea = w.Textarea(
            placeholder=TEXT("placeholder", t), layout=w.Layout(width="100%")
        )
        self.textarea.add_class("lr-rephrase")
        self.button = w.Button(description=TEXT("judge", t), button_style="primary")
        self.button.add_class("lr-judge")
        self.button.on_click(lambda _b: self.judge())
        self.feedback = _html("", "lr-feedback")
        self.models = _html("", "lr-models")
        self.status = _status_widget(store)
        question = _html(self._question_html(), "lr-question")
        self.widget = w.VBox(
            [question, self.textarea, self.button, self.feedback, self.models, self.status]
        )
        self.widget.add_class("lr-herformuleren")
        self.widget.add_class(f"lr-herformuleren-{opdracht.id}")
        latest = store.latest(self.id) if store is not None else None
        if latest is not None and latest.text:
            self.textarea.value = latest.text
            self._show(latest.text, restored=True)

    def _question_html(self) -> str:
        t, o = self.taal, self.opdracht
        nl = material_lang(t)
        return (
            f"<p><small>{esc(TOT_NAMES(o.tot, t))} · {esc(o.casus)}</small></p>"
            f"<p>{esc(TEXT('original', t))}: <strong{nl}>“{esc(o.origineel)}”</strong></p>"
            f"<p><small>{esc(TEXT('tip', t))}: {lang_span(o.tip, nl)}</small></p>"
        )

    def judge(self) -> Oordeel | None:
        """Analyse the trainee's text; save it with the verdict; show the model versions."""
        text = self.textarea.value
        try:
            oordeel = beoordeel(text, self.taal)
        except UserError as exc:
            message = exc.problems[0].message if exc.problems else str(exc)
            self.feedback.value = f'<p class="lr-note" role="status">⚠ {esc(message)}</p>'
            return None
        if self.store is not None:
            self.store.record(
                self.id, "quiz", text=oordeel.tekst, correct=oordeel.oplossingsgericht
            )
        self._show(oordeel.tekst, restored=False, oordeel=oordeel)
        return oordeel

    def _show(self, text: str, restored: bool, oordeel: Oordeel | None = None) -> None:
        t = self.taal
        try:
            oordeel = oordeel or beoordeel(text, t)
            analysis = signals_html(oordeel, t)
        except UserError as exc:
            analysis = f"<p>⚠ {esc(exc.problems[0].message if exc.problems else exc)}</p>"
        note = note_html(TEXT("restored", t)) if restored else ""
        self.feedback.value = (
            f'<div class="lr-feedback-body" role="status"><p>{esc(TEXT("your_version", t))}: '
            f'<q class="lr-own-text"{material_lang(t)}>{esc(text)}</q></p>{analysis}{note}</div>'
        )
        models = "".join(f"<li>{esc(m)}</li>" for m in self.opdracht.modellen)
        self.models.value = (
            f"<p><strong>{esc(TEXT('models', t))}</strong></p><ul{material_lang(t)}>{models}</ul>"
        )
        _show_problem(self.status, self.store)

    def fallback_html(self) -> str:
        return static_html("lr-herformuleren", self._question_html(), TEXT("static", self.taal))

    def fallback_text(self) -> str:
        return f"{self.opdracht.origineel}\n{TEXT('static', self.taal)}"


# --- report -----------------------------------------------------------------------------


def _latest(answers: Iterable[Answer], prefix: str) -> dict[str, dict[str, Answer]]:
    """question -> trainee -> that trainee's last answer, for this notebook and prefix."""
    found: dict[str, dict[str, Answer]] = {}
    for a in answers:
        if a.notebook == NOTEBOOK and a.question.startswith(prefix + ":"):
            found.setdefault(a.question, {})[a.trainee] = a
    return found


def classification_html(answers: Sequence[Answer], zinnen: Sequence[Zin], taal: str = "nl") -> str:
    """Per exercise sentence: our label, how many trainees were right, what they chose."""
    latest = _latest(answers, HERKENNEN)
    rows = []
    for zin in zinnen:
        chosen = latest.get(_choice_id(zin), {})
        if not chosen:
            continue
        counts = Counter(a.option for a in chosen.values())
        right = counts.get(zin.soort, 0)
        spread = ", ".join(
            f"{esc(SOORT_NAMES(s, taal))}: {n}" for s, n in sorted(counts.items()) if s
        )
        rows.append(
            [
                f"<span{material_lang(taal)}>“{esc(zin.tekst)}”</span>",
                esc(SOORT_NAMES(zin.soort, taal)),
                f'<span class="lr-count">{right}/{len(chosen)}</span>',
                spread,
            ]
        )
    if not rows:
        return f"<p>{esc(TEXT('r_none', taal))}</p>"
    head = [TEXT(k, taal) for k in ("r_question", "r_label", "r_right", "r_chosen")]
    return table(head, rows, "lr-report lr-report-herkennen")


def rephrasings_html(
    answers: Sequence[Answer], opdrachten: Sequence[Opdracht], taal: str = "nl"
) -> str:
    """Per rephrasing exercise: each trainee's last version (escaped) and the verdict."""
    latest = _latest(answers, HERFORMULEREN)
    parts = []
    for opdracht in opdrachten:
        written = latest.get(_rephrase_id(opdracht), {})
        if not written:
            continue
        rows = [
            [
                esc(trainee),
                f'<span class="lr-own-text"{material_lang(taal)}>{esc(a.text)}</span>',
                esc(TEXT("yes" if a.correct else "no", taal)),
            ]
            for trainee, a in sorted(written.items())
        ]
        head = [TEXT(k, taal) for k in ("r_trainee", "r_text", "r_verdict")]
        parts.append(
            f"<h4{material_lang(taal)}>“{esc(opdracht.origineel)}”</h4>"
            f"{table(head, rows, 'lr-report lr-report-herformuleren')}"
        )
    return "".join(parts) or f"<p>{esc(TEXT('r_none', taal))}</p>"


def report_html(answers: Sequence[Answer], taal: str = "nl") -> str:
    """The cohort report's section for 06_gesprek."""
    from leerrecht.domain.gesprek import oefeningen
    from leerrecht.views.oefengesprek import conversations_html

    zinnen, opdrachten, gesprekken = oefeningen.bundled()
    titles = [
        TEXT(key, taal) for key in ("title_herkennen", "title_herformuleren", "title_gesprekken")
    ]
    return (
        f'<div class="lr-report-gesprek"><h3>{esc(titles[0])}</h3>'
        f"{classification_html(answers, [z for z in zinnen if z.oefening], taal)}"
        f"<h3>{esc(titles[1])}</h3>{rephrasings_html(answers, opdrachten, taal)}"
        f"<h3>{esc(titles[2])}</h3>{conversations_html(answers, gesprekken, taal)}</div>"
    )


def report_section_html(answers: Sequence[Answer], taal: str = "nl") -> str:
    """The cohort report's section for 06_gesprek, with its own heading (in ``taal``)."""
    return f"<h2>{esc(TEXT('report_title', taal))}</h2>" + report_html(answers, taal)
