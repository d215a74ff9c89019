"""Files only their owner can read, from the first byte on.

A secret is written to a temporary file created with mode 0600 (``mkstemp``: never wider,
whatever the umask), flushed, fsync'd and renamed over the target; its folder is
created 0700, and narrowed to 0700 before anything is written when it already exists.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from leerrecht.core.errors import UserError
from leerrecht.core.fileio import atomic_write_bytes

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: str | Path) -> Path:
    """Create ``path`` (and parents) with the last folder 0700; narrow it if it exists."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise UserError.single(
                "expected a folder here, found a file", file=path, hint="choose another --out"
            ) from None
    os.chmod(path, DIR_MODE)  # mkdir's mode is narrowed by the umask only, never widened
    return path


def write_private(path: str | Path, data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``; the file is 0600 at every moment."""
    return atomic_write_bytes(path, data, private=True)


def write_private_text(path: str | Path, text: str) -> Path:
    return write_private(path, text.encode("utf-8"))


def write_private_json(path: str | Path, data: Any) -> Path:
    return write_private_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def is_private(path: str | Path) -> bool:
    """True if neither group nor others have any permission on ``path``."""
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
