"""Which language a rendered page speaks: its visible text, less the parts marked as another
language, searched for the other language's function words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Whole words that are (nearly) only Dutch or only English: a handful is enough to catch a
# sentence in the wrong language. Terms of art (verzuim, melding ...) are not among them.
DUTCH = frozenset(
    [
        "het",
        "een",
        "niet",
        "voor",
        "met",
        "zijn",
        "wordt",
        "deze",
        "naar",
        "bij",
        "geen",
        "jouw",
        "je",
        "klik",
        "wat",
        "hoe",
        "ook",
        "nog",
    ]
)
ENGLISH = frozenset(["the", "and", "with", "you", "your", "click", "this", "which"])

# Elements whose content no reader sees as text (or sees as code, which has no language).
SKIPPED = frozenset({"script", "style", "head", "svg", "math"})
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
CODE_CLASSES = ("jp-InputArea-editor", "highlight")


class _Visible(HTMLParser):
    def __init__(self, other: str) -> None:
        super().__init__(convert_charrefs=True)
        self.other = other  # the language whose marked parts are left out
        self.stack: list[bool] = []  # per open element: is its content hidden?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        hidden = (
            tag in SKIPPED
            or (attrs.get("lang") or "").lower().startswith(self.other)
            or any(c in (attrs.get("class") or "").split() for c in CODE_CLASSES)
            or "hidden" in attrs
        )
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(page: str, *, other: str) -> str:
    """What a reader sees of ``page``, less code and elements with ``lang=other``; links'
    addresses shown as text are dropped too (a URL is no sentence)."""
    parser = _Visible(other)
    parser.feed(page)
    parser.close()
    text = " ".join(" ".join(parser.parts).split())
    return re.sub(r"\b(?:https?://|www\.)\S+", " ", text)


def words_of(text: str, words: frozenset[str]) -> list[str]:
    """Each occurrence of one of ``words`` (whole words, any case) with a little context."""
    found = []
    for match in re.finditer(r"\b[\w@']+\b", text):
        if match.group(0).lower() in words:
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append(f"{match.group(0)!r} in …{text[start:end]}…")
    return found
