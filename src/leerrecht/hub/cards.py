"""Printable login cards: one per trainee, with the hub's address and the course link.

The page holds passwords, so it is written 0600 like the other credential files; print it
and hand each trainee their own card.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from leerrecht.hub.private import write_private_text
from leerrecht.views.htmlparts import esc

if TYPE_CHECKING:
    from leerrecht.hub.logins import ClassLogins
    from leerrecht.hub.users import ClassUsers

CARDS = "inlogkaarten.html"

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; }
.lr-cards { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; padding: 10mm; }
.lr-card { border: 1px dashed #777; border-radius: 3mm; padding: 6mm; break-inside: avoid; }
.lr-card h2 { margin: 0 0 3mm; font-size: 15pt; }
.lr-card dl { display: grid; grid-template-columns: max-content 1fr; gap: 2mm 4mm; margin: 0; }
.lr-card dt { color: #555; }
.lr-card dd { margin: 0; font-family: ui-monospace, monospace; font-size: 13pt;
  overflow-wrap: anywhere; }
.lr-card dd.lr-link { font-size: 7pt; }
.lr-card p { font-size: 10pt; margin: 3mm 0 0; }
@media print { .lr-cards { padding: 0; } }
"""


def card_html(cohort: str, name: str, password: str, hub_url: str, course_link: str) -> str:
    link = (
        f'<dt>Cursus</dt><dd class="lr-link"><a href="{esc(course_link)}">{esc(course_link)}</a>'
        "</dd>"
        if course_link
        else ""
    )
    return (
        '<section class="lr-card">'
        f"<h2>Inloggen voor {esc(cohort)}</h2>"
        f'<dl><dt>Adres</dt><dd><a href="{esc(hub_url)}">{esc(hub_url)}</a></dd>'
        f"<dt>Gebruiker</dt><dd>{esc(name)}</dd>"
        f"<dt>Wachtwoord</dt><dd>{esc(password)}</dd>{link}</dl>"
        "<p>Dit wachtwoord is alleen voor jou: geef het niet door. Ben je het kwijt? "
        "Je trainer maakt dan een nieuw wachtwoord voor je. De cursuslink krijg je ook "
        "digitaal van je trainer.</p>"
        "</section>"
    )


def write_cards(
    folder: Path, users: ClassUsers, logins: ClassLogins, hub_url: str, course_link: str
) -> Path:
    cards = "".join(
        card_html(users.cohort, name, logins.passwords[name], hub_url, course_link)
        for name in users.trainees
        if name in logins.passwords
    )
    page = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Inlogkaarten {esc(users.cohort)}</title><style>{_STYLE}</style></head>"
        f'<body><main class="lr-cards">{cards}</main></body></html>\n'
    )
    return write_private_text(folder / CARDS, page)
