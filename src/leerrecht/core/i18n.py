"""UI strings in Dutch (default) and English.

The text lives in package-data catalogs, ``leerrecht/teksten/<module path>.yml``: one file
per module, one section per table, each key with an ``nl`` and an ``en`` value. A module
names its tables with :meth:`Strings.load`; this module supplies the lookup, so a missing
translation is caught in one place (and by tests/test_teksten.py).

Catalogs are read through :mod:`leerrecht.core.yamlio` (the one YAML reader: duplicate keys
are refused with ``file:line``) on first use and cached, so importing a module reads nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Literal

Taal = Literal["nl", "en"]
LANGUAGES: tuple[str, ...] = ("nl", "en")

CATALOGS = Path(__file__).resolve().parent.parent / "teksten"


def check_taal(taal: str) -> Taal:
    """Return ``taal`` if supported, else raise ValueError naming the choices."""
    if taal not in LANGUAGES:
        raise ValueError(f"taal must be one of {', '.join(LANGUAGES)}, not {taal!r}")
    return taal  # type: ignore[return-value]


def catalog_names() -> list[str]:
    """Every catalog, as the name :meth:`Strings.load` takes (``views/widgets/walk``)."""
    return sorted(p.relative_to(CATALOGS).with_suffix("").as_posix() for p in catalog_files())


def catalog_files() -> Iterator[Path]:
    return CATALOGS.rglob("*.yml")


_loading: set[str] = set()


@cache
def read_catalog(name: str) -> dict[str, dict[str, dict[str, str]]]:
    """The sections of catalog ``name``, checked: every value a non-empty nl and en string."""
    from leerrecht.core.yamlio import read_document  # yamlio's own messages are a catalog

    if name in _loading:
        raise RuntimeError(f"UI text catalog {name!r} is needed to report a problem reading it")
    _loading.add(name)
    try:
        doc = read_document(CATALOGS / f"{name}.yml")
    finally:
        _loading.discard(name)
    path = doc.path

    def fail(loc: tuple[str, ...], why: str) -> ValueError:
        return ValueError(f"{path}:{doc.line(loc)}: {'.'.join(loc) or 'catalog'}: {why}")

    if not isinstance(doc.data, dict):
        raise fail((), "expected sections of 'key: {nl: ..., en: ...}' entries")
    for section, table in doc.data.items():
        if not isinstance(table, dict):
            raise fail((section,), "a section maps keys to {nl: ..., en: ...}")
        for key, entry in table.items():
            if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
                raise fail((section, key), "needs exactly an nl and an en value")
            for lang, text in entry.items():
                if not isinstance(text, str) or not text.strip():
                    raise fail((section, key, lang), "must be non-empty text (quote it)")
    return doc.data


class Strings:
    """A table ``{key: {"nl": ..., "en": ...}}`` with lookup and formatting."""

    def __init__(
        self,
        table: dict[str, dict[str, str]] | None = None,
        *,
        source: Callable[[], dict[str, dict[str, str]]] | None = None,
    ):
        self._table: dict[str, dict[str, str]] | None = None
        self._source = source
        if table is not None:
            self._table = self._checked(table)

    @classmethod
    def load(cls, name: str, section: str) -> Strings:
        """The table ``section`` of catalog ``teksten/<name>.yml``, read on first lookup."""
        return cls(source=lambda: read_catalog(name)[section])

    @staticmethod
    def _checked(table: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        missing = [k for k, v in table.items() if set(v) != set(LANGUAGES)]
        if missing:
            raise ValueError(f"strings without both nl and en: {', '.join(missing)}")
        return table

    @property
    def table(self) -> dict[str, dict[str, str]]:
        if self._table is None:
            assert self._source is not None
            self._table = self._checked(self._source())
        return self._table

    def __contains__(self, key: object) -> bool:
        return key in self.table

    def __call__(self, key: str, taal: str = "nl", **fmt: object) -> str:
        text = self.table[key][check_taal(taal)]
        return text.format(**fmt) if fmt else text
