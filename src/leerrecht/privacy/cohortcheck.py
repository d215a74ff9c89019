"""A quick privacy look at a trainer's cohort file, before a run instead of in ``make test``.

The full scan (``leerrecht privacy scan``) needs deduce (about 1 GB and seconds to start);
a cohort file is a few dozen lines, so this check uses the pattern detectors (BSN, phone,
e-mail, IBAN, address …) and deduce's list of Dutch place names, read as plain text
files without importing deduce. It warns; it never stops a run.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from leerrecht.core.i18n import Strings
from leerrecht.privacy.detectors import detect_patterns
from leerrecht.privacy.names import build_allow_list, lowercase_words
from leerrecht.privacy.scanner import mask_value

TEXT = Strings.load("privacy/cohortcheck", "text")
KIND_NAMES = Strings.load("privacy/cohortcheck", "kind_names")

_PLACE_LISTS = ("lst_municipality", "lst_residence", "lst_province")
# One to three capitalised words, with Dutch particles between them ("Bergen op Zoom").
_CAPITALISED = re.compile(
    r"(?<![\w'-])[A-Z][\w'-]*(?:[ \t]+(?:(?:op|aan|de|den|der|in|bij)[ \t]+)?[A-Z][\w'-]*){0,2}"
)


@functools.cache
def place_names() -> frozenset[str]:
    """Dutch place and municipality names from deduce's lookup lists (empty if absent)."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    base = Path(next(iter(spec.submodule_search_locations))) / "data/lookup/src/locations"
    names: set[str] = set()
    for folder in _PLACE_LISTS:
        items = base / "lst_placename" / folder / "items.txt"
        if items.is_file():
            names |= {line.strip() for line in items.read_text(encoding="utf-8").splitlines()}
    exceptions = base / "lst_placename" / "lst_residence" / "exceptions.txt"
    if exceptions.is_file():
        names -= {line.strip() for line in exceptions.read_text(encoding="utf-8").splitlines()}
    return frozenset(n for n in names if len(n) > 2)


# A YAML comment: '#' at the start of a line or after white space, to the end of the line.
_COMMENT = re.compile(r"(?:^|(?<=\s))#.*$", re.M)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _places(text: str, allow_file: Path | None) -> list[tuple[int, str]]:
    known = place_names()
    if not known:
        return []
    allow = build_allow_list(allow_file)
    lowercase = lowercase_words(text)
    found = []
    for m in _CAPITALISED.finditer(text):
        words = m.group().split()
        # Every sub-run, longest first: "Den Haag" and "Utrecht" in "Groep Utrecht".
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                name = " ".join(words[start : start + size])
                if name not in known or allow.allows(name):
                    continue
                if size == 1 and (name.casefold() in lowercase or name.casefold() in allow.common):
                    continue
                found.append((_line(text, m.start()), name))
    seen: set[tuple[int, str]] = set()
    return [f for f in found if not (f in seen or seen.add(f))]


def cohort_file_warnings(
    path: str | Path, taal: str = "nl", allow_file: str | Path | None = None
) -> list[str]:
    """Warnings (in ``taal``) about personal data in a cohort file; empty when it looks clean.

    ``allow_file`` lists invented names (default: the project's casestudies/fictief.yml).
    """
    from leerrecht.core.paths import CASESTUDIES

    path = Path(path)
    allow = Path(allow_file) if allow_file is not None else CASESTUDIES / "fictief.yml"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        return [TEXT("unreadable", taal, file=path, reason=reason)]
    warnings = []
    for hit in detect_patterns(text):
        kind = KIND_NAMES(hit.kind, taal) if hit.kind in KIND_NAMES else hit.kind
        masked = mask_value(text[hit.start : hit.end])
        line = _line(text, hit.start)
        warnings.append(TEXT("pattern", taal, file=path, line=line, kind=kind, masked=masked))
    # Place names are looked for in the values only: the template's own comments start
    # sentences with capitalised words ("Draai …") that are also place names.
    values = _COMMENT.sub(lambda m: " " * len(m.group()), text)
    for line, name in _places(values, allow if allow.is_file() else None):
        warnings.append(TEXT("place", taal, file=path, line=line, masked=mask_value(name)))
    return warnings
