"""Content helpers for the welcome notebook: the cohort's programme and who is signed in."""

from __future__ import annotations

from leerrecht.core.formats import format_date
from leerrecht.core.i18n import Strings
from leerrecht.domain.cohort import Cohort
from leerrecht.views.htmlparts import count_noun, esc, table

TEXT = Strings.load("views/welkom", "text")


def programme_html(cohort: Cohort, taal: str = "nl") -> str:
    """The course days as an HTML table (all text escaped)."""
    if not cohort.programma:
        return f"<p>{esc(TEXT('no_programme', taal))}</p>"
    rows = [[format_date(s.datum, taal), esc(s.onderwerp)] for s in cohort.programma]
    return table([TEXT("date", taal), TEXT("topic", taal)], rows)


def identity_html(cohort: Cohort, trainee: str | None, taal: str = "nl") -> str:
    """Tell the trainee under which pseudonym their answers are saved."""
    if not trainee:
        return f"<p>{TEXT('anonymous', taal)}</p>"
    return "<p>" + TEXT("signed_in", taal, trainee=esc(trainee), cohort=esc(cohort.naam)) + "</p>"


_NOUNS = {
    "nl": ("bijeenkomst", "notebook", "casus", "deelnemer"),
    "en": ("session", "notebook", "case", "trainee"),
}


def summary_line(cohort: Cohort, taal: str = "nl") -> str:
    """One plain line about the cohort (checked by nbval)."""
    nouns = _NOUNS[taal]
    return TEXT(
        "summary",
        taal,
        naam=cohort.naam,
        sessions=count_noun(len(cohort.programma), nouns[0], taal),
        notebooks=count_noun(len(cohort.notebooks), nouns[1], taal),
        cases=count_noun(len(cohort.casussen), nouns[2], taal),
        trainees=count_noun(len(cohort.deelnemers), nouns[3], taal),
    )
