"""Reading the exercise data files (data/gesprek/, data/netwerk/) with line numbers.

Like :func:`leerrecht.core.yamlio.load_model`, but it also returns the YAML node tree, so
checks the schema cannot express (an unknown role, a case that does not exist, a broken
conversation graph) can name ``file:line`` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from leerrecht.core.errors import Problem, UserError
from leerrecht.core.yamlio import node_line, read_yaml, validation_problems

M = TypeVar("M", bound=BaseModel)


def load_with_nodes(model: type[M], path: str | Path) -> tuple[M, yaml.Node | None]:
    """Validate ``path`` as ``model``; raise :class:`UserError` (file:line) on failure."""
    data, node = read_yaml(path)
    if data is None:
        raise UserError.single("the file is empty", file=path, hint="see the bundled example")
    try:
        return model.model_validate(data), node
    except ValidationError as exc:
        raise UserError(validation_problems(exc, path, node)) from None


def problem_at(
    path: str | Path, node: yaml.Node | None, loc: tuple[Any, ...], message: str, hint: str = ""
) -> Problem:
    """A problem located at ``loc`` (a key path into the file) with its line."""
    field = ".".join(str(p) for p in loc) or None
    return Problem(message, file=path, line=node_line(node, loc), field=field, hint=hint or None)


def known_case_ids() -> set[str]:
    """Ids of the case files in casestudies/ (a file stem is the case id)."""
    from leerrecht.domain.cases import case_files

    return {p.stem for p in case_files()}


def check_case_ids(
    path: str | Path, node: yaml.Node | None, refs: list[tuple[tuple[Any, ...], str]]
) -> list[Problem]:
    """A problem for each ``(loc, case_id)`` that names no case in casestudies/."""
    known = known_case_ids()
    return [
        problem_at(
            path,
            node,
            loc,
            f"unknown case '{case_id}'",
            f"use one of: {', '.join(sorted(known))}",
        )
        for loc, case_id in refs
        if case_id not in known
    ]


def check_unique(
    path: str | Path, node: yaml.Node | None, ids: list[tuple[tuple[Any, ...], str]]
) -> list[Problem]:
    """A problem for each id that was used before in the same file."""
    seen: set[str] = set()
    problems = []
    for loc, value in ids:
        if value in seen:
            problems.append(
                problem_at(path, node, loc, f"duplicate id '{value}'", "ids must be unique")
            )
        seen.add(value)
    return problems
