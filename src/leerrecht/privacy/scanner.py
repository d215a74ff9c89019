"""Scan files for personal data: which files, which text inside them, where each hit is.

A file becomes one or more :class:`Segment` objects (a notebook gives one per cell source
and per output) so a finding can be located by line and column inside that segment.
"""

from __future__ import annotations

import bisect
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leerrecht.privacy.detectors import (
    Hit,
    detect_in_fields,
    detect_patterns,
    merge_hits,
)
from leerrecht.privacy.names import AllowList
from leerrecht.privacy.reading import (
    JSON_SUFFIXES,
    NO_NAME_PASS,
    SCANNED_SUFFIXES,
    Segment,
    csv_column_hits,
    decode,
    file_segments,
    json_fields,
    read_text,
    table_cells,
    table_delimiter,
)

# Folders never walked into (runtime output, caches, tooling).
SKIP_DIRS = frozenset(
    {
        ".git",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".ipynb_checkpoints",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".cache",
        "output",
        "answers",
        "test-artifacts",
    }
)
# The repository's content, scanned when no path is given.
DEFAULT_TARGETS = ("casestudies", "data", "notebooks", "protocols", "cohorts", "docs", "README.md")


@dataclass(frozen=True)
class Finding:
    """One hit, located for the report; ``excerpt`` never holds the full value."""

    path: str
    line: int
    column: int
    kind: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.kind}: {self.excerpt}"


@dataclass(frozen=True)
class Skipped:
    """A problem reading a file, with the reason. ``unreadable`` means the file was not
    scanned at all (a finding unless allowed); otherwise it was scanned another way."""

    path: str
    reason: str
    unreadable: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class ScanReport:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files_scanned: int = 0
    not_scanned: list[str] = field(default_factory=list)  # files of other types

    @property
    def unreadable(self) -> list[Skipped]:
        return [s for s in self.skipped if s.unreadable]

    def counts(self) -> Counter[str]:
        return Counter(f.kind for f in self.findings)

    def summary(self) -> str:
        counts = self.counts()
        files = len({f.path.split("#", 1)[0] for f in self.findings})
        if counts:
            per_kind = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
            head = (
                f"privacy scan: {len(self.findings)} finding(s) in {files} of "
                f"{self.files_scanned} file(s): {per_kind}"
            )
        else:
            head = f"privacy scan: clean ({self.files_scanned} file(s) scanned)"
        if self.unreadable:
            head += (
                f"; {len(self.unreadable)} file(s) could not be read and count as findings "
                "(see above; --allow-unreadable to accept)"
            )
        notes = len(self.skipped) - len(self.unreadable)
        if notes:
            head += f"; {notes} problem(s) reading files (see above)"
        if self.not_scanned:
            head += f"; {len(self.not_scanned)} file(s) of other types not scanned"
        return head


# --- masking -----------------------------------------------------------------------------


def mask_value(value: str) -> str:
    """Keep the first character of each word, star the other letters and digits."""
    out = []
    at_word_start = True
    for ch in value:
        if ch.isalnum():
            out.append(ch if at_word_start else "*")
            at_word_start = False
        else:
            out.append(ch)
            at_word_start = ch.isspace()
    masked = "".join(out)
    # Digits: show no digit at all (a BSN's first digit is still a digit of a BSN).
    return "".join("*" if ch.isdigit() else ch for ch in masked)


# Five or more digits, grouped or not: never shown in an excerpt even when no detector
# claimed them (a number that fails its checksum may still be someone's).
_LONG_NUMBER = re.compile(r"\d(?:[ .\-/]?\d){4,}")


def _mask_numbers(text: str) -> str:
    return _LONG_NUMBER.sub(lambda m: re.sub(r"\d", "*", m.group()), text)


def excerpt(text: str, hit: Hit, line_hits: Iterable[Hit], width: int = 30) -> str:
    """The hit's line around the hit, with every hit on that line masked."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.start)
    line_end = len(text) if line_end < 0 else line_end
    lo = max(line_start, hit.start - width)
    hi = min(line_end, max(hit.end, hit.start) + width)
    pieces = []
    pos = lo
    for other in sorted(line_hits):
        # Overlapping hits are masked from where the previous one ended.
        start, end = max(other.start, lo, pos), min(other.end, hi)
        if end <= start:
            continue
        pieces.append(_mask_numbers(text[pos:start]))
        pieces.append(mask_value(text[start:end]))
        pos = end
    pieces.append(_mask_numbers(text[pos:hi]))
    body = "".join(pieces).replace("\t", " ").strip()
    # A value running past the window is cut; make sure the cut part stays masked too.
    prefix = "…" if lo > line_start else ""
    suffix = "…" if hi < line_end else ""
    return f"{prefix}{body}{suffix}"


class _Lines:
    """Offset → (line, column), both 1-based."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def locate(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


# --- file discovery ----------------------------------------------------------------------


def git_ignored(root: Path, files: list[Path]) -> set[Path]:
    """The subset of ``files`` that git ignores (empty when git or the repo is absent)."""
    if not files:
        return set()
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "--stdin", "-z"],
            input="\0".join(str(f) for f in files) + "\0",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):
        return set()
    return {Path(p) for p in proc.stdout.split("\0") if p}


def collect_files(targets: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files to scan under ``targets`` and files of other types found next to them.

    An explicitly named file is always scanned, whatever its suffix.
    """
    files: list[Path] = []
    others: list[str] = []
    for target in targets:
        if target.is_file():
            files.append(target)
            continue
        for path in sorted(target.rglob("*")):
            rel_parts = path.relative_to(target).parts
            if any(part in SKIP_DIRS for part in rel_parts[:-1]) or not path.is_file():
                continue
            if path.name in SKIP_DIRS:
                continue
            if path.suffix.lower() in SCANNED_SUFFIXES:
                files.append(path)
            else:
                others.append(str(path))
    return files, others


def default_targets(root: Path) -> list[Path]:
    return [root / name for name in DEFAULT_TARGETS if (root / name).exists()]


# --- scanning ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePass:
    """How names are found: school names by pattern always, deduce when ``engine`` is set."""

    allow: AllowList
    engine: Any = None
    vocabulary: frozenset[str] = frozenset()  # lower-case words seen in the scanned files

    def __call__(self, text: str) -> list[Hit]:
        from leerrecht.privacy.names import find_names, find_school_names

        hits = find_school_names(text, self.allow, self.vocabulary)
        if self.engine is not None:
            hits += find_names(text, self.allow, self.engine, self.vocabulary)
        return merge_hits(hits)


def segment_hits(segment: Segment, name_pass: Callable[[str], list[Hit]] | None) -> list[Hit]:
    """Pattern hits, plus name hits that do not overlap a pattern hit."""
    hits = detect_patterns(segment.text)
    if name_pass is not None and segment.names:
        taken = [(h.start, h.end) for h in hits]
        for name in name_pass(segment.text):
            if not any(name.start < end and start < name.end for start, end in taken):
                hits.append(name)
    return sorted(hits)


def locate(segment: Segment, hits: list[Hit]) -> list[Finding]:
    lines = _Lines(segment.text)
    by_line: dict[int, list[Hit]] = {}
    placed = []
    for hit in hits:
        line, col = lines.locate(hit.start)
        by_line.setdefault(line, []).append(hit)
        placed.append((hit, line, col))
    return [
        Finding(
            segment.label,
            line + segment.line_offset,
            col,
            hit.kind,
            excerpt(segment.text, hit, by_line[line]),
        )
        for hit, line, col in placed
    ]


def vocabulary(files: Iterable[Path]) -> frozenset[str]:
    """Lower-case words across ``files`` (unreadable files are left out)."""
    from leerrecht.privacy.names import lowercase_words

    words: set[str] = set()
    for path in files:
        try:
            words |= lowercase_words(read_text(path))
        except (ValueError, OSError):
            continue
    return frozenset(words)


def display_path(path: Path, base: Path | None = None) -> str:
    base = base or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def scan_file(
    path: Path,
    name_pass: Callable[[str], list[Hit]] | None,
    label: str | None = None,
) -> tuple[list[Finding], list[Skipped]]:
    """Findings in one file, and problems reading it."""
    label = label or str(path)
    try:
        text, encoding_note = decode(path.read_bytes())
    except ValueError as exc:
        return [], [Skipped(label, str(exc))]
    except OSError as exc:
        return [], [Skipped(label, f"cannot read ({exc.strerror or exc}), not scanned")]
    segments, note = file_segments(path, label, text)
    skipped = [Skipped(label, n, unreadable=False) for n in (encoding_note, note) if n]
    suffix = path.suffix.lower()
    findings: list[Finding] = []
    for segment in segments:
        hits = segment_hits(segment, name_pass)
        if segment is segments[0] and suffix in NO_NAME_PASS:
            delimiter = table_delimiter(text, suffix)
            cells = table_cells(text, delimiter)
            extra = csv_column_hits(text, delimiter)
            extra += detect_in_fields((offset, value) for _, _, offset, value in cells)
            hits = merge_hits(hits + extra)
        elif segment is segments[0] and suffix in JSON_SUFFIXES:
            hits = merge_hits(hits + detect_in_fields(json_fields(text)))
        findings.extend(locate(segment, hits))
    return findings, skipped


def scan_paths(
    files: list[Path],
    name_pass: Callable[[str], list[Hit]] | None,
    progress: bool | None = None,
    base: Path | None = None,
) -> ScanReport:
    """Scan ``files``; ``progress`` None shows a bar on a terminal or for many files."""
    from tqdm import tqdm

    if progress is None:
        progress = sys.stderr.isatty() or len(files) >= 200
    report = ScanReport()
    for path in tqdm(
        files, desc="privacy scan", unit="file", file=sys.stderr, disable=not progress
    ):
        findings, skipped = scan_file(path, name_pass, display_path(path, base))
        report.findings.extend(findings)
        report.skipped.extend(skipped)
        report.files_scanned += 1
    return report
