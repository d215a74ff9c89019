"""Verzuim protocols as data, and the engine that runs them over an attendance register.

- :mod:`~leerrecht.domain.protocols.schema`: the rule format (``protocols/*.yml``) and loading;
- :mod:`~leerrecht.domain.protocols.engine`: :func:`evaluate`, one row per firing;
- :mod:`~leerrecht.domain.protocols.outcomes`: what the firings mean (:func:`outcomes`,
  :func:`compare`, :func:`summary_by_rule`).
"""

from leerrecht.domain.protocols.engine import CHUNK, evaluate
from leerrecht.domain.protocols.outcomes import compare, outcomes, summary_by_rule
from leerrecht.domain.protocols.schema import (
    OUTPUT_COLUMNS,
    SCALE,
    SOORTEN,
    UNITS,
    Landingsperiode,
    Onderwijstype,
    Protocol,
    Regel,
    Soort,
    Venster,
    Voorwaarden,
    find_protocol,
    is_duo_report,
    list_protocols,
    load_protocol,
)

__all__ = [
    "CHUNK",
    "OUTPUT_COLUMNS",
    "SCALE",
    "SOORTEN",
    "UNITS",
    "Landingsperiode",
    "Onderwijstype",
    "Protocol",
    "Regel",
    "Soort",
    "Venster",
    "Voorwaarden",
    "compare",
    "evaluate",
    "find_protocol",
    "is_duo_report",
    "list_protocols",
    "load_protocol",
    "outcomes",
    "summary_by_rule",
]
