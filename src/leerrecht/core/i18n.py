"""UI strings in Dutch (default) and English.

Each module keeps its own table next to the code that uses it; this module only supplies
the lookup, so a missing translation is caught in one place (and by a test).
"""

from __future__ import annotations

from typing import Literal

Taal = Literal["nl", "en"]
LANGUAGES: tuple[str, ...] = ("nl", "en")


def check_taal(taal: str) -> Taal:
    """Return ``taal`` if supported, else raise ValueError naming the choices."""
    if taal not in LANGUAGES:
        raise ValueError(f"taal must be one of {', '.join(LANGUAGES)}, not {taal!r}")
    return taal  # type: ignore[return-value]


class Strings:
    """A table ``{key: {"nl": ..., "en": ...}}`` with lookup and formatting."""

    def __init__(self, table: dict[str, dict[str, str]]):
        missing = [k for k, v in table.items() if set(v) != set(LANGUAGES)]
        if missing:
            raise ValueError(f"strings without both nl and en: {', '.join(missing)}")
        self.table = table

    def __call__(self, key: str, taal: str = "nl", **fmt: object) -> str:
        text = self.table[key][check_taal(taal)]
        return text.format(**fmt) if fmt else text
