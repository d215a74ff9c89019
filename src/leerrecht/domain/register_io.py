"""Reading register files as Dutch schools export them.

Pupil administration systems export CSV with a comma or a semicolon (then with decimal
commas: ``1,5``), in UTF-8 (often with a byte order mark) or Windows-1252 / Latin-1, with
ISO dates (``2026-09-07``) or Dutch ones (``07-09-2026``). :func:`read_table` detects the
encoding and the separator, reads every cell as text and returns the raw table with the
file line of every row, so that the register's validation can name the right lines.
A row with the wrong number of fields is one error for that row, never a shifted file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from leerrecht.core.errors import Problem, UserError

__all__ = [
    "SEPARATORS",
    "Dialect",
    "decode",
    "sniff_separator",
    "read_table",
]

SEPARATORS = {",": "komma", ";": "puntkomma", "\t": "tab"}
_SHOW = 5


@dataclass(frozen=True)
class Dialect:
    """How a CSV file was written: encoding, field separator, decimal mark."""

    encoding: str
    separator: str
    decimal: str

    def describe(self) -> str:
        sep = {",": "comma", ";": "semicolon", "\t": "tab"}[self.separator]
        return f"{self.encoding}, {sep}-separated, decimal {self.decimal!r}"


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was in (UTF-8 with or without BOM, else
    Windows-1252, else Latin-1). UTF-16 and binary files are refused with a hint."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError.single(
            "the file is UTF-16 text",
            file=path,
            hint="export or save the register as CSV in UTF-8 (or Windows-1252)",
        )
    if b"\x00" in data:
        raise UserError.single(
            "the file holds NUL bytes: not a text (CSV) file",
            file=path,
            hint="export the register as CSV, or use .parquet",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_separator(header: str, required: tuple[str, ...]) -> str:
    """The separator that splits the header into the most required column names."""

    def score(sep: str) -> tuple[int, int]:
        names = [n.strip().strip('"').lower() for n in header.split(sep)]
        return sum(n in required for n in names), len(names)

    return max(SEPARATORS, key=score)


def read_table(path: Path, required: tuple[str, ...]) -> tuple[pd.DataFrame, list[int], Dialect]:
    """The raw table (every cell text), the file line of each row, and the dialect.

    Raises:
        UserError: for an unreadable or empty file, or one error per malformed row.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError.single(f"cannot read the file: {exc.strerror}", file=path) from None
    text, encoding = decode(path, data)
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise UserError.single(
            "the file is empty",
            file=path,
            hint=f"a register starts with a header line: {','.join(required)}",
        )
    sep = sniff_separator(first, required)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header = [h.strip() for h in next(reader)]
    rows, lines, problems, more = [], [], [], 0
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines (often at the end of an export) carry nothing
        if len(row) != len(header):
            if len(problems) < _SHOW:
                problems.append(
                    Problem(
                        f"{len(row)} fields where the header has {len(header)}",
                        file=path,
                        line=start,
                        hint=f"the file is {SEPARATORS[sep]}-separated; quote a value that "
                        f"contains {sep!r}, or check for a missing or extra separator",
                    )
                )
            else:
                more += 1
            continue
        rows.append(row)
        lines.append(start)
    if more:
        problems.append(Problem(f"and {more} more malformed rows", file=path))
    if problems:
        raise UserError(problems)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    decimal = "," if sep != "," else "."
    return frame, lines, Dialect(encoding, sep, decimal)
