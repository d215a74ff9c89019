"""HTML views of a case for the case notebook (02).

Pure functions that return HTML strings (every text escaped), so they are easy to test and
the notebook stays thin. Starting a notebook (settings, role, the case to show) is the
runtime's job: :mod:`leerrecht.notebook`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from leerrecht.core import vocab
from leerrecht.core.i18n import Strings
from leerrecht.views.htmlparts import esc, lang_attr

# Cases (casestudies/*.yml) are written in Dutch, whatever the cohort's language; every
# element that shows case text says so (lang="nl") on a page in another language.
CASE_LANGUAGE = "nl"

TEXT = Strings.load("views/caseview", "text")


def case_lang(taal: str) -> str:
    """The ``lang`` attribute for an element holding case text on a page in ``taal``."""
    return lang_attr(CASE_LANGUAGE, taal)


def story_html(case: Any, taal: str = "nl") -> str:
    nl = case_lang(taal)
    goals = "".join(f"<li>{esc(g)}</li>" for g in case.leerdoelen)
    return (
        f'<div class="lr-story"><h2{nl}>{esc(case.titel)}</h2><p{nl}>{esc(case.samenvatting)}</p>'
        f"<h4>{esc(TEXT('goals', taal))}</h4><ul{nl}>{goals}</ul></div>"
    )


def profile_html(case: Any, taal: str = "nl") -> str:
    p = case.profiel
    nl = case_lang(taal)
    rows = [  # (label, value, the value's lang attribute: case text is Dutch)
        ("roepnaam", p.roepnaam, ""),
        ("leeftijd", TEXT("years", taal, n=p.leeftijd), ""),
        ("onderwijstype", vocab.label("onderwijstype", p.onderwijstype, taal), ""),
        ("leerjaar", p.leerjaar, nl),
        ("gemeente", p.gemeente, ""),
        ("school", p.school, ""),
        ("context", p.context, nl),
    ]
    body = "".join(
        f'<tr><th style="text-align:left">{esc(TEXT(k, taal))}</th><td style="text-align:left"'
        f"{lang}>{esc(v)}</td></tr>"
        for k, v, lang in rows
    )
    # no heading of its own: the notebook's section heading ("Wie gaat het om?") names it
    return f'<div class="lr-profile"><table>{body}</table></div>'


def events_html(case: Any, taal: str = "nl") -> str:
    """The timeline as a list: week, what happened, absence that week."""
    nl = case_lang(taal)
    items = []
    for item in case.tijdlijn:
        absence = ", ".join(
            TEXT("hours", taal, uren=f"{v.uren:g}", soort=vocab.label("soort", v.soort, taal))
            for v in item.verzuim
        )
        extra = f" <small>({esc(absence)})</small>" if absence else ""
        items.append(
            f"<li><b>{esc(TEXT('week', taal, n=item.week))}</b>: <span{nl}>{esc(item.gebeurtenis)}</span>"
            f"{extra}</li>"
        )
    return f'<ul class="lr-events">{"".join(items)}</ul>'


def paths_html(case: Any, taal: str = "nl") -> str:
    """The enforcement-led and care-led paths (and cooperation, if any) side by side."""
    from leerrecht.views.plots import APPROACH_COLORS

    nl = case_lang(taal)
    columns = []
    for key in ("handhaving", "zorg", "samenwerking"):
        pad = getattr(case.paden, key, None)
        if pad is None:
            continue
        steps = "".join(f"<li>{esc(s)}</li>" for s in pad.verloop)
        columns.append(
            f'<div class="lr-path lr-path-{key}" style="flex: 1 1 18em; border-top: 4px solid '
            f'{APPROACH_COLORS[key]}; padding: 0 0.8em"><h4{nl}>{esc(pad.titel)}</h4><ol{nl}>{steps}</ol>'
            f"<p><b>{esc(TEXT('outcome', taal))}:</b> <span{nl}>{esc(pad.uitkomst)}</span></p></div>"
        )
    return (
        '<div class="lr-paths" style="display: flex; flex-wrap: wrap; gap: 1em">'
        f"{''.join(columns)}</div>"
    )


def trainer_html(case: Any, taal: str = "nl") -> str:
    """Discussion guide and model answers (for the trainer edition only)."""
    questions = {bm.id: bm.vraag for bm in case.beslismomenten}
    questions.update({r.id: r.vraag for r in case.reflectie})
    nl = case_lang(taal)
    answers = "".join(
        f"<li><b>{esc(key)}</b> <i>{esc(questions.get(key, ''))}</i><br>{esc(text)}</li>"
        for key, text in case.trainer.modelantwoorden.items()
    )
    return (
        f'<div class="lr-trainer"><h4>{esc(TEXT("guide", taal))}</h4>'
        f"<p{nl}>{esc(case.trainer.gespreksleiding)}</p>"
        f"<h4>{esc(TEXT('model_answers', taal))}</h4><ul{nl}>{answers}</ul></div>"
    )


def sources_html(sources: Iterable[Any], taal: str = "nl") -> str:
    """A case's sources; their titles are Dutch (``lang="nl"`` on a page in ``taal``)."""
    nl = case_lang(taal)
    items = "".join(
        f'<li><a href="{esc(b.url)}" target="_blank" rel="noopener"{nl}>{esc(b.titel)}</a> '
        f"<small>({esc(b.url)})</small></li>"
        for b in sources
    )
    return f'<ul class="lr-sources">{items}</ul>'
