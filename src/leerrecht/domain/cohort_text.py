"""What a trainer reads about a mistake in a cohort file: Dutch, or English with ``taal: en``.

Every message comes with an example of a right value (``startdatum: 2026-09-07``), so the
trainer can fix the file without a manual.
"""

from __future__ import annotations

from typing import Any

from leerrecht.core.i18n import Strings

# Cohort parameters go into notebooks as code; anything this large is a mistake.
MAX_PARAMETER_BYTES = 20_000

# A right value for every key of a cohort file, written as it appears in the file.
EXAMPLES = {
    "naam": "naam: najaar-2026",
    "titel": 'titel: "Leerplicht in de praktijk, najaar 2026"',
    "startdatum": "startdatum: 2026-09-07",
    "einddatum": "einddatum: 2026-12-14",
    "trainer": "trainer: trainer-a",
    "deelnemers": "deelnemers: [deelnemer-01, deelnemer-02]",
    "taal": "taal: nl",
    "notebooks": "notebooks: [00_welkom, 02_casus]",
    "casussen": "casussen: [isk-nieuwkomer]",
    "parameters": "parameters: {03_protocollen: {seed: 7}}",
    "programma": 'programma: [{datum: 2026-09-07, onderwerp: "Kennismaking"}]',
    "datum": "datum: 2026-09-07",
    "onderwerp": 'onderwerp: "Kennismaking en de Leerplichtwet"',
    "uitvoermap": "uitvoermap: output",
    "antwoordenmap": "antwoordenmap: answers",
}
KEYS = ", ".join(k for k in EXAMPLES if k not in ("datum", "onderwerp"))

MESSAGES = Strings(
    {
        "missing": {"nl": "verplicht veld ontbreekt", "en": "required field is missing"},
        "add_it": {"nl": "voeg het toe, bijvoorbeeld  {example}", "en": "add it, e.g.  {example}"},
        "unknown_key": {"nl": "onbekende sleutel", "en": "unknown key"},
        "unknown_key_hint": {
            "nl": "haal hem weg of verbeter de spelling; bekende sleutels: {keys}",
            "en": "remove it or correct its spelling; known keys: {keys}",
        },
        "not_a_date": {
            "nl": "{value} is geen datum",
            "en": "{value} is not a date",
        },
        "date_hint": {
            "nl": "schrijf jaar-maand-dag zonder aanhalingstekens, bijvoorbeeld  {example}",
            "en": "write year-month-day without quotes, e.g.  {example}",
        },
        "not_text": {"nl": "verwacht tekst, niet {value}", "en": "expected text, not {value}"},
        "empty_text": {"nl": "mag niet leeg zijn", "en": "may not be empty"},
        "text_too_long": {
            "nl": "te lang (hooguit {limit} tekens)",
            "en": "too long (at most {limit} characters)",
        },
        "not_a_list": {
            "nl": "verwacht een lijst, niet {value}",
            "en": "expected a list, not {value}",
        },
        "list_hint": {
            "nl": "een regel per item die begint met '- ', of [a, b]; bijvoorbeeld  {example}",
            "en": "one line per item starting with '- ', or [a, b]; e.g.  {example}",
        },
        "empty_list": {
            "nl": "de lijst is leeg; er moet minstens één item in",
            "en": "the list is empty; it needs at least one item",
        },
        "not_a_block": {
            "nl": "verwacht een blok 'sleutel: waarde'-regels, niet {value}",
            "en": "expected a block of 'key: value' lines, not {value}",
        },
        "bad_choice": {
            "nl": "{value} is geen toegestane waarde; kies nl of en",
            "en": "{value} is not allowed; choose nl or en",
        },
        "example": {"nl": "bijvoorbeeld  {example}", "en": "e.g.  {example}"},
        "bad_name": {
            "nl": "{value!r} is geen geldige naam: gebruik kleine letters, cijfers, '-' of '_' "
            "(hooguit 63 tekens), beginnend met een letter of cijfer",
            "en": "{value!r} is not a valid name: use lower-case letters, digits, '-' or '_' "
            "(max 63), starting with a letter or digit",
        },
        "bad_pseudonyms": {
            "nl": "geen geldige schuilnamen: {names}; gebruik kleine letters, cijfers, '-' of '_'",
            "en": "not valid pseudonyms: {names}; use lower-case letters, digits, '-' or '_'",
        },
        "trainee_twice": {
            "nl": "deelnemer staat twee keer in de lijst: {names}",
            "en": "trainee listed twice: {names}",
        },
        "end_before_start": {
            "nl": "de einddatum ligt vóór de startdatum",
            "en": "einddatum lies before startdatum",
        },
        "end_before_start_hint": {
            "nl": "zet de einddatum op of na de startdatum, bijvoorbeeld  startdatum: 2026-09-07 "
            "en  einddatum: 2026-12-14",
            "en": "put einddatum on or after startdatum, e.g.  startdatum: 2026-09-07 and  "
            "einddatum: 2026-12-14",
        },
        "session_before_start": {
            "nl": "een cursusdag ligt vóór de startdatum {start}: {dates}",
            "en": "a course day lies before startdatum {start}: {dates}",
        },
        "session_before_start_hint": {
            "nl": "zet elke datum in het programma op of na de startdatum, bijvoorbeeld  "
            "startdatum: 2026-09-07 en  - datum: 2026-09-07",
            "en": "put every date of the programme on or after startdatum, e.g.  "
            "startdatum: 2026-09-07 and  - datum: 2026-09-07",
        },
        "params_too_big": {
            "nl": "de parameters zijn te groot ({size} tekens; hooguit {limit})",
            "en": "the parameters are too large ({size} characters; at most {limit})",
        },
        "params_hint": {
            "nl": "geef per notebook alleen een paar instellingen, bijvoorbeeld  {example}",
            "en": "give each notebook only a few settings, e.g.  {example}",
        },
        "not_finite": {
            "nl": "{where}: geen eindig getal (.inf of .nan)",
            "en": "{where}: not a finite number (.inf or .nan)",
        },
        "unknown_notebook": {
            "nl": "onbekend notebook {name!r}",
            "en": "unknown notebook {name!r}",
        },
        "choose_notebook": {"nl": "kies uit: {choices}", "en": "choose from: {choices}"},
        "params_not_run": {
            "nl": "parameters voor {name!r}, maar dat notebook staat niet onder 'notebooks'",
            "en": "parameters given for {name!r}, which is not in 'notebooks'",
        },
        "params_not_run_hint": {
            "nl": "zet het notebook onder 'notebooks' of haal deze parameters weg",
            "en": "add the notebook to 'notebooks' or remove these parameters",
        },
        "unknown_case": {"nl": "onbekende casus {name!r}", "en": "unknown case {name!r}"},
        "choose_case": {
            "nl": "kies uit: {choices} (zie `leerrecht cases list`)",
            "en": "choose from: {choices} (see `leerrecht cases list`)",
        },
        "bad_cohort_name": {
            "nl": "{value!r} is geen geldige naam voor een cohort",
            "en": "{value!r} is not a valid cohort name",
        },
        "bad_cohort_name_hint": {
            "nl": "kleine letters, cijfers, '-' of '_', bijvoorbeeld  najaar-2026",
            "en": "lower-case letters, digits, '-' or '_', e.g.  najaar-2026",
        },
    }
)

_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _example(loc: tuple[Any, ...]) -> str:
    """The example for the deepest key of ``loc`` that has one."""
    for key in reversed(loc):
        if isinstance(key, str) and key in EXAMPLES:
            return EXAMPLES[key]
    return EXAMPLES["naam"]


def describe_error(error: dict[str, Any], taal: str) -> tuple[str, str | None]:
    """One pydantic error on a cohort file as (message, hint) in ``taal``."""
    kind = error["type"]
    loc = tuple(error["loc"])
    example = _example(loc)
    value = _shown(error.get("input"))
    hint = MESSAGES("example", taal, example=example)
    if kind == "missing":
        return MESSAGES("missing", taal), MESSAGES("add_it", taal, example=example)
    if kind == "extra_forbidden":
        return MESSAGES("unknown_key", taal), MESSAGES("unknown_key_hint", taal, keys=KEYS)
    if kind in _DATE_ERRORS or kind == "date_type":
        return MESSAGES("not_a_date", taal, value=value), MESSAGES(
            "date_hint", taal, example=example
        )
    if kind == "string_type":
        return MESSAGES("not_text", taal, value=value), hint
    if kind == "string_too_short":
        return MESSAGES("empty_text", taal), hint
    if kind == "string_too_long":
        limit = (error.get("ctx") or {}).get("max_length", "?")
        return MESSAGES("text_too_long", taal, limit=limit), hint
    if kind == "list_type":
        return MESSAGES("not_a_list", taal, value=value), MESSAGES(
            "list_hint", taal, example=example
        )
    if kind == "too_short":
        return MESSAGES("empty_list", taal), MESSAGES("list_hint", taal, example=example)
    if kind in ("dict_type", "model_type"):
        return MESSAGES("not_a_block", taal, value=value), hint
    if kind == "literal_error":
        return MESSAGES("bad_choice", taal, value=value), hint
    if kind == "value_error":
        text = str((error.get("ctx") or {}).get("error", error["msg"]))
        if loc == ("einddatum",):
            return text, MESSAGES("end_before_start_hint", taal)
        if loc == ("programma",):
            return text, MESSAGES("session_before_start_hint", taal)
        if loc[0] == "parameters":
            return text, MESSAGES("params_hint", taal, example=EXAMPLES["parameters"])
        return text, hint
    return error["msg"], hint
