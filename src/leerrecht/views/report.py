"""The cohort report: how a cohort chose, how choices changed, what trainees reflected.

Input is the answer store (:mod:`leerrecht.domain.answers`); output is plain data, HTML (every
trainee text escaped) and matplotlib figures in the house style. A trainee's *final*
choice at a decision point is their last answer; their *first* choice is their first
answer; "changed" counts trainees whose last option differs from their first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from leerrecht.core import vocab
from leerrecht.core.i18n import Strings
from leerrecht.domain.answers import APPROACHES, Answer
from leerrecht.views.htmlparts import count_noun, esc

TEXT = Strings.load("views/report", "text")

APPROACH_LABELS = vocab.labels("aanpak")


def natural_key(text: str) -> list[Any]:
    """Sort 'bm2' before 'bm10'."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


@dataclass
class PointSummary:
    """How the cohort answered one decision point of one case."""

    case: str
    question: str
    trainees: int = 0
    final: Counter[str] = field(default_factory=Counter)  # approach -> trainees (last answer)
    first: Counter[str] = field(default_factory=Counter)  # approach -> trainees (first answer)
    options: Counter[str] = field(default_factory=Counter)  # option -> trainees (last answer)
    changed: int = 0  # trainees whose last option differs from their first

    def counts(self, which: str = "final") -> dict[str, int]:
        """Counts per approach in a fixed order (zeros included)."""
        source = self.final if which == "final" else self.first
        return {a: source.get(a, 0) for a in APPROACHES}


def decisions(answers: Iterable[Answer]) -> list[PointSummary]:
    """Per (case, decision point): final and first approach counts, option counts, changes.

    Answers are taken in the order given (the order they were written per trainee)."""
    per: dict[tuple[str, str], dict[str, list[Answer]]] = {}
    for a in answers:
        if a.kind != "beslissing" or a.approach is None:
            continue
        per.setdefault((a.case, a.question), {}).setdefault(a.trainee, []).append(a)
    summaries = []
    for (case, question), by_trainee in per.items():
        s = PointSummary(case=case, question=question, trainees=len(by_trainee))
        for chosen in by_trainee.values():
            first, last = chosen[0], chosen[-1]
            s.first[first.approach] += 1
            s.final[last.approach] += 1
            s.options[last.option or "?"] += 1
            s.changed += first.option != last.option
        summaries.append(s)
    return sorted(summaries, key=lambda s: (s.case, natural_key(s.question)))


def reflections(answers: Iterable[Answer]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Per (case, question): each trainee's latest reflection text, by trainee name."""
    latest: dict[tuple[str, str], dict[str, str]] = {}
    for a in answers:
        if a.kind == "reflectie" and a.text:
            latest.setdefault((a.case, a.question), {})[a.trainee] = a.text
    return {
        key: sorted(texts.items())
        for key, texts in sorted(latest.items(), key=lambda kv: (kv[0][0], natural_key(kv[0][1])))
    }


def summary_line(cohort: str, answers: Sequence[Answer], taal: str = "nl") -> str:
    """One deterministic sentence about the cohort's answers (or that there are none)."""
    if not answers:
        return TEXT("no_answers", taal, cohort=cohort)
    nouns = {
        "nl": ("deelnemer", "antwoord", "beslismoment", "reflectie"),
        "en": ("trainee", "answer", "decision point", "reflection"),
    }[taal]
    return TEXT(
        "summary",
        taal,
        cohort=cohort,
        trainees=count_noun(len({a.trainee for a in answers}), nouns[0], taal),
        answers=count_noun(len(answers), nouns[1], taal),
        points=count_noun(len(decisions(answers)), nouns[2], taal),
        reflections=count_noun(sum(len(v) for v in reflections(answers).values()), nouns[3], taal),
    )


def counts_text(summaries: Sequence[PointSummary], taal: str = "nl") -> str:
    """A plain-text table of final choices per decision point (for checks and exports)."""
    lines = []
    for s in summaries:
        parts = ", ".join(f"{APPROACH_LABELS(a, taal)} {n}" for a, n in s.counts("final").items())
        changed = TEXT("changed", taal).lower()
        lines.append(f"{s.case} {s.question}: {parts} ({changed}: {s.changed}/{s.trainees})")
    return "\n".join(lines)


def decisions_html(
    summaries: Sequence[PointSummary],
    questions: Mapping[tuple[str, str], str] | None = None,
    taal: str = "nl",
) -> str:
    """A table: one row per decision point, counts per approach (final and first), changes."""
    from leerrecht.views.plots import APPROACH_COLORS

    questions = questions or {}
    head = (
        f"<th>{esc(TEXT('case', taal))}</th><th>{esc(TEXT('point', taal))}</th>"
        f"<th>{esc(TEXT('trainees', taal))}</th>"
        + "".join(
            f'<th style="color:{APPROACH_COLORS[a]}">{esc(APPROACH_LABELS(a, taal))}</th>'
            for a in APPROACHES
        )
        + f"<th>{esc(TEXT('options', taal))}</th><th>{esc(TEXT('changed', taal))}</th>"
    )
    rows = []
    for s in summaries:
        final, first = s.counts("final"), s.counts("first")
        cells = "".join(
            f'<td class="lr-count lr-count-{a}">{final[a]} '
            f"<small>({esc(TEXT('first', taal))}: {first[a]})</small></td>"
            for a in APPROACHES
        )
        options = ", ".join(f"{esc(o)}: {n}" for o, n in sorted(s.options.items()))
        label = esc(s.question)
        if (s.case, s.question) in questions:
            label += f"<br><small>{esc(questions[(s.case, s.question)])}</small>"
        rows.append(
            f'<tr class="lr-point"><td>{esc(s.case)}</td><td>{label}</td><td>{s.trainees}</td>'
            f"{cells}<td>{options}</td><td>{s.changed}</td></tr>"
        )
    return (
        f'<table class="lr-report"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def reflections_html(
    found: Mapping[tuple[str, str], Sequence[tuple[str, str]]],
    questions: Mapping[tuple[str, str], str] | None = None,
    taal: str = "nl",
) -> str:
    """Reflections per question; every trainee text and name escaped, newlines kept."""
    if not found:
        return f"<p>{esc(TEXT('no_reflections', taal))}</p>"
    questions = questions or {}
    parts = []
    for (case, question), texts in found.items():
        title = questions.get((case, question), question)
        items = "".join(
            f"<li><b>{esc(trainee)}</b>: {esc(text).replace(chr(10), '<br>')}</li>"
            for trainee, text in texts
        )
        parts.append(
            f'<div class="lr-reflections"><h4>{esc(case)} · {esc(question)}: {esc(title)}'
            f"</h4><ul>{items}</ul></div>"
        )
    return "".join(parts)


def questions_from_cases(cases: Iterable[Any]) -> dict[tuple[str, str], str]:
    """(case id, question id) → question text, for decision points and reflections."""
    found: dict[tuple[str, str], str] = {}
    for case in cases:
        for bm in case.beslismomenten:
            found[(case.id, bm.id)] = bm.vraag
        for r in case.reflectie:
            found[(case.id, r.id)] = r.vraag
    return found


def decisions_figure(summaries: Sequence[PointSummary], taal: str = "nl"):
    """Horizontal stacked bars: per decision point, trainees' final choice per approach."""
    from leerrecht.views.plots import APPROACH_COLORS, house_style, new_figure

    labels = [f"{s.case} · {s.question}" for s in summaries]
    with house_style():
        fig, ax = new_figure(figsize=(8.0, max(2.5, 0.5 * len(summaries) + 1.5)))
        left = [0] * len(summaries)
        ys = list(range(len(summaries)))
        for a in APPROACHES:
            values = [s.counts("final")[a] for s in summaries]
            ax.barh(ys, values, left=left, color=APPROACH_COLORS[a], label=APPROACH_LABELS(a, taal))
            left = [x + v for x, v in zip(left, values, strict=True)]
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_xlabel(TEXT("count", taal))
        ax.set_title(TEXT("title_final", taal))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.tight_layout()
    return fig


def change_figure(summaries: Sequence[PointSummary], taal: str = "nl"):
    """Share per approach among first choices and among final choices (all decision points)."""
    from leerrecht.views.plots import APPROACH_COLORS, house_style, new_figure

    totals = {"first": Counter(), "final": Counter()}
    for s in summaries:
        totals["first"].update(s.counts("first"))
        totals["final"].update(s.counts("final"))
    with house_style():
        fig, ax = new_figure(figsize=(7.0, 2.8))
        keys = ["first", "final"]
        left = [0.0, 0.0]
        for a in APPROACHES:
            shares = [totals[k][a] / max(1, sum(totals[k].values())) for k in keys]
            ax.barh(
                [0, 1], shares, left=left, color=APPROACH_COLORS[a], label=APPROACH_LABELS(a, taal)
            )
            left = [x + v for x, v in zip(left, shares, strict=True)]
        ax.set_yticks([0, 1], [TEXT(k, taal) for k in keys])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel(TEXT("share", taal))
        ax.set_title(TEXT("title_change", taal))
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.tight_layout()
    return fig


def load_answers(answers_dir, cohort: str) -> tuple[list[Answer], list[str]]:
    """A cohort's answers plus the warnings about damaged lines that reading produced."""
    import warnings

    from leerrecht.domain.answers import read_cohort

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = read_cohort(answers_dir, cohort)
    return found, [str(w.message) for w in caught]


def cases_for(answers: Iterable[Answer]) -> list[Any]:
    """The cases the answers refer to, loaded where possible (unknown ids are left out)."""
    from leerrecht.core.errors import UserError
    from leerrecht.domain.cases import load_case

    found = []
    for case_id in sorted({a.case for a in answers if a.case}):
        try:
            found.append(load_case(case_id))
        except UserError:
            continue
    return found
