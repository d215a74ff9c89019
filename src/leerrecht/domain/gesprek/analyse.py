"""The question analyser: one Dutch question or sentence in, a verdict with named signals out.

Rule-based and transparent on purpose: every signal it finds is named, with the words that
triggered it and why it matters (:mod:`.regels`). The verdict is *solution-focused* when the
weights add up to more than zero and no strong problem signal (weight -3: "waarom … niet",
an accusation, a threat) was seen; a friendly tone does not outweigh a blame. It is feedback
to think with, not a grade, and :data:`DISCLAIMER` says so wherever it is shown.

Bad input raises :class:`~leerrecht.core.errors.UserError` with a clear message: an empty or
very long text, or a text that is not Dutch.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from leerrecht.core.errors import UserError
from leerrecht.core.i18n import Strings
from leerrecht.domain.gesprek.regels import NEGATIONS, REGELS, Regel
from leerrecht.domain.gesprek.tokens import MAX_CHARS, Token, looks_dutch, tokenize

TAG = re.compile(r"<[^<>]{0,200}>")
STRONG = -3  # a problem signal this heavy decides the verdict on its own

TEXT = Strings.load("domain/gesprek/analyse", "text")

DISCLAIMER = Strings.load("domain/gesprek/analyse", "disclaimer")


@dataclass(frozen=True)
class Signaal:
    """One signal found in the text."""

    id: str
    naam: str
    richting: str  # "probleem" or "oplossing"
    gewicht: int
    fragment: str  # the words that triggered it, as written
    uitleg: str


@dataclass(frozen=True)
class Oordeel:
    """The analyser's verdict on one text."""

    tekst: str
    oplossingsgericht: bool
    score: int
    signalen: tuple[Signaal, ...]
    uitleg: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "tekst": self.tekst,
            "oplossingsgericht": self.oplossingsgericht,
            "score": self.score,
            "signalen": [asdict(s) for s in self.signalen],
            "uitleg": self.uitleg,
        }


def check_text(text: str, taal: str = "nl") -> tuple[str, list[Token]]:
    """The stripped text and its tokens; raise :class:`UserError` for unusable input."""
    stripped = (text or "").strip()
    if not stripped:
        raise UserError.single(TEXT("empty", taal), field="tekst")
    if len(stripped) > MAX_CHARS:
        raise UserError.single(
            TEXT("too_long", taal, n=len(stripped), max=MAX_CHARS), field="tekst"
        )
    # Markup is not part of the question: "<b>Wat</b> heb je nodig?" reads as its words.
    tokens = tokenize(TAG.sub(" ", stripped))
    if not any(t.is_word for t in tokens):
        raise UserError.single(TEXT("no_words", taal), field="tekst")
    if not looks_dutch(tokens):
        raise UserError.single(TEXT("not_dutch", taal), field="tekst")
    return stripped, tokens


def _token_string(tokens: list[Token]) -> tuple[str, list[int]]:
    """Tokens joined by spaces (normalised) and the offset where each token starts."""
    starts, parts, pos = [], [], 0
    for token in tokens:
        starts.append(pos)
        parts.append(token.norm)
        pos += len(token.norm) + 1
    return " ".join(parts), starts


def _span_to_tokens(
    start: int, end: int, starts: list[int], tokens: list[Token]
) -> tuple[int, int]:
    first = max(i for i, s in enumerate(starts) if s <= start) if starts else 0
    last = max(i for i, s in enumerate(starts) if s < end) if starts else 0
    return first, last + 1


NEGATION_WINDOW = 4  # words before a match in which a negation cancels it


def _negated(tokens: list[Token], first: int) -> bool:
    """A negation shortly before token ``first`` in the same clause ("geen boete",
    "ik denk niet dat je lui bent"); punctuation ends the clause."""
    for token in reversed(tokens[max(0, first - NEGATION_WINDOW) : first]):
        if not token.is_word:
            return False
        if token.norm in NEGATIONS:
            return True
    return False


def _matches(
    regel: Regel, tokens: list[Token], norm: str, starts: list[int]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in regel.patronen:
        for m in re.finditer(pattern, norm):
            begin = m.start() + (1 if norm[m.start() : m.start() + 1] == " " else 0)
            spans.append(_span_to_tokens(begin, m.end(), starts, tokens))
    if regel.functie is not None:
        spans.extend(regel.functie(tokens, norm))
    if regel.ontkenbaar:
        spans = [s for s in spans if not _negated(tokens, s[0])]
    return spans


def signalen(text: str, tokens: list[Token]) -> list[Signaal]:
    """Every rule that fires, once per rule, with the first fragment that triggered it."""
    norm, starts = _token_string(tokens)
    found = []
    fired: set[str] = set()
    for regel in REGELS:
        spans = _matches(regel, tokens, norm, starts)
        if not spans:
            continue
        first, last = min(spans)
        fragment = text[tokens[first].start : tokens[last - 1].end]
        fired.add(regel.id)
        found.append(
            Signaal(regel.id, regel.naam, regel.richting, regel.gewicht, fragment, regel.uitleg)
        )
    # "waarom … niet" already says what a plain "waarom" would: count it once.
    if "waarom_niet" in fired:
        found = [s for s in found if s.id != "waarom"]
    # "wél" with stress and "wel lukt" are one signal.
    if "wel" in fired:
        found = [s for s in found if s.id != "wel_nadruk"]
    return found


def beoordeel(text: str, taal: str = "nl") -> Oordeel:
    """Judge one Dutch question or sentence; raise :class:`UserError` for unusable input."""
    stripped, tokens = check_text(text, taal)
    found = signalen(TAG.sub(" ", stripped), tokens)
    score = sum(s.gewicht for s in found)
    strong = [s for s in found if s.gewicht <= STRONG]
    solution = bool(found) and score > 0 and not strong
    verdict = TEXT("verdict_yes" if solution else "verdict_no", taal)
    if not found:
        uitleg = TEXT("none_seen", taal)
    elif strong:
        names = ", ".join(s.naam for s in strong)
        uitleg = f"{verdict}, {TEXT('because_strong', taal, names=names)}"
    else:
        plus = ", ".join(s.naam for s in found if s.gewicht > 0) or "—"
        minus = ", ".join(s.naam for s in found if s.gewicht < 0) or "—"
        uitleg = f"{verdict}: {TEXT('because_weight', taal, score=score, plus=plus, minus=minus)}"
    return Oordeel(stripped, solution, score, tuple(found), uitleg)
