"""The domain vocabulary, once: kinds of absence, approaches, school types, names.

Every model, validator, view and label reads these lists from here, so a new kind of
absence or school type is added in one place. The Literal types are for pydantic models;
the tuples are for checks at run time; the labels are the words a trainee reads.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from leerrecht.core.i18n import Strings

# Kinds of absence in an attendance register and in a case's timeline.
Soort = Literal["ongeoorloofd", "te_laat", "ziek", "geoorloofd", "luxe", "geschorst"]
SOORTEN: tuple[str, ...] = get_args(Soort)

# The three approaches a decision can take.
Aanpak = Literal["handhaving", "zorg", "samenwerking"]
AANPAKKEN: tuple[str, ...] = get_args(Aanpak)

# School types: registers know the first four; cases may also be set in (v)so.
RegisterOnderwijstype = Literal["po", "vo", "mbo", "isk"]
Onderwijstype = Literal["po", "vo", "mbo", "isk", "so", "vso"]
REGISTER_ONDERWIJSTYPEN: tuple[str, ...] = get_args(RegisterOnderwijstype)
ONDERWIJSTYPEN: tuple[str, ...] = get_args(Onderwijstype)

# A pseudonym (trainee, trainer) or cohort name as a file name: letters, digits, '.', '_'
# and '-', starting with a letter or digit (never '.', '..' or hidden), at most 64 long.
PSEUDONYM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
PSEUDONYM_HINT = (
    "use letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit); "
    "never a real name"
)

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "soort": {
        "ongeoorloofd": {"nl": "ongeoorloofd", "en": "unauthorised"},
        "te_laat": {"nl": "te laat", "en": "late"},
        "ziek": {"nl": "ziek", "en": "sick"},
        "geoorloofd": {"nl": "geoorloofd", "en": "authorised"},
        "luxe": {"nl": "luxe verzuim", "en": "unauthorised holiday"},
        "geschorst": {"nl": "geschorst", "en": "suspended"},
    },
    "aanpak": {
        "handhaving": {"nl": "handhaving", "en": "enforcement"},
        "zorg": {"nl": "zorg", "en": "care"},
        "samenwerking": {"nl": "samenwerking", "en": "cooperation"},
    },
    "onderwijstype": {
        "po": {"nl": "basisonderwijs (po)", "en": "primary school (po)"},
        "vo": {"nl": "voortgezet onderwijs (vo)", "en": "secondary school (vo)"},
        "mbo": {"nl": "mbo", "en": "vocational education (mbo)"},
        "isk": {
            "nl": "internationale schakelklas (isk)",
            "en": "international bridging class (isk)",
        },
        "so": {"nl": "speciaal onderwijs (so)", "en": "special primary education (so)"},
        "vso": {
            "nl": "voortgezet speciaal onderwijs (vso)",
            "en": "special secondary education (vso)",
        },
    },
}


def labels(group: str) -> Strings:
    """One group's labels as a lookup table: ``labels("aanpak")("zorg", "en") == "care"``."""
    return Strings(LABELS[group])


def label(group: str, key: str, taal: str = "nl") -> str:
    """The word a reader sees for a vocabulary key; an unknown key is shown as it is."""
    entry = LABELS[group].get(key)
    if entry is None:
        return key
    return entry.get(taal, entry["nl"])


def is_pseudonym(name: object) -> bool:
    """True for a safe pseudonym (see :data:`PSEUDONYM`)."""
    return isinstance(name, str) and PSEUDONYM.fullmatch(name) is not None
