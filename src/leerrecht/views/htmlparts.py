"""Small HTML building blocks for the notebooks' views: escaping and plain tables.

Everything shown in a notebook as HTML goes through :func:`esc`, so case texts and trainee
free text can never inject markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


def esc(value: object) -> str:
    """Escaped text; ``None`` and NaN become the empty string."""
    if value is None or value != value:  # NaN is the only value unequal to itself
        return ""
    return html.escape(str(value), quote=True)


def lang_attr(text_lang: str, page_lang: str) -> str:
    """`` lang="nl"`` on an element whose text is in another language than the page (WCAG
    3.1.2, language of parts): a Dutch case shown in an English edition, say."""
    return "" if text_lang == page_lang else f' lang="{esc(text_lang)}"'


def lang_span(text: str, attr: str) -> str:
    """``text`` escaped, inside ``<span{attr}>`` when ``attr`` (from :func:`lang_attr`) marks
    another language than the page's; on its own otherwise."""
    return f"<span{attr}>{esc(text)}</span>" if attr else esc(text)


def table(header: Iterable[str], rows: Iterable[Iterable[str]], css_class: str = "lr-table") -> str:
    """A left-aligned table; header texts are escaped, cells are HTML the caller built."""
    head = "".join(f"<th style='text-align:left'>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table class='{esc(css_class)}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# Shown once per notebook by ``notebook.start`` in a live front end (JupyterLab, Voila): links
# are more than a colour (WCAG 1.4.1), as the editions' template makes them.
PAGE_STYLE = (
    '<style class="lr-page-style">body .jp-RenderedHTMLCommon a:link, '
    "body .jp-RenderedHTMLCommon a:visited { text-decoration: underline; }</style>"
)


def message_html(text: str, kind: str = "warning") -> str:
    """A boxed message for the notebook (kind: warning or info)."""
    colour = "#D55E00" if kind == "warning" else "#0072B2"
    return (
        f'<div class="lr-message lr-{esc(kind)}" role="alert" style="border-left: 4px solid '
        f'{colour}; padding: 0.4em 0.8em; margin: 0.5em 0">{esc(text)}</div>'
    )


# Singular and plural of the nouns the views count, per language.
NOUNS = {
    "nl": {
        "bijeenkomst": "bijeenkomsten",
        "notebook": "notebooks",
        "casus": "casussen",
        "deelnemer": "deelnemers",
        "antwoord": "antwoorden",
        "beslismoment": "beslismomenten",
        "reflectie": "reflecties",
    },
    "en": {
        "session": "sessions",
        "notebook": "notebooks",
        "case": "cases",
        "trainee": "trainees",
        "answer": "answers",
        "decision point": "decision points",
        "reflection": "reflections",
    },
}


def count_noun(n: int, noun: str, taal: str = "nl") -> str:
    """'1 deelnemer', '2 deelnemers' (``noun`` is the singular, a key of :data:`NOUNS`)."""
    return f"{n} {noun if n == 1 else NOUNS[taal][noun]}"
