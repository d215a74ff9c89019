"""Atomic file writes: a reader never sees a half-written file, a crash leaves the old one."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: str | Path, data: bytes, *, private: bool = False) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates the file 0600; a secret keeps that from its first byte, other
        # files get the permissions open() would give them.
        if not private:
            os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: str | Path, data: Any) -> Path:
    return atomic_write_text(
        path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    )


def probe_writable(folder: str | Path) -> None:
    """Raise OSError unless a file can be written in ``folder`` (created if missing).

    Checked by writing, not by permission bits (``/proc`` and read-only mounts lie to
    ``os.access`` for root). Folders created for the probe are removed again, so a
    refused or failed command leaves nothing behind. ``NotADirectoryError`` means a file
    stands where the folder (or one of its parents) should be.
    """
    folder = Path(folder).absolute()
    created: list[Path] = []
    try:
        existing = folder
        while not existing.exists():
            created.append(existing)
            existing = existing.parent
        if not existing.is_dir():
            raise NotADirectoryError(20, "not a folder", str(existing))
        for missing in reversed(created):
            missing.mkdir()
        with tempfile.TemporaryFile(dir=folder):
            pass
    finally:
        for made in created:
            with contextlib.suppress(OSError):
                made.rmdir()


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: Any) -> Any:
    """A copy of a DataFrame whose text cells cannot run as spreadsheet formulas.

    A text cell that starts with ``= + - @`` (or a tab / carriage return) gets a leading
    apostrophe, as OWASP advises for CSV files opened in a spreadsheet; numbers, dates and
    other cells stay as they are.
    """
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype == object or str(values.dtype) in ("string", "str", "category"):
            text = values.astype("string")
            risky = text.str.startswith(FORMULA_START).fillna(False)
            if risky.any():
                out[col] = text.where(~risky, "'" + text).astype(object)
    return out


def atomic_write_csv(path: str | Path, frame: Any) -> Path:
    """Write a DataFrame as UTF-8 CSV atomically, with formulas neutralised."""
    return atomic_write_text(path, neutralise_formulas(frame).to_csv(index=False))
