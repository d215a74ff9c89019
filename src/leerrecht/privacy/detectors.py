"""Pattern detectors for personal data in Dutch text (no deduce, no I/O).

Every detector takes a string and returns :class:`Hit` objects with character offsets.
Numbers are only reported when their checksum holds (BSN 11-proef, IBAN mod-97), which
keeps ordinary nine-digit numbers and made-up account numbers out of the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Kinds, as printed in the report.
BSN = "bsn"
ONDERWIJSNUMMER = "onderwijsnummer"
TELEFOON = "telefoon"
EMAIL = "email"
IBAN = "iban"
POSTCODE = "postcode"
ADRES = "adres"
GEBOORTEDATUM = "geboortedatum"
PERSOON = "persoon"
LOCATIE = "locatie"
INSTELLING = "instelling"


@dataclass(frozen=True, order=True)
class Hit:
    """One suspected piece of personal data: ``text[start:end]`` is the value."""

    start: int
    end: int
    kind: str


# --- checksums ---------------------------------------------------------------------------


def _weighted_sum(digits: str) -> int:
    """The 11-proef sum: weights 9..2 for the first eight digits, -1 for the last."""
    return sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))


def is_bsn(digits: str) -> bool:
    """True when nine digits pass the BSN 11-proef (and are not all zeros)."""
    return (
        len(digits) == 9
        and digits.isdigit()
        and digits != "000000000"
        and _weighted_sum(digits) % 11 == 0
    )


def is_onderwijsnummer(digits: str) -> bool:
    """Onderwijsnummer: starts with 10, same weights as the BSN, remainder 5 (not 0)."""
    return (
        len(digits) == 9
        and digits.isdigit()
        and digits.startswith("10")
        and _weighted_sum(digits) % 11 == 5
    )


def is_iban(value: str) -> bool:
    """ISO 13616 mod-97 check on an IBAN written with or without spaces."""
    compact = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


# --- numbers -----------------------------------------------------------------------------

# Nine digits, plain or grouped 4.2.3 / 3.3.3 with dots or spaces, not part of a longer
# number, a date or a decimal. A comma is a field boundary ("x,123456782") unless it sits
# between digits ("0,123456782" is a decimal); tables and JSON arrays, where a comma between
# digits separates fields, are also scanned cell by cell (see :func:`detect_in_fields`).
_NINE_DIGITS = re.compile(
    r"(?<![\d./-])(?<!\d,)"
    r"(?:\d{9}|\d{4}[. ]\d{2}[. ]\d{3}|\d{3}[. ]\d{3}[. ]\d{3})"
    r"(?![\d]|[./-]\d|,\d(?!\d{8}))"
)


def find_bsn(text: str) -> list[Hit]:
    """BSNs (11-proef) and onderwijsnummers (starting 10, remainder 5)."""
    hits = []
    for m in _NINE_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if is_bsn(digits):
            hits.append(Hit(m.start(), m.end(), BSN))
        elif is_onderwijsnummer(digits):
            hits.append(Hit(m.start(), m.end(), ONDERWIJSNUMMER))
    return hits


# A Dutch number: a trunk 0 (optionally in brackets) or +31/0031 (optionally with "(0)"),
# then the remaining nine digits, each optionally preceded by up to two separators.
_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?P<prefix>(?:\+|00)31[ \t-]?(?:\(0\)[ \t-]?)?|\(?0)"
    r"(?P<rest>(?:[ \t\-./()]{0,2}\d){9})"
    r"(?![\d])"
)
# Service numbers (free/paid information lines) are not personal data.
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def find_phone(text: str) -> list[Hit]:
    """Dutch phone numbers: 06-, 0xx(x)-, +31, 0031 and bracketed area codes."""
    hits = []
    for m in _PHONE.finditer(text):
        national = "0" + re.sub(r"\D", "", m.group("rest"))
        if national[1] == "0" or national.startswith(_SERVICE_PREFIXES):
            continue
        hits.append(Hit(m.start(), m.end(), TELEFOON))
    return hits


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])")
# Reserved example domains (RFC 2606 / 6761) never belong to a person.
_EXAMPLE_DOMAIN = re.compile(
    r"@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|[\w-]+\.(?:example|invalid|test))$", re.I
)


def find_email(text: str) -> list[Hit]:
    """E-mail addresses, except those on reserved example domains."""
    return [
        Hit(m.start(), m.end(), EMAIL)
        for m in _EMAIL.finditer(text)
        if not _EXAMPLE_DOMAIN.search(m.group())
    ]


# NL IBAN: NL + 2 check digits + 4-letter bank code + 10 digits, grouped by 4 or not.
_IBAN = re.compile(r"\bNL ?\d{2} ?[A-Z]{4}(?: ?\d){10}(?!\d)", re.I)


def find_iban(text: str) -> list[Hit]:
    """Dutch IBANs whose mod-97 check holds."""
    return [Hit(m.start(), m.end(), IBAN) for m in _IBAN.finditer(text) if is_iban(m.group())]


# --- addresses ---------------------------------------------------------------------------

_HOUSE_NUMBER = r"\d{1,4}(?:[ -]?[A-Za-z]\b|-\d{1,4}\b|\s?(?:hs|bis)\b)?"
# Full postcode: four digits (not starting with 0), two capitals; SA, SD and SS are unused.
_POSTCODE = re.compile(r"(?<![\w-])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w-])")
# What makes a postcode part of an address: a house number or a place name after it
# ("1234 AB 12", "1234 AB Wilgendam"), or a house number just before it ("12, 1234 AB").
_AFTER_NUMBER = re.compile(r",?[ \t]+\d")
_AFTER_PLACE = re.compile(r",?[ \t]+[A-Z][a-z]")
_BEFORE_POSTCODE = re.compile(r"\d[A-Za-z]?,?[ \t]+$")

# Street names end in one of these words; a house number follows. Words that also end
# many place names (-dam, -wijk, -berg) are left out so "Rotterdam 2024" stays quiet.
_STREET_SUFFIXES = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|pad|hof|dreef|plantsoen|markt"
    "|baan|ring|wal|erf|park|boulevard|allee|passage|promenade|kamp|brink|vaart|vest"
    "|zoom|akker|weide|tuin|hage|kwartier"
)
_STREET = re.compile(
    r"(?<![\w-])"
    r"(?:[A-Z][\w'-]*[ \t]+(?:(?:van|de|der|den|het|ter|ten|te|'t)[ \t]+)*){0,3}"
    rf"[A-Z][\w'-]*?(?:{_STREET_SUFFIXES})"
    rf"[ \t]+(?P<nr>{_HOUSE_NUMBER})(?![\d]|[.:,]\d)"
)
# A four-digit "house number" between 1900 and 2099 is a year ("Dorpsweg 2019" is rare).
_YEAR = re.compile(r"(?:19|20)\d\d")


def find_postcode(text: str) -> list[Hit]:
    """Six-character postcodes next to a house number or a place name."""
    hits = []
    for m in _POSTCODE.finditer(text):
        number_after = _AFTER_NUMBER.match(text, m.end())
        # "2023 OM Rotterdam" is a year and an abbreviation, not an address.
        place_after = _AFTER_PLACE.match(text, m.end()) and not _YEAR.match(m.group())
        before = _BEFORE_POSTCODE.search(text, max(0, m.start() - 8), m.start())
        if number_after or place_after or before:
            hits.append(Hit(m.start(), m.end(), POSTCODE))
    return hits


def find_address(text: str) -> list[Hit]:
    """Street name ending in a street word, followed by a house number."""
    return [
        Hit(m.start(), m.end(), ADRES)
        for m in _STREET.finditer(text)
        if not _YEAR.fullmatch(m.group("nr"))
    ]


# --- dates of birth ----------------------------------------------------------------------

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    "|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"  # 3-3-2011, 03/03/11
    r"|\d{4}-\d{2}-\d{2}"  # 2011-03-03
    rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}})"  # 3 maart 2011
)
# Words that say "this date is a birthday", and at most ~25 characters of filler before
# the date ("geboren op", "geb.:", "geboortedatum van de leerling:").
_BIRTH_CONTEXT = re.compile(
    r"(?:geboren|geb\.|geboortedatum|geb\.\s*datum|date of birth|born(?: on)?|d\.o\.b\.|dob)"
    rf"[^\n\d]{{0,25}}?(?P<date>{_DATE})(?![\d])",
    re.I,
)


def find_birthdate(text: str) -> list[Hit]:
    """Dates that follow a word meaning 'born' or 'date of birth'."""
    return [
        Hit(m.start("date"), m.end("date"), GEBOORTEDATUM) for m in _BIRTH_CONTEXT.finditer(text)
    ]


PATTERN_DETECTORS: tuple[Callable[[str], list[Hit]], ...] = (
    find_bsn,
    find_phone,
    find_email,
    find_iban,
    find_postcode,
    find_address,
    find_birthdate,
)


def merge_hits(hits: Iterable[Hit]) -> list[Hit]:
    """Sort hits and drop any that overlap an earlier, longer or equal one."""
    result: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if result and hit.start < result[-1].end:
            continue
        result.append(hit)
    return result


def detect_patterns(text: str) -> list[Hit]:
    """Run every pattern detector over ``text``; non-overlapping hits in text order."""
    return merge_hits(hit for detector in PATTERN_DETECTORS for hit in detector(text))


def detect_in_fields(fields: Iterable[tuple[int, str]]) -> list[Hit]:
    """Pattern hits inside each field ``(offset, value)`` of a table row or JSON document,
    placed at the field's offset: a value is found whatever separates it from its
    neighbours (``,`` ``;`` tab, quotes)."""
    hits = []
    for offset, value in fields:
        if value.strip():
            hits.extend(
                Hit(offset + h.start, offset + h.end, h.kind) for h in detect_patterns(value)
            )
    return hits
