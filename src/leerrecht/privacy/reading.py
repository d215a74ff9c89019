"""Reading the files the privacy scan looks into: decoding, notebooks, tables, JSON.

Each function turns a file's text into the pieces the detectors run over, with offsets
into the original text so a finding can be located by line and column.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from leerrecht.privacy.detectors import GEBOORTEDATUM, PERSOON, Hit

# File types the scan reads, by suffix.
TEXT_SUFFIXES = frozenset({".yml", ".yaml", ".md", ".markdown", ".txt", ".csv", ".tsv"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
NOTEBOOK_SUFFIX = ".ipynb"
SCANNED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | {NOTEBOOK_SUFFIX}
# Structured tables: only pattern detectors and column names; deduce on thousands of
# register rows is slow and mostly noise.
NO_NAME_PASS = frozenset({".csv", ".tsv"})

# CSV column names whose values are direct identifiers, whatever they look like.
BIRTH_COLUMNS = frozenset(
    {"geboortedatum", "geb_datum", "gebdatum", "dob", "date_of_birth", "birthdate", "geboren"}
)
NAME_COLUMNS = frozenset(
    {
        "naam",
        "voornaam",
        "achternaam",
        "roepnaam",
        "volledige_naam",
        "naam_leerling",
        "leerling_naam",
        "name",
        "first_name",
        "last_name",
        "surname",
        "full_name",
    }
)


@dataclass(frozen=True)
class Segment:
    """A piece of text from a file: ``label`` names it, line numbers start after
    ``line_offset``; ``names`` says whether the deduce pass runs over it."""

    label: str
    text: str
    line_offset: int = 0
    names: bool = True


# --- reading files -----------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of a file's bytes and a note when it was not UTF-8.

    UTF-16 with a byte-order mark and Windows-1252 (which Latin-1 files also decode as)
    are read too, so an export from an old spreadsheet is still scanned. Raises
    ValueError for binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16 text, scanned"
        except UnicodeDecodeError:
            raise ValueError("not readable text (broken UTF-16)") from None
    if b"\x00" in data:
        raise ValueError("binary file (NUL bytes), not scanned")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        where = f"{exc.reason} at byte {exc.start}"
    try:
        return data.decode("cp1252"), f"not UTF-8 ({where}); scanned as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"not UTF-8 ({where}); scanned as Latin-1"


def read_text(path: Path) -> str:
    """Text of ``path`` (see :func:`decode`); raises ValueError for binary data."""
    return decode(path.read_bytes())[0]


def _as_text(value: object) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else ""


def notebook_segments(label: str, text: str) -> list[Segment]:
    """One segment per cell source and per text output; ValueError if malformed."""
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed notebook (invalid JSON at line {exc.lineno})") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise ValueError("malformed notebook (no 'cells' list)")
    segments = []
    for i, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise ValueError(f"malformed notebook (cell {i} is not an object)")
        segments.append(Segment(f"{label}#cell{i}", _as_text(cell.get("source"))))
        for j, output in enumerate(cell.get("outputs") or [], start=1):
            if not isinstance(output, dict):
                continue
            where = f"{label}#cell{i}.out{j}"
            if "text" in output:
                segments.append(Segment(where, _as_text(output["text"])))
            data = output.get("data") or {}
            for mime in ("text/plain", "text/markdown"):
                if mime in data:
                    segments.append(Segment(where, _as_text(data[mime])))
            if "text/html" in data:  # markup confuses deduce; patterns only
                segments.append(Segment(where, _as_text(data["text/html"]), names=False))
            if "traceback" in output:
                segments.append(Segment(where, "\n".join(output["traceback"]), names=False))
    return segments


def table_delimiter(text: str, suffix: str) -> str:
    """The field separator of a table: tab for .tsv, else the commonest of , ; tab | in
    the header (Dutch spreadsheets export with ';')."""
    if suffix == ".tsv":
        return "\t"
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def table_cells(text: str, delimiter: str = ",") -> list[tuple[int, int, int, str]]:
    """Every cell of a table as ``(row, column, offset, value)``; row 0 is the header."""
    cells = []
    offset = 0
    for row, line in enumerate(text.splitlines(keepends=True)):
        values = next(csv.reader([line], delimiter=delimiter), [])
        pos = 0
        for index, value in enumerate(values):
            found = line.find(value, pos) if value else -1
            if found >= 0:
                pos = found + len(value)
                cells.append((row, index, offset + found, value))
        offset += len(line)
    return cells


def csv_column_hits(text: str, delimiter: str = ",") -> list[Hit]:
    """Every value in a birth-date or name column of a CSV table."""
    cells = table_cells(text, delimiter)
    columns = {}
    for row, index, _, name in cells:
        if row != 0:
            break
        key = name.strip().casefold().replace(" ", "_").replace("-", "_")
        if key in BIRTH_COLUMNS:
            columns[index] = GEBOORTEDATUM
        elif key in NAME_COLUMNS:
            columns[index] = PERSOON
    return [
        Hit(offset, offset + len(value), columns[index])
        for row, index, offset, value in cells
        if row > 0 and index in columns and value.strip()
    ]


# A JSON string (without its quotes) or number literal.
_JSON_VALUE = re.compile(r'"((?:[^"\\]|\\.)*)"|(-?\d[\d.eE+-]*)')


def json_fields(text: str) -> list[tuple[int, str]]:
    """Every string and number literal of a JSON (or JSON Lines) text, with its offset."""
    fields = []
    for m in _JSON_VALUE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        fields.append((m.start(group), m.group(group)))
    return fields


def file_segments(path: Path, label: str, text: str) -> tuple[list[Segment], str | None]:
    """Segments of one file and an optional problem note (malformed notebook)."""
    suffix = path.suffix.lower()
    if suffix == NOTEBOOK_SUFFIX:
        try:
            return notebook_segments(label, text), None
        except ValueError as exc:
            # Still scan the raw text so nothing slips through a broken notebook.
            return [Segment(label, text, names=False)], f"{exc}; scanned as plain text"
    return [Segment(label, text, names=suffix not in NO_NAME_PASS)], None
