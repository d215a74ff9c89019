"""Dates and numbers as a Dutch (or English) reader expects them, through Babel.

One place for it, so no module writes month names or decimal commas by hand.
"""

from __future__ import annotations

import datetime as dt

from leerrecht.core.i18n import check_taal

LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def format_date(day: dt.date, taal: str = "nl", *, style: str = "long") -> str:
    """``7 september 2026`` (long), ``maandag 7 september 2026`` (full), ``07-09-2026`` (short)."""
    from babel.dates import format_date as babel_date

    return babel_date(day, format=style, locale=LOCALES[check_taal(taal)])


def format_datetime(moment: dt.datetime, taal: str = "nl") -> str:
    """``7 september 2026 om 14:05`` (a date in long form with the time of day)."""
    from babel.dates import format_time

    clock = format_time(moment, format="short", locale=LOCALES[check_taal(taal)])
    return f"{format_date(moment.date(), taal)}, {clock}"


def format_number(value: float, taal: str = "nl", *, decimals: int | None = None) -> str:
    """``1,5`` in Dutch, ``1.5`` in English; ``decimals`` fixes the digits after the comma."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALES[check_taal(taal)])
