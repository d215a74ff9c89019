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

MESSAGES = Strings.load("domain/cohort_text", "messages")

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
