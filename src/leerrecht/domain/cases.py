"""Case studies: loading and validation, and the JSON schema.

A case is one YAML file ``casestudies/<id>.yml`` (Dutch keys, see the template
``casestudies/sjabloon.yml.txt``); the model lives in :mod:`leerrecht.domain.casemodel` and
is re-exported here. Checking happens in two layers:

1. the pydantic model checks shape and types (missing field, wrong type, unknown
   ``aanpak``, too few decision points or options);
2. :func:`leerrecht.domain.casechecks.case_problems` checks what a schema cannot express
   (ids, the scenario graph, the content rules of a branching case, fictional names).

Every problem names file, line and field, says what was expected and how to fix it.
``casestudies/schema.json`` is generated from the model (:func:`schema_text`) so editors
can autocomplete; a test keeps the committed file in sync.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.core.yamlio import node_line, read_yaml, validation_problems
from leerrecht.domain.casechecks import case_problems
from leerrecht.domain.casemodel import (  # noqa: F401  (re-exported: the case model)
    AANPAKKEN,
    LINEAR_END,
    MIN_BESLISMOMENTEN,
    MIN_OPTIES,
    SOORTEN,
    UITKOMSTEN,
    Beslismoment,
    Case,
    Einde,
    Gebeurtenis,
    Optie,
    Profiel,
    Verzuim,
)

__all__ = [
    "FICTIEF_FILE",
    "SCHEMA_FILE",
    "TEMPLATE_FILE",
    "case_files",
    "load_fictief",
    "validate_file",
    "validate_paths",
    "load_case_file",
    "load_case",
    "list_cases",
    "json_schema",
    "schema_text",
    "write_schema",
]

FICTIEF_FILE = "fictief.yml"
SCHEMA_FILE = "schema.json"
TEMPLATE_FILE = "sjabloon.yml.txt"

# --- files ---------------------------------------------------------------------------------


def case_files(folder: str | Path | None = None) -> list[Path]:
    """The case files in ``folder`` (default: the project's casestudies/), sorted by name."""
    folder = Path(folder) if folder is not None else paths.CASESTUDIES
    return sorted(p for p in folder.glob("*.yml") if p.name != FICTIEF_FILE)


def _expand(targets: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        target = Path(target)
        files.extend(case_files(target) if target.is_dir() else [target])
    return files


def load_fictief(path: str | Path | None = None) -> dict[str, set[str]] | None:
    """The lists of fictional names in ``fictief.yml``; None if the file does not exist."""
    path = Path(path) if path is not None else paths.CASESTUDIES / FICTIEF_FILE
    if not path.exists():
        return None
    data, _ = read_yaml(path)
    if not isinstance(data, dict):
        raise UserError.single(
            "expected a mapping with personen, plaatsen, scholen, instellingen",
            file=path,
            line=1,
            hint="see the comments at the top of casestudies/fictief.yml",
        )
    return {
        key: {str(v) for v in (data.get(key) or [])}
        for key in ("personen", "plaatsen", "scholen", "instellingen")
    }


# Hints for pydantic error kinds that yamlio leaves without one.
_TYPE_HINTS = {
    "int_parsing": "write a whole number without quotes, e.g. 3",
    "int_type": "write a whole number without quotes, e.g. 3",
    "float_parsing": "write a number without quotes, e.g. 4 or 2.5",
    "float_type": "write a number without quotes, e.g. 4 or 2.5",
    "string_type": "write text (put it in quotes if it starts with a special character)",
    "list_type": "write a list: one item per line, each starting with '- '",
    "dict_type": "write a block of 'key: value' lines, indented under this key",
    "model_type": "write a block of 'key: value' lines, indented under this key",
    "too_short": "add items until the minimum is reached (see casestudies/README.md)",
    "string_too_short": "fill in the text; it may not be empty",
    "string_pattern_mismatch": "use lower-case letters, digits and '-' (ids: also '_')",
    "greater_than": "use a number above the minimum",
    "greater_than_equal": "use a number at or above the minimum",
    "less_than_equal": "use a number at or below the maximum",
}


def _with_hints(problems: list[Problem], exc: ValidationError) -> list[Problem]:
    for problem, error in zip(problems, exc.errors(), strict=True):
        if problem.hint is None and error["loc"] and error["loc"][-1] == "url":
            problem.hint = "write a full web address without spaces, starting with https://"
        elif problem.hint is None:
            problem.hint = _TYPE_HINTS.get(error["type"])
    return problems


# --- public API ---------------------------------------------------------------------------


def validate_file(
    path: str | Path, fictief: dict[str, set[str]] | None = None, strict: bool = False
) -> tuple[Case | None, list[Problem]]:
    """Validate one case file; return the case (None if its shape is invalid) and all problems.

    ``strict`` also refuses the old, linear format (a case without ``eindes``)."""
    path = Path(path)
    try:
        data, node = read_yaml(path)
    except UserError as exc:
        return None, exc.problems
    problems: list[Problem] = []
    if data is None:
        return None, [
            Problem("the file is empty", file=path, hint=f"start from casestudies/{TEMPLATE_FILE}")
        ]
    if not isinstance(data, dict):
        return None, [
            Problem(
                "expected a case: a block of 'key: value' lines",
                file=path,
                line=1,
                hint=f"start from casestudies/{TEMPLATE_FILE}",
            )
        ]
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return None, problems + _with_hints(validation_problems(exc, path, node), exc)
    return case, problems + case_problems(case, path, node, fictief, strict)


def validate_paths(
    targets: Iterable[str | Path] | None = None,
    fictief_path: str | Path | None = None,
    strict: bool = False,
) -> tuple[list[Case], list[Problem]]:
    """Validate case files and folders (default: all cases); also ids unique across files."""
    files = _expand(targets) if targets else case_files()
    if not files:
        return [], [
            Problem(
                "no case files found",
                file=", ".join(map(str, targets)) if targets else paths.CASESTUDIES,
                hint="case files end in .yml",
            )
        ]
    fictief = load_fictief(fictief_path)
    cases: list[Case] = []
    problems: list[Problem] = []
    owner: dict[str, Path] = {}
    for path in files:
        case, found = validate_file(path, fictief, strict)
        problems.extend(found)
        if case is None:
            continue
        if case.id in owner:
            problems.append(
                Problem(
                    f"duplicate case id '{case.id}' (also in {owner[case.id]})",
                    file=path,
                    line=node_line(read_yaml(path)[1], ("id",)),
                    field="id",
                    hint="every case needs its own id; rename one of the two",
                )
            )
            continue
        owner[case.id] = path
        cases.append(case)
    return cases, problems


def load_case_file(path: str | Path) -> Case:
    """Load and fully validate one case file; raise :class:`UserError` if anything is wrong."""
    case, problems = validate_file(path, load_fictief(Path(path).parent / FICTIEF_FILE))
    if problems or case is None:
        raise UserError(problems)
    return case


def load_case(case_id: str, folder: str | Path | None = None) -> Case:
    """The case with this id from ``folder`` (default: the project's casestudies/)."""
    folder = Path(folder) if folder is not None else paths.CASESTUDIES
    path = folder / f"{case_id}.yml"
    if not path.exists():
        known = ", ".join(p.stem for p in case_files(folder)) or "(none)"
        raise UserError.single(
            f"unknown case '{case_id}'",
            file=folder,
            field="case_id",
            hint=f"use one of: {known}",
        )
    return load_case_file(path)


def list_cases(folder: str | Path | None = None) -> list[Case]:
    """All cases in ``folder``, sorted by id; raise :class:`UserError` if any is invalid."""
    folder = Path(folder) if folder is not None else paths.CASESTUDIES
    cases, problems = validate_paths([folder], folder / FICTIEF_FILE)
    if problems:
        raise UserError(problems)
    return sorted(cases, key=lambda c: c.id)


# --- JSON schema ----------------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON schema of a case file, for editors (generated from :class:`Case`)."""
    schema = Case.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "leerrecht casus",
        "description": (
            "Een casus voor de leerrecht-training. Genereer dit bestand opnieuw met "
            "'leerrecht cases schema'; pas het niet met de hand aan."
        ),
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text() -> str:
    """The schema as committed: stable key order, UTF-8, trailing newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: str | Path | None = None) -> Path:
    """Write ``schema.json`` (default: casestudies/schema.json); return its path."""
    path = Path(path) if path is not None else paths.CASESTUDIES / SCHEMA_FILE
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(schema_text(), encoding="utf-8")
    tmp.replace(path)
    return path
