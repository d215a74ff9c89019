"""One run at a time per output folder.

Two runs writing into one ``output/<cohort>/`` would trip over each other's staging files
and manifest. A run holds a lock on each folder it writes; a second run waits briefly,
then refuses with a clear message. Runs one after another (``--only`` a part each) still
merge their results into one manifest.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from leerrecht.core.errors import UserError

LOCK_NAME = ".leerrecht-run.lock"
WAIT_S = 5.0


@contextlib.contextmanager
def output_locks(folders: list[Path], wait_s: float | None = None) -> Iterator[None]:
    """Hold the lock of every folder (sorted, so two runs never wait on each other in a
    circle); leftovers of a killed earlier run (``.staging``) are cleared once it is ours."""
    from filelock import FileLock, Timeout

    wait_s = WAIT_S if wait_s is None else wait_s
    with contextlib.ExitStack() as stack:
        for folder in sorted(set(folders)):
            folder.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(folder / LOCK_NAME), timeout=wait_s)
            try:
                stack.enter_context(lock)
            except Timeout:
                raise UserError.single(
                    f"another `leerrecht cohort run` is writing to this folder "
                    f"(waited {wait_s:g} s)",
                    file=folder,
                    hint="wait until that run has finished, or give this run its own folder "
                    "with --out DIR",
                ) from None
            shutil.rmtree(folder / ".staging", ignore_errors=True)
        yield
