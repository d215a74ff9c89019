"""Who may use a class hub: the cohort's trainees and its trainer, checked as hub user names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from leerrecht.core.errors import Problem, UserError

if TYPE_CHECKING:
    from leerrecht.domain.cohort import Cohort

# A hub user becomes the Unix user ``jupyter-<name>`` on The Littlest JupyterHub; Linux
# user names start with a letter and are at most 32 characters, "jupyter-" takes 8.
USERNAME = re.compile(r"[a-z][a-z0-9_-]{0,23}")
USERNAME_HINT = (
    "a hub user name starts with a lower-case letter, then lower-case letters, digits, "
    "'-' or '_', at most 24 characters in all"
)


@dataclass(frozen=True)
class ClassUsers:
    """Who may use the hub for one cohort."""

    cohort: str
    trainer: str
    trainees: tuple[str, ...]

    @property
    def everyone(self) -> tuple[str, ...]:
        return (*self.trainees, self.trainer)


def class_users(cohort: Cohort, source: str | Path | None = None) -> ClassUsers:
    """The hub's users for ``cohort``; raise :class:`UserError` before any hub starts.

    Checks: at least one trainee, no name twice, every name a valid hub user name, and the
    trainer not also listed as a trainee (the trainer has a login of their own).
    """
    problems: list[Problem] = []
    if not cohort.deelnemers:
        problems.append(
            Problem(
                "the cohort has no trainees, so nobody could log in to the hub",
                file=source,
                field="deelnemers",
                hint="list the trainees' pseudonyms under 'deelnemers'",
            )
        )
    seen: set[str] = set()
    for i, name in enumerate(cohort.deelnemers):
        if name in seen:
            problems.append(
                Problem(
                    f"trainee {name!r} is listed twice",
                    file=source,
                    field=f"deelnemers.{i}",
                    hint="every trainee needs a name of their own",
                )
            )
        seen.add(name)
        if not USERNAME.fullmatch(name):
            problems.append(
                Problem(
                    f"{name!r} is not a valid hub user name",
                    file=source,
                    field=f"deelnemers.{i}",
                    hint=USERNAME_HINT,
                )
            )
    if not USERNAME.fullmatch(cohort.trainer):
        problems.append(
            Problem(
                f"{cohort.trainer!r} is not a valid hub user name",
                file=source,
                field="trainer",
                hint=USERNAME_HINT,
            )
        )
    if cohort.trainer in seen:
        problems.append(
            Problem(
                f"the trainer {cohort.trainer!r} is also listed as a trainee",
                file=source,
                field="trainer",
                hint="use a separate pseudonym for the trainer (the hub's admin)",
            )
        )
    if problems:
        raise UserError(problems)
    return ClassUsers(cohort.naam, cohort.trainer, tuple(cohort.deelnemers))
