"""Reading and writing the tables ``leerrecht privacy pseudonymise`` works on.

Registers come as CSV (comma, semicolon or tab) or Parquet, answers as JSON Lines. A file
that cannot be read gives a :class:`UserError` naming what is wrong and how to fix it;
output is written atomically so a failure leaves no half-written file.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from leerrecht.core.errors import UserError

# --- reading and writing -----------------------------------------------------------------

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl"}


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserError.single(
            f"unsupported file type {path.suffix or '(none)'}",
            file=path,
            hint="use .csv or .parquet (attendance registers) or .jsonl (answers)",
        )
    return fmt


def _unreadable(path: Path, what: str, hint: str) -> UserError:
    return UserError.single(what, file=path, hint=hint)


def _csv_text(path: Path) -> str:
    """The text of a CSV file; refuses empty, binary and non-UTF-8 files with a hint."""
    data = path.read_bytes()
    if not data.strip():
        raise _unreadable(path, "the file is empty", "give a register with a header row")
    if b"\x00" in data:
        raise _unreadable(
            path, "this is not a text file (it holds NUL bytes)", "export the register as CSV"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError.single(
            f"not UTF-8 text (byte {exc.start}: {exc.reason}); probably Latin-1 or Windows-1252",
            file=path,
            line=line,
            hint="save it as 'CSV UTF-8' in your spreadsheet, or convert it: "
            "iconv -f cp1252 -t utf-8 IN > OUT",
        ) from None


def read_table(path: Path) -> pd.DataFrame:
    """The table in ``path``; a file that cannot be read gives a :class:`UserError`."""
    fmt = file_format(path)
    if fmt == "csv":
        text = _csv_text(path)
        header = text.split("\n", 1)[0]
        sep = max((",", ";", "\t"), key=header.count)
        try:
            # Everything as text: ids with leading zeros and postcodes stay as written.
            return pd.read_csv(
                io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""]
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0][:200]
            raise _unreadable(
                path, f"not a readable CSV table ({first})", "check the file"
            ) from None
    if fmt == "parquet":
        try:
            return pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises its own error types for a corrupt file
            raise _unreadable(
                path, f"not a readable Parquet file ({exc.__class__.__name__})", "check the file"
            ) from None
    records = []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError.single(
            f"not UTF-8 text (byte {exc.start}: {exc.reason})",
            file=path,
            line=data[: exc.start].count(b"\n") + 1,
            hint="answers files are written as UTF-8; is this the right file?",
        ) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError.single(f"invalid JSON ({exc.msg})", file=path, line=number) from None
        if not isinstance(record, dict):
            raise UserError.single("expected a JSON object", file=path, line=number)
        records.append(record)
    if not records:
        raise _unreadable(path, "the file holds no records", "give an answers file (.jsonl)")
    return pd.DataFrame.from_records(records)


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write atomically: a temporary file next to ``path``, then a rename."""
    fmt = file_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if fmt == "csv":
            frame.to_csv(tmp, index=False)
        elif fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            with tmp.open("w", encoding="utf-8") as handle:
                for record in frame.to_dict(orient="records"):
                    clean = {k: (None if is_missing(v) else v) for k, v in record.items()}
                    handle.write(json.dumps(clean, ensure_ascii=False, default=str) + "\n")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
