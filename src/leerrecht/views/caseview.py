"""HTML views of a case for the case notebook (02), and the notebook's clear stops.

Pure functions that return HTML strings (every text escaped), so they are easy to test and
the notebook stays thin. :class:`NotebookStop` ends a notebook run with a short Dutch
message instead of a traceback (IPython shows ``_render_traceback_``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from leerrecht.core.i18n import Strings
from leerrecht.views.htmlparts import esc

TEXT = Strings(
    {
        "goals": {"nl": "Leerdoelen van deze casus", "en": "Learning goals of this case"},
        "profile": {"nl": "Wie gaat het om?", "en": "Who is it about?"},
        "roepnaam": {"nl": "Roepnaam", "en": "First name"},
        "leeftijd": {"nl": "Leeftijd", "en": "Age"},
        "onderwijstype": {"nl": "Onderwijs", "en": "Education"},
        "leerjaar": {"nl": "Leerjaar", "en": "Year"},
        "gemeente": {"nl": "Gemeente", "en": "Municipality"},
        "school": {"nl": "School", "en": "School"},
        "context": {"nl": "Achtergrond", "en": "Background"},
        "years": {"nl": "{n} jaar", "en": "{n} years"},
        "week": {"nl": "Week {n}", "en": "Week {n}"},
        "hours": {"nl": "{uren} uur {soort}", "en": "{uren} h {soort}"},
        "outcome": {"nl": "Hoe het afliep", "en": "How it ended"},
        "model_answers": {"nl": "Modelantwoorden", "en": "Model answers"},
        "guide": {"nl": "Gespreksleiding", "en": "Leading the discussion"},
        "unknown_case": {
            "nl": "De casus '{case_id}' bestaat niet. Kies een van deze casussen: {known}. "
            "Vraag je trainer om de juiste naam als je twijfelt.",
            "en": "The case '{case_id}' does not exist. Choose one of: {known}. Ask your "
            "trainer for the right name if in doubt.",
        },
        "invalid_case": {
            "nl": "De casus '{case_id}' kon niet worden ingelezen: het bestand bevat een fout. "
            "Je trainer kan dit controleren met: leerrecht cases validate. ({detail})",
            "en": "The case '{case_id}' could not be read: the file contains a mistake. Your "
            "trainer can check it with: leerrecht cases validate. ({detail})",
        },
        "unknown_trainee": {
            "nl": "De deelnemersnaam '{trainee}' staat niet in de deelnemerslijst van cohort "
            "{cohort}. Bekende namen: {known}. Je antwoorden worden wel bewaard onder "
            "'{trainee}'; klopt de naam niet, vraag je trainer dan om de juiste link.",
            "en": "The participant name '{trainee}' is not in the list of cohort {cohort}. "
            "Known names: {known}. Your answers are saved under '{trainee}'; if the name is "
            "wrong, ask your trainer for the right link.",
        },
        "bad_settings": {
            "nl": "De instellingen van dit notebook kloppen niet: {detail}",
            "en": "This notebook's settings are not right: {detail}",
        },
    }
)

SOORT_NL = {
    "ongeoorloofd": "ongeoorloofd",
    "te_laat": "te laat",
    "ziek": "ziek",
    "geoorloofd": "geoorloofd",
    "luxe": "luxe verzuim",
    "geschorst": "geschorst",
}
ONDERWIJS_NL = {
    "po": "basisonderwijs (po)",
    "vo": "voortgezet onderwijs (vo)",
    "mbo": "mbo",
    "isk": "internationale schakelklas (isk)",
    "so": "speciaal onderwijs (so)",
    "vso": "voortgezet speciaal onderwijs (vso)",
}


class NotebookStop(Exception):
    """Stops a notebook with a readable message (no traceback) when its input is wrong."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def _render_traceback_(self) -> list[str]:
        return [self.message]


def message_html(text: str, kind: str = "warning") -> str:
    """A boxed message for the notebook (kind: warning or info)."""
    colour = "#D55E00" if kind == "warning" else "#0072B2"
    return (
        f'<div class="lr-message lr-{esc(kind)}" role="alert" style="border-left: 4px solid '
        f'{colour}; padding: 0.4em 0.8em; margin: 0.5em 0">{esc(text)}</div>'
    )


def known_case_ids(folder=None) -> list[str]:
    from leerrecht.domain.cases import case_files

    return [p.stem for p in case_files(folder)]


def open_case(case_id: str, taal: str = "nl", folder=None):
    """Load a case; for an unknown or broken case show a clear message and stop the notebook."""
    from IPython.display import HTML, display

    from leerrecht.core.errors import UserError
    from leerrecht.domain.cases import load_case

    known = known_case_ids(folder)
    if case_id not in known:
        text = TEXT("unknown_case", taal, case_id=case_id, known=", ".join(known) or "—")
        display(HTML(message_html(text)))
        raise NotebookStop(text)
    try:
        return load_case(case_id, folder)
    except UserError as exc:
        text = TEXT("invalid_case", taal, case_id=case_id, detail=str(exc.problems[0]))
        display(HTML(message_html(text)))
        raise NotebookStop(text) from None


def unknown_trainee_text(settings: Any, taal: str = "nl") -> str | None:
    """A message when the cohort file lists participants and the trainee is not one of them."""
    if settings.known_trainee:
        return None
    return TEXT(
        "unknown_trainee",
        taal,
        trainee=settings.trainee,
        cohort=settings.cohort,
        known=", ".join(settings.participants or ()) or "—",
    )


def show_trainer_notes(settings: Any, env: Mapping[str, str] | None = None) -> bool:
    """Whether trainer-only cells show their content here.

    ``LEERRECHT_ROLE`` (set by ``leerrecht lab``/``app``) decides when present; on a hub
    (``JUPYTERHUB_USER``) only the cohort's trainer sees them; elsewhere (the cohort runner,
    a researcher's own machine) they show, and the trainee edition drops those cells.
    """
    env = os.environ if env is None else env
    role = env.get("LEERRECHT_ROLE")
    if role:
        return role == "trainer"
    hub_user = env.get("JUPYTERHUB_USER")
    if hub_user:
        return settings.trainer is not None and hub_user == settings.trainer
    return True


def story_html(case: Any, taal: str = "nl") -> str:
    goals = "".join(f"<li>{esc(g)}</li>" for g in case.leerdoelen)
    return (
        f'<div class="lr-story"><h2>{esc(case.titel)}</h2><p>{esc(case.samenvatting)}</p>'
        f"<h4>{esc(TEXT('goals', taal))}</h4><ul>{goals}</ul></div>"
    )


def profile_html(case: Any, taal: str = "nl") -> str:
    p = case.profiel
    onderwijs = (
        ONDERWIJS_NL.get(p.onderwijstype, p.onderwijstype) if taal == "nl" else p.onderwijstype
    )
    rows = [
        ("roepnaam", p.roepnaam),
        ("leeftijd", TEXT("years", taal, n=p.leeftijd)),
        ("onderwijstype", onderwijs),
        ("leerjaar", p.leerjaar),
        ("gemeente", p.gemeente),
        ("school", p.school),
        ("context", p.context),
    ]
    body = "".join(
        f'<tr><th style="text-align:left">{esc(TEXT(k, taal))}</th><td style="text-align:left">'
        f"{esc(v)}</td></tr>"
        for k, v in rows
    )
    return (
        f'<div class="lr-profile"><h4>{esc(TEXT("profile", taal))}</h4><table>{body}</table></div>'
    )


def events_html(case: Any, taal: str = "nl") -> str:
    """The timeline as a list: week, what happened, absence that week."""
    items = []
    for item in case.tijdlijn:
        absence = ", ".join(
            TEXT("hours", taal, uren=f"{v.uren:g}", soort=SOORT_NL.get(v.soort, v.soort))
            for v in item.verzuim
        )
        extra = f" <small>({esc(absence)})</small>" if absence else ""
        items.append(
            f"<li><b>{esc(TEXT('week', taal, n=item.week))}</b>: {esc(item.gebeurtenis)}{extra}</li>"
        )
    return f'<ul class="lr-events">{"".join(items)}</ul>'


def paths_html(case: Any, taal: str = "nl") -> str:
    """The enforcement-led and care-led paths (and cooperation, if any) side by side."""
    from leerrecht.views.plots import APPROACH_COLORS

    columns = []
    for key in ("handhaving", "zorg", "samenwerking"):
        pad = getattr(case.paden, key, None)
        if pad is None:
            continue
        steps = "".join(f"<li>{esc(s)}</li>" for s in pad.verloop)
        columns.append(
            f'<div class="lr-path lr-path-{key}" style="flex: 1 1 18em; border-top: 4px solid '
            f'{APPROACH_COLORS[key]}; padding: 0 0.8em"><h4>{esc(pad.titel)}</h4><ol>{steps}</ol>'
            f"<p><b>{esc(TEXT('outcome', taal))}:</b> {esc(pad.uitkomst)}</p></div>"
        )
    return (
        '<div class="lr-paths" style="display: flex; flex-wrap: wrap; gap: 1em">'
        f"{''.join(columns)}</div>"
    )


def trainer_html(case: Any, taal: str = "nl") -> str:
    """Discussion guide and model answers (for the trainer edition only)."""
    questions = {bm.id: bm.vraag for bm in case.beslismomenten}
    questions.update({r.id: r.vraag for r in case.reflectie})
    answers = "".join(
        f"<li><b>{esc(key)}</b> <i>{esc(questions.get(key, ''))}</i><br>{esc(text)}</li>"
        for key, text in case.trainer.modelantwoorden.items()
    )
    return (
        f'<div class="lr-trainer"><h4>{esc(TEXT("guide", taal))}</h4>'
        f"<p>{esc(case.trainer.gespreksleiding)}</p>"
        f"<h4>{esc(TEXT('model_answers', taal))}</h4><ul>{answers}</ul></div>"
    )


def sources_html(sources: Iterable[Any]) -> str:
    items = "".join(
        f'<li><a href="{esc(b.url)}" target="_blank" rel="noopener">{esc(b.titel)}</a> '
        f"<small>({esc(b.url)})</small></li>"
        for b in sources
    )
    return f'<ul class="lr-sources">{items}</ul>'


def start(
    notebook: str,
    *,
    cohort: str = "",
    cohort_file: str = "",
    answers_dir: str = "",
    trainee: str = "",
    taal: str = "nl",
    case: str = "",
):
    """A notebook's first step: resolve settings, show who answers (or why answers are not
    saved), and return ``(settings, store)``. Wrong settings stop with a clear message."""
    from IPython.display import HTML, display

    from leerrecht.domain.answers import AnswerStore

    settings = settings_or_stop(cohort, cohort_file, answers_dir, trainee, taal)
    store = AnswerStore(
        settings.answers_dir,
        settings.cohort,
        settings.trainee,
        notebook=notebook,
        case=case,
        taal=taal,
    )
    store.check()
    warning = unknown_trainee_text(settings, taal)
    if warning:
        display(HTML(message_html(warning)))
    display(HTML(message_html(store.status(), "warning" if store.problem else "info")))
    return settings, store


def settings_or_stop(
    cohort: str = "",
    cohort_file: str = "",
    answers_dir: str = "",
    trainee: str = "",
    taal: str = "nl",
):
    """:func:`leerrecht.domain.answers.resolve_settings`, or a clear message and a stop."""
    from IPython.display import HTML, display

    from leerrecht.core.errors import UserError
    from leerrecht.core.i18n import check_taal
    from leerrecht.domain.answers import resolve_settings

    try:
        check_taal(taal)
        return resolve_settings(cohort, cohort_file, answers_dir, trainee)
    except (UserError, ValueError) as exc:
        detail = str(exc.problems[0]) if isinstance(exc, UserError) and exc.problems else str(exc)
        text = TEXT("bad_settings", "en" if taal == "en" else "nl", detail=detail)
        display(HTML(message_html(text)))
        raise NotebookStop(text) from None


DEFAULT_CASE = "isk-nieuwkomer"


def resolve_case_id(case_id: str = "", env: Mapping[str, str] | None = None) -> str:
    """The case to show: explicit > ``LEERRECHT_CASE`` (set by ``leerrecht lab/app --case``)
    > the default case."""
    env = os.environ if env is None else env
    return case_id or env.get("LEERRECHT_CASE", "") or DEFAULT_CASE
