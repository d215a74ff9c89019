"""Dutch tokens for the question analyser, and the check that a text is Dutch at all.

The tokenizer is deduce's (``deduce.tokenizer.DeduceTokenizer``): deduce is already a
dependency (the privacy scan's Dutch name finder), its tokenizer was made for Dutch text,
works offline and is cheap to build (the expensive part of deduce, its lookup tables, is not
loaded here). Its Dutch stop-word and common-word lists serve the language check.

Matching happens on a *normalised* form of each token: lower case, accents removed (so
"wéér" matches "weer"), while :attr:`Token.stressed` remembers an accent that marks stress
("wél", "wéér"), which the rules use.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MAX_CHARS = 500  # one question or sentence, not a whole conversation
MIN_DUTCH_SHARE = 0.34  # share of words that must be known Dutch words

# Words the rules rely on that deduce's lists lack; they count as Dutch for the language check.
EXTRA_DUTCH = frozenset(
    [
        "waarom",
        "wanneer",
        "welke",
        "waardoor",
        "waarmee",
        "hoeveel",
        "jouw",
        "jullie",
        "jou",
        "je",
        "jij",
        "wél",
        "wéér",
        "alweer",
        "lukt",
        "lukte",
        "lukken",
        "gaat",
        "ging",
        "kun",
        "kunt",
        "zou",
        "zouden",
        "wil",
        "wilt",
        "vind",
        "vindt",
        "denk",
        "denkt",
        "vertel",
        "vertellen",
        "beschrijf",
        "beschrijven",
        "school",
        "klas",
        "les",
        "lessen",
        "mentor",
        "leerplicht",
        "ochtend",
        "ochtends",
        "middag",
        "week",
        "dag",
        "dagen",
        "keer",
        "keren",
        "stap",
        "stappen",
        "schaal",
        "cijfer",
        "boete",
        "proces",
        "verbaal",
        "rechter",
        "straf",
        "halt",
        "spijbelen",
        "spijbelt",
        "verzuim",
        "verzuimd",
        "afwezig",
        "ziek",
        "laat",
        "eerder",
        "beter",
        "anders",
        "nodig",
        "helpen",
        "helpt",
        "geholpen",
        "knap",
        "fijn",
        "moeder",
        "vader",
        "ouders",
        "zoon",
        "dochter",
        "thuis",
        "morgen",
        "straks",
        "volgende",
        "stel",
        "gebeurd",
    ]
)


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark."""

    text: str  # as written
    norm: str  # lower case without accents
    start: int  # character offsets in the analysed text
    end: int

    @property
    def is_word(self) -> bool:
        return any(ch.isalpha() for ch in self.norm)

    @property
    def stressed(self) -> bool:
        """True for a word written with a stress accent, e.g. "wél" or "wéér"."""
        return self.norm != self.text.lower()


def normalise(text: str) -> str:
    """Lower case without accents: "Wéér" -> "weer"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _tokenizer():
    from leerrecht.core.thirdparty import import_quietly

    return import_quietly("deduce.tokenizer").DeduceTokenizer()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with deduce's Dutch tokenizer."""
    found = _tokenizer().tokenize(text)
    return [
        Token(t.text, normalise(t.text), t.start_char, t.end_char) for t in found if t.text.strip()
    ]


@lru_cache(maxsize=1)
def dutch_words() -> frozenset[str]:
    """deduce's Dutch stop words and common words, plus :data:`EXTRA_DUTCH`."""
    base = resources.files("deduce") / "data" / "lookup" / "src" / "whitelist"
    words: set[str] = set(EXTRA_DUTCH)
    for name in ("lst_stop_word", "lst_common_word"):
        items = (base / name / "items.txt").read_text(encoding="utf-8")
        words.update(normalise(w.strip()) for w in items.splitlines() if w.strip())
    return frozenset(normalise(w) for w in words)


def dutch_share(tokens: list[Token]) -> float:
    """The share of word tokens that are known Dutch words (1.0 for no words)."""
    words = [t.norm for t in tokens if t.is_word]
    if not words:
        return 1.0
    known = dutch_words()
    return sum(w in known for w in words) / len(words)


def looks_dutch(tokens: list[Token]) -> bool:
    """False when a text of two or more words has too few known Dutch words."""
    words = [t for t in tokens if t.is_word]
    return len(words) < 2 or dutch_share(tokens) >= MIN_DUTCH_SHARE
