"""Collect every trainee's answers from their home into the trainer's copy, losing nothing.

The trainee's file lives in a home the trainee can write, so its content is not trusted:
only lines that are valid answers of this cohort *and* of the file's owner are taken. The
trainer's copy is merged, never replaced: lines already there stay, new ones are appended,
so a file only grows (a trainee's home that lost its file costs the trainer nothing). Every
file about to change is first copied to ``<dest>/.backup/<date-time>/``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from leerrecht.core.errors import UserError
from leerrecht.core.fileio import atomic_write_bytes
from leerrecht.domain.answers import Answer
from leerrecht.hub.users import class_users

if TYPE_CHECKING:
    from leerrecht.domain.cohort import Cohort

BACKUP_DIR = ".backup"


class AnswerSource(Protocol):
    """What collecting needs of a hub (:class:`leerrecht.hub.client.HubClient`)."""

    def server_ready(self, name: str) -> bool: ...
    def start(self, name: str) -> None: ...
    def stop(self, name: str) -> None: ...
    def file_text(self, name: str, path: str) -> str | None: ...


def home_answers_path(cohort: str, trainee: str) -> str:
    """Where a trainee's answers sit, relative to their home on the hub."""
    return f"answers/{cohort}/{trainee}.jsonl"


def owned_answers(text: str, cohort: str, trainee: str) -> tuple[list[Answer], Counter[str]]:
    """The answers in ``trainee``'s own file that are really theirs, and why others were not.

    Reasons are ``damaged line``, ``claims trainee X`` and ``other cohort Y``.
    """
    kept: list[Answer] = []
    skipped: Counter[str] = Counter()
    for raw in text.splitlines():
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            answer = Answer.from_mapping(data)
        except ValueError:
            skipped["damaged line"] += 1
            continue
        if answer.trainee != trainee:
            skipped[f"claims trainee {answer.trainee}"] += 1
        elif answer.cohort != cohort:
            skipped[f"other cohort {answer.cohort}"] += 1
        else:
            kept.append(answer)
    return kept, skipped


def owned_lines(text: str, cohort: str, trainee: str) -> tuple[list[str], int]:
    """:func:`owned_answers` as stored lines plus the number of lines refused."""
    kept, skipped = owned_answers(text, cohort, trainee)
    return [a.to_line() for a in kept], sum(skipped.values())


@dataclass
class TraineeResult:
    added: int = 0  # new lines appended to the trainer's copy
    present: int = 0  # lines of the home's file the trainer's copy already held
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> lines refused
    note: str = ""  # why nothing was read, e.g. no file in the home


@dataclass
class CollectReport:
    trainees: dict[str, TraineeResult] = field(default_factory=dict)
    started: list[str] = field(default_factory=list)  # servers started (and stopped) for this
    backup: Path | None = None  # where the trainer's files were copied before changing
    not_in_cohort: list[str] = field(default_factory=list)  # trainer's files kept untouched

    @property
    def added(self) -> int:
        return sum(r.added for r in self.trainees.values())

    @property
    def missing(self) -> list[str]:
        return [n for n, r in self.trainees.items() if r.note]


def merge_into(path: Path, answers: Iterable[Answer]) -> tuple[bytes, int, int]:
    """The new content of the trainer's ``path`` with ``answers`` merged in.

    Returns (content, added, already present). The old content is kept byte for byte at
    the start, so the file never shrinks, whatever the home's file now holds.
    """
    from leerrecht.domain.answers import read_answers

    old = path.read_bytes() if path.exists() else b""
    seen = set(read_answers(path)) if old else set()
    new = []
    present = 0
    for answer in answers:
        if answer in seen:
            present += 1
            continue
        seen.add(answer)
        new.append(answer.to_line().encode("utf-8"))
    if new and old and not old.endswith(b"\n"):
        old += b"\n"
    return old + b"".join(new), len(new), present


def _backup(dest: Path, names: Iterable[str]) -> Path | None:
    files = [dest / f"{n}.jsonl" for n in names if (dest / f"{n}.jsonl").exists()]
    if not files:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = dest / BACKUP_DIR / stamp
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = dest / BACKUP_DIR / f"{stamp}-{suffix}"
    folder.mkdir(parents=True)
    for path in files:
        shutil.copy2(path, folder / path.name)
    return folder


def collect_answers(
    cohort: Cohort,
    client: AnswerSource,
    dest: str | Path | None = None,
    *,
    start_stopped: bool = True,
    ready_timeout: float = 120.0,
) -> CollectReport:
    """Merge every trainee's answers from their home into ``dest`` (default: the cohort's).

    Servers that are not running are started for the copy and stopped again when
    ``start_stopped``; otherwise those trainees are reported as not read.
    """
    users = class_users(cohort)
    dest = Path(dest) if dest is not None else cohort.answers_path
    report = CollectReport()
    stopped = [n for n in users.trainees if not client.server_ready(n)]
    if start_stopped and stopped:
        for name in stopped:
            client.start(name)
        _wait_ready(client, stopped, ready_timeout)
        report.started = list(stopped)
    merged: dict[str, tuple[bytes, int]] = {}
    try:
        for name in users.trainees:
            result = report.trainees.setdefault(name, TraineeResult())
            if name in stopped and not start_stopped:
                result.note = "server not running (collect without --no-start to read it)"
                continue
            text = client.file_text(name, home_answers_path(users.cohort, name))
            if text is None:
                result.note = "no answers file in their home"
                continue
            answers, result.skipped = owned_answers(text, users.cohort, name)
            content, result.added, result.present = merge_into(dest / f"{name}.jsonl", answers)
            if result.added:
                merged[name] = (content, result.added)
    finally:
        for name in report.started:
            client.stop(name)
    report.backup = _backup(dest, merged)
    for name, (content, _) in merged.items():
        atomic_write_bytes(dest / f"{name}.jsonl", content)
    if dest.is_dir():
        report.not_in_cohort = sorted(
            p.stem for p in dest.glob("*.jsonl") if p.stem not in users.trainees
        )
    return report


def _wait_ready(client: AnswerSource, names: Iterable[str], timeout: float) -> None:
    waiting = set(names)
    deadline = time.monotonic() + timeout
    while waiting:
        waiting = {n for n in waiting if not client.server_ready(n)}
        if not waiting:
            return
        if time.monotonic() > deadline:
            raise UserError.single(
                f"servers not ready after {timeout:.0f} s: {', '.join(sorted(waiting))}",
                hint="try again, or collect with --no-start while the class is online",
            )
        time.sleep(0.5)
