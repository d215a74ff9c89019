"""Names of persons, places and institutions, found by deduce and filtered by allow-lists.

deduce is heavy: the first construction builds a cache (70-120 s, ~1.1 GB), later ones take
a few seconds. One instance per process is built lazily on first use.
"""

from __future__ import annotations

import gc
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leerrecht.core.errors import UserError
from leerrecht.core.thirdparty import import_quietly
from leerrecht.privacy.detectors import INSTELLING, LOCATIE, PERSOON, Hit
from leerrecht.privacy.domain_terms import CITED_SOURCES, COMMON_WORDS, DOMAIN_TERMS

# deduce tags we report, mapped to our kinds. Dates and ages are left out on purpose:
# cases mention school weeks, dates and ages legitimately; dates of birth are caught by
# the context-aware pattern detector instead. bsn/telefoon/email come from our own
# detectors (with checksums), so deduce's versions are ignored too.
_TAG_KINDS = {
    "persoon": PERSOON,
    "patient": PERSOON,
    "locatie": LOCATIE,
    "instelling": INSTELLING,
    "ziekenhuis": INSTELLING,
    "zorginstelling": INSTELLING,
}

ALLOW_KEYS = ("personen", "plaatsen", "scholen", "instellingen")
# Optional key: real public bodies cited as sources, allowed only as the whole phrase.
SOURCE_KEY = "bronnen"

# Words that are part of names or forms of address but never identify anyone on their own.
_PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "'t",
        "in",
        "op",
        "aan",
        "la",
        "le",
        "du",
        "da",
        "di",
        "von",
        "el",
        "al",
        "bin",
        "ben",
    ]
    + [
        "mevrouw",
        "meneer",
        "mw",
        "mw.",
        "dhr",
        "dhr.",
        "heer",
        "juf",
        "meester",
        "dr",
        "dr.",
        "mr",
        "mr.",
        "ir",
        "drs",
        "prof",
    ]
)
_WORD = re.compile(r"[\w@'’&-]+")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


@dataclass(frozen=True)
class AllowList:
    """Names that may appear: fictional ones from the cases plus non-personal domain terms."""

    phrases: frozenset[str] = field(default_factory=frozenset)
    words: frozenset[str] = field(default_factory=frozenset)
    # Allowed only as the whole phrase in the text (real bodies cited as sources).
    span_phrases: tuple[str, ...] = ()
    # Single words that are never a name here (languages, months).
    common: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_names(
        cls, names: Iterable[str], span_phrases: Iterable[str] = (), common: Iterable[str] = ()
    ) -> AllowList:
        names = [n for n in names if n and n.strip()]
        phrases = frozenset(_norm(n) for n in names)
        words = frozenset(w.casefold() for n in names for w in _WORD.findall(n))
        spans = tuple(_norm(p) for p in span_phrases if p.strip())
        return cls(phrases, words, spans, frozenset(w.casefold() for w in common))

    def drop_allowed_spans(self, text: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` minus those inside a whole-phrase entry."""
        spans = self.allowed_spans(text)
        return [h for h in hits if not any(lo <= h.start and h.end <= hi for lo, hi in spans)]

    def allowed_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the whole-phrase entries occur in ``text`` (any case, any spacing)."""
        spans = []
        for phrase in self.span_phrases:
            words = [re.escape(w).replace(r"\-", r"-\s*") for w in phrase.split()]
            pattern = r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"
            spans.extend(m.span() for m in re.finditer(pattern, text, re.IGNORECASE))
        return spans

    def allows(self, name: str) -> bool:
        """True when ``name`` is a listed phrase or made only of listed words and particles.

        Word-level matching lets "Marta" and "ISK Wilgenstede" through on their own when
        only "Marta" and "ISK Wilgenstede" are listed, and also "mevrouw Marta".
        """
        if _norm(name) in self.phrases:
            return True
        words = [w.casefold() for w in _WORD.findall(name)]
        significant = [w for w in words if w not in _PARTICLES and not w.isdigit()]
        return bool(significant) and all(w in self.words for w in significant)


def read_allow_file(path: Path | None) -> tuple[list[str], list[str]]:
    """The names in ``fictief.yml`` (keys personen, plaatsen, scholen, instellingen) and
    the cited sources (optional key bronnen).

    A missing file gives empty lists; a malformed one is a user error.
    """
    if path is None or not path.is_file():
        return [], []
    from leerrecht.core.yamlio import read_yaml

    data = read_yaml(path)[0] or {}
    if not isinstance(data, dict):
        raise UserError.single("expected a mapping with keys " + ", ".join(ALLOW_KEYS), file=path)
    lists: dict[str, list[str]] = {}
    for key in (*ALLOW_KEYS, SOURCE_KEY):
        values = data.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise UserError.single("expected a list of names", file=path, field=key)
        lists[key] = values
    return [n for key in ALLOW_KEYS for n in lists[key]], lists[SOURCE_KEY]


def build_allow_list(path: Path | None, extra: Iterable[str] = ()) -> AllowList:
    """Allow-list from the cases' file, the built-in domain terms and ``extra``."""
    names, sources = read_allow_file(path)
    return AllowList.from_names(
        [*names, *DOMAIN_TERMS, *extra], [*CITED_SOURCES, *sources], COMMON_WORDS
    )


# --- school names ------------------------------------------------------------------------

# deduce knows care institutions, not schools. A school name is a run of capitalised words
# that contains a school word, e.g. "Stedelijk Gymnasium Leiden", "Basisschool De Regenboog".
_SCHOOL_WORDS = (
    "Basisschool|School|Scholengemeenschap|College|Lyceum|Gymnasium|Atheneum|Mavo|Havo"
    "|Vmbo|Praktijkschool|Montessorischool|Daltonschool|Jenaplanschool|Vrije School|ROC"
    "|Academie|ISK|Internationale Schakelklas|Kindcentrum|IKC|SBO|Scholengroep"
)
_NAME_WORD = r"[A-Z][\w'’&-]*"
_LINK = r"(?:[ \t]+(?:van|de|der|den|het|voor|op|'t))*[ \t]+"
_SCHOOL = re.compile(
    rf"(?<![\w-])(?:{_NAME_WORD}{_LINK})*?(?:{_SCHOOL_WORDS})(?:{_LINK}{_NAME_WORD})*(?![\w&-])"
)
# Capitalised words that do not make a run a name ("De ISK", "Het College van B&W").
_GENERIC = frozenset(
    ["de", "het", "een", "op", "in", "bij", "voor", "naar", "na", "met", "van", "der", "den", "'t"]
    + _SCHOOL_WORDS.casefold().replace("|", " ").split()
    + ["b&w", "bestuur", "bestuurders"]
)


def find_school_names(
    text: str, allow: AllowList, vocabulary: frozenset[str] | set[str] = frozenset()
) -> list[Hit]:
    """Named schools that are not on the allow-list.

    Words also written in lower case in the scanned texts do not make a name
    ("Wachtlijsten ISK" is a heading, not a school)."""
    hits = []
    for m in _SCHOOL.finditer(text):
        name = m.group()
        words = [w.casefold() for w in _WORD.findall(name)]
        if all(w in _GENERIC or w in vocabulary for w in words) or allow.allows(name):
            continue
        hits.append(Hit(m.start(), m.end(), INSTELLING))
    return allow.drop_allowed_spans(text, hits)


# --- deduce ------------------------------------------------------------------------------

_lock = threading.Lock()
_instance: Any = None


def _cache_dir() -> Path | None:
    """Where deduce keeps its lookup cache: its own package folder if writable, else a
    user cache folder (shared hub installs have a read-only site-packages)."""
    env = os.environ.get("LEERRECHT_DEDUCE_CACHE")
    if env:
        return Path(env)
    deduce = import_quietly("deduce")
    package_lookup = Path(deduce.__file__).parent / "data" / "lookup"
    built = any((package_lookup / "cache").glob("*.pickle"))
    if built or os.access(package_lookup / "cache", os.W_OK):
        return None  # deduce's default: its own package folder
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "leerrecht" / "deduce"


def get_deduce() -> Any:
    """The process-wide deduce instance, built on first use.

    The garbage collector is paused during construction and the result frozen: deduce
    allocates millions of long-lived objects, and collections that walk them cost seconds
    each and free nothing.
    """
    global _instance
    with _lock:
        if _instance is None:
            Deduce = import_quietly("deduce").Deduce  # noqa: N806 (a class)
            cache = _cache_dir()
            enabled = gc.isenabled()
            gc.disable()
            try:
                _instance = Deduce() if cache is None else Deduce(cache_path=cache)
                # Move deduce's millions of lookup objects out of the collector's reach:
                # otherwise every full collection walks them (7-10 s each, measured),
                # which made scan times jump at random.
                gc.freeze()
            finally:
                if enabled:
                    gc.enable()
        return _instance


# A lone word at the start of a sentence, followed by an article, pronoun or preposition,
# is an imperative ("Leg je besluit vast", "Draai de controle", "Wijs bij r1 op"): Dutch
# puts the verb second, so a name opening a sentence is followed by a verb instead.
_IMPERATIVE = re.compile(
    r"[ \t]+(?:je|jij|u|de|het|een|dat|dit|deze|die|er|bij|hem|haar|ze|daar|hier|niet"
    r"|samen|eerst|altijd|nooit|alle|elke|even|met|in|op|aan|naar|voor|uit)\b"
)
# What may stand between the start of a line or sentence and its first word: list marks,
# numbering, markdown emphasis, quotes, YAML "key: " and indentation.
_SENTENCE_START = re.compile(
    r"(?:^|[.!?:;]['\"”’)]?[ \t]+)[ \t\-*>#_'\"“‘(]*(?:\d+[.)][ \t]*)?[*_'\"“‘]*$"
)


def _starts_sentence(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_SENTENCE_START.search(text[max(line_start, start - 80) : start]))


def _is_ordinary_words(name: str, allow: AllowList, vocabulary: frozenset[str] | set[str]) -> bool:
    """True when every word of ``name`` is a particle, an allowed name, a common word or a
    word also written in lower case in the scanned texts ("Boven de Halt-grens")."""
    words = [w.casefold() for w in _WORD.findall(name)]
    significant = [w for w in words if w not in _PARTICLES and not w.isdigit()]
    return all(w in allow.words or w in allow.common or w in vocabulary for w in significant)


def lowercase_words(text: str) -> set[str]:
    """Words written in lower case somewhere in ``text``: evidence they are not names."""
    return {w for w in _WORD.findall(text) if w.islower()}


def find_names(
    text: str,
    allow: AllowList,
    deduce: Any | None = None,
    vocabulary: frozenset[str] | set[str] = frozenset(),
) -> list[Hit]:
    """Persons, places and institutions deduce finds in ``text`` that are not allowed.

    A lone capitalised word is skipped when it is a common word (``allow.common``) or
    appears in lower case in ``vocabulary`` ("Leg je besluit vast" is not a person Leg):
    deduce reads sentence-initial verbs and nouns as first names or places.
    """
    if not text.strip():
        return []
    engine = deduce if deduce is not None else get_deduce()
    hits = _deduce_names(text, allow, engine, vocabulary)
    return allow.drop_allowed_spans(text, hits)


def _deduce_names(
    text: str, allow: AllowList, engine: Any, vocabulary: frozenset[str] | set[str]
) -> list[Hit]:
    doc = engine.deidentify(text)
    hits = []
    for ann in doc.annotations:
        kind = _TAG_KINDS.get(ann.tag)
        if kind is None or allow.allows(ann.text):
            continue
        if ann.start_char > 0 and text[ann.start_char - 1].isalnum():
            continue  # starts inside a word: deduce's postcode pattern matches "2791ab" in "162791ab"
        if kind != INSTELLING and _is_ordinary_words(ann.text, allow, vocabulary):
            continue
        if (
            len(_WORD.findall(ann.text)) == 1
            and _IMPERATIVE.match(text, ann.end_char)
            and _starts_sentence(text, ann.start_char)
        ):
            continue
        hits.append(Hit(ann.start_char, ann.end_char, kind))
    return hits
