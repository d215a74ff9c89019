"""The UI text catalogs (src/leerrecht/teksten/): complete, consistent, each language its own.

Every key has a non-empty Dutch and English value with the same ``{placeholders}``; an
English value holds no Dutch function words and a Dutch value no English ones (whole
words, any case). Proper Dutch terms of art in English text are listed per entry below.
"""

from __future__ import annotations

import ast
import re
import string

import pytest
from support.testing import ROOT

from leerrecht.core import i18n

DUTCH = {
    "het", "een", "niet", "voor", "met", "zijn", "wordt", "deze", "naar", "bij", "geen",
    "jouw", "je", "klik", "wat", "hoe", "ook", "nog", "dan", "van", "en", "de", "dit",
    "kies", "kan", "moet", "zie", "welke", "worden", "heeft",
}  # fmt: skip
# Not "is", "of" or "was": they are Dutch words too.
ENGLISH = {
    "the", "and", "with", "you", "your", "click", "not", "this", "which", "for", "are",
    "to", "see", "choose", "can", "must", "should", "from", "that", "please",
}  # fmt: skip

# (catalog, section, key, language) -> words allowed there: a term of art, a title.
ALLOWED: dict[tuple[str, str, str, str], set[str]] = {
    # "nl" and "en" are the values of the setting ``taal``.
    ("domain/cohort_text", "messages", "bad_choice", "en"): {"en"},
    # The analyser reads Dutch only; its English messages quote a Dutch example question.
    ("domain/gesprek/analyse", "text", "empty", "en"): {"het", "je", "zijn"},
    ("domain/gesprek/analyse", "text", "not_dutch", "en"): {"wat", "je", "naar"},
}

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
ENTRIES = [
    (name, section, key, entry)
    for name in i18n.catalog_names()
    for section, table in i18n.read_catalog(name).items()
    for key, entry in table.items()
]
IDS = [f"{n}:{s}.{k}" for n, s, k, _ in ENTRIES]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def foreign_words(text: str, words: set[str], allowed: set[str]) -> list[str]:
    # Placeholders and quoted code-like names (``x``, 'x.yml') are not prose.
    prose = re.sub(r"\{[^}]*\}|`[^`]*`", " ", text)
    return [w for w in WORD.findall(prose) if w.lower() in words and w.lower() not in allowed]


def test_there_are_catalogs():
    assert len(ENTRIES) > 300


@pytest.mark.parametrize(("name", "section", "key", "entry"), ENTRIES, ids=IDS)
def test_entry_is_complete_and_in_its_own_language(name, section, key, entry):
    nl, en = entry["nl"], entry["en"]
    assert nl.strip() and en.strip()
    assert placeholders(nl) == placeholders(en)
    dutch_in_en = foreign_words(en, DUTCH, ALLOWED.get((name, section, key, "en"), set()))
    english_in_nl = foreign_words(nl, ENGLISH, ALLOWED.get((name, section, key, "nl"), set()))
    assert not dutch_in_en, f"Dutch words in the English text: {dutch_in_en}: {en!r}"
    assert not english_in_nl, f"English words in the Dutch text: {english_in_nl}: {nl!r}"


def loaded_tables() -> set[tuple[str, str]]:
    """Every ``Strings.load("name", "section")`` in the package's source."""
    found = set()
    for path in (ROOT / "src" / "leerrecht").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "load"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "Strings"
            ):
                found.add(tuple(arg.value for arg in node.args))
    return found


def test_every_table_in_the_code_is_in_a_catalog_and_every_catalog_table_is_used():
    in_catalogs = {(n, s) for n in i18n.catalog_names() for s in i18n.read_catalog(n)}
    assert loaded_tables() == in_catalogs


def test_a_catalog_with_a_duplicate_key_or_a_missing_language_is_refused(tmp_path, monkeypatch):
    from leerrecht.core.errors import UserError
    from leerrecht.core.yamlio import TEXT

    assert TEXT.table  # yamlio reports the duplicate: its own catalog is read before the patch
    monkeypatch.setattr(i18n, "CATALOGS", tmp_path)
    (tmp_path / "dup.yml").write_text(
        "text:\n  a:\n    nl: een\n    en: one\n  a:\n    nl: twee\n    en: two\n",
        encoding="utf-8",
    )
    (tmp_path / "half.yml").write_text("text:\n  a:\n    nl: een\n", encoding="utf-8")
    i18n.read_catalog.cache_clear()
    try:
        with pytest.raises(UserError, match=r"dup.yml:5.*'a' appears twice"):
            i18n.Strings.load("dup", "text")("a", "en")
        with pytest.raises(ValueError, match=r"half.yml:2: text.a: needs exactly an nl and an en"):
            i18n.Strings.load("half", "text")("a")
    finally:
        i18n.read_catalog.cache_clear()


def test_a_loaded_table_formats_like_before():
    from leerrecht.core.yamlio import TEXT

    assert TEXT("duplicate", "en", name="x", first=3) == (
        "key 'x' appears twice in the same block (first on line 3)"
    )
    assert TEXT("missing") == "verplicht veld ontbreekt"
