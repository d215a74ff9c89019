"""What the trainer's live view shows: the group's choices, endings and reflections.

Pure data: :func:`tally` turns answers (read like ``hub collect`` reads them, never
written) into one JSON-ready mapping; :mod:`leerrecht.hub.liveserver` serves it.

Each trainee counts once per question: their latest answer (a trainee who changes their
mind moves their vote). A trainee has reached an ending when the last decision they took in
a case has no next decision point (``volgende`` empty); it counts under that option's
approach and the case's path of that approach.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from leerrecht.domain.answers import Answer, read_cohort
from leerrecht.hub.collect import home_answers_path, owned_answers

if TYPE_CHECKING:
    from leerrecht.domain.cases import Case
    from leerrecht.domain.cohort import Cohort
    from leerrecht.hub.client import HubClient


def latest_per_trainee(answers: Iterable[Answer]) -> dict[tuple[str, str, str], Answer]:
    """(trainee, case, question) -> that trainee's latest answer; later lines win."""
    latest: dict[tuple[str, str, str], Answer] = {}
    for answer in answers:
        latest[(answer.trainee, answer.case, answer.question)] = answer
    return latest


def choice_counts(answers: Iterable[Answer]) -> Counter[tuple[str, str, str]]:
    """How many trainees' latest decision is (case, question, option)."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for answer in latest_per_trainee(answers).values():
        if answer.kind == "beslissing" and answer.option:
            counts[(answer.case, answer.question, answer.option)] += 1
    return counts


def reflection_id(answer: Answer) -> str:
    """A stable id, so a reflection the trainer hid stays hidden as the page updates."""
    key = f"{answer.trainee}|{answer.case}|{answer.question}|{answer.time}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _decision_rows(case: Case, counts: Counter) -> list[dict[str, Any]]:
    rows = []
    for point in case.beslismomenten:
        options = [
            {
                "id": o.id,
                "tekst": o.tekst,
                "aanpak": o.aanpak,
                "count": counts.get((case.id, point.id, o.id), 0),
            }
            for o in point.opties
        ]
        rows.append(
            {
                "case": case.id,
                "question": point.id,
                "week": point.week,
                "vraag": point.vraag,
                "options": options,
                "answered": sum(o["count"] for o in options),
            }
        )
    return rows


def _endings(case: Case, answers: list[Answer]) -> list[dict[str, Any]]:
    final = {
        (point.id, o.id): o.aanpak
        for point in case.beslismomenten
        for o in point.opties
        if not o.volgende
    }
    last_decision: dict[str, Answer] = {}  # per trainee, in the order answered
    for answer in answers:
        if answer.case == case.id and answer.kind == "beslissing":
            last_decision[answer.trainee] = answer
    reached: Counter[str] = Counter()
    for answer in last_decision.values():
        approach = final.get((answer.question, answer.option or ""))
        if approach:
            reached[approach] += 1
    rows = []
    for approach in ("handhaving", "zorg", "samenwerking"):
        path = getattr(case.paden, approach, None)
        if path is not None or reached[approach]:
            title = path.titel if path is not None else approach
            rows.append(
                {"case": case.id, "aanpak": approach, "titel": title, "count": reached[approach]}
            )
    return rows


def tally(answers: list[Answer], cases: list[Case]) -> dict[str, Any]:
    """Everything the page shows, for ``cases`` (the cohort's, in its order)."""
    counts = choice_counts(answers)
    latest = latest_per_trainee(answers)
    questions = {(c.id, r.id): r.vraag for c in cases for r in c.reflectie}
    reflections = [
        {
            "id": reflection_id(a),
            "trainee": a.trainee,
            "case": a.case,
            "vraag": questions.get((a.case, a.question), a.question),
            "text": a.text,
            "time": a.time,
        }
        for a in sorted(latest.values(), key=lambda a: a.time)
        if a.kind == "reflectie" and (a.text or "").strip()
    ]
    return {
        "cases": [
            {
                "id": c.id,
                "titel": c.titel,
                "decisions": _decision_rows(c, counts),
                "endings": _endings(c, answers),
            }
            for c in cases
        ],
        "reflections": reflections,
        "trainees": sorted({a.trainee for a in answers}),
    }


# --- where the answers come from (read only) ---------------------------------------------


def local_source(cohort: Cohort, answers_dir: str | None = None) -> Callable[[], list[Answer]]:
    """The cohort's answers folder on this machine (the trainer's copy or a laptop class)."""
    from pathlib import Path

    root = Path(answers_dir) if answers_dir else cohort.answers_root

    def read() -> list[Answer]:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # damaged or forged lines are skipped quietly here
            return read_cohort(root, cohort.naam)

    return read


def hub_source(cohort: Cohort, client: HubClient) -> Callable[[], list[Answer]]:
    """Each running trainee server's own answers file, through the hub (never starts one)."""

    def read() -> list[Answer]:
        answers: list[Answer] = []
        for name in cohort.deelnemers:
            if not client.server_ready(name):
                continue
            text = client.file_text(name, home_answers_path(cohort.naam, name))
            if text:
                answers.extend(owned_answers(text, cohort.naam, name)[0])
        return answers

    return read


def _load_case(case_id: str) -> Case | None:
    from leerrecht.core.errors import UserError
    from leerrecht.domain.cases import load_case

    try:
        return load_case(case_id)
    except (UserError, KeyError, OSError):
        return None


def cohort_cases(cohort: Cohort) -> list[Case]:
    """The cohort's cases that can be loaded (a missing one is left out, not fatal)."""
    return [c for c in map(_load_case, cohort.casussen) if c is not None]


class CaseList:
    """The cohort's cases, then any other case the answers are about (e.g. the case
    notebook's default case on a hub), each loaded once."""

    def __init__(self, cohort: Cohort):
        self.cases = cohort_cases(cohort)
        self._tried = {c.id for c in self.cases} | set(cohort.casussen)

    def for_answers(self, answers: Iterable[Answer]) -> list[Case]:
        for case_id in sorted({a.case for a in answers if a.case} - self._tried):
            self._tried.add(case_id)
            case = _load_case(case_id)
            if case is not None:
                self.cases.append(case)
        return list(self.cases)


def view_data(source: Callable[[], list[Answer]], cases: CaseList) -> dict[str, Any]:
    """One update of the page: read the answers, tally them."""
    answers = source()
    return tally(answers, cases.for_answers(answers))
