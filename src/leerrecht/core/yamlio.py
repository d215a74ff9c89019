"""Read YAML files and validate them against pydantic models, with line numbers.

Every YAML input (cohorts, cases, protocols, model rates) goes through
:func:`load_model` so that all of them report mistakes the same way:
``file:line: field: what was expected`` plus a hint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from leerrecht.core.errors import Problem, UserError

M = TypeVar("M", bound=BaseModel)

# libyaml's C loader is ~10x faster; both are "safe" loaders (no arbitrary objects).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Walk a composed YAML node tree along a pydantic error location; return a 1-based line."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
            if match is None:
                # The key is missing: point at the mapping that should hold it.
                return line
            key_node = next(k for k, v in node.value if getattr(k, "value", None) == key)
            line = key_node.start_mark.line + 1
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return line
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def read_yaml(path: str | Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; return the data and its node tree (for line numbers).

    Raises :class:`UserError` for a missing file or a syntax error, naming the line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError.single("file not found", file=path, hint="check the path") from None
    except UnicodeDecodeError as exc:
        raise UserError.single(
            f"not UTF-8 text ({exc.reason})", file=path, hint="save the file as UTF-8"
        ) from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise UserError.single(
            f"YAML syntax error: {problem}",
            file=path,
            line=line,
            hint="check indentation, colons and quotes on this line or the one above",
        ) from None
    return data, node


def _describe(error: dict[str, Any]) -> tuple[str, str | None]:
    """Turn one pydantic error into (message, hint) in plain words."""
    kind = error["type"]
    msg = error["msg"]
    if kind == "extra_forbidden":
        return "unknown key", "remove it or correct its spelling (see the template or schema)"
    if kind == "missing":
        return "required field is missing", "add this field"
    if kind == "literal_error":
        return msg, "use one of the allowed values"
    return msg, None


def validation_problems(
    exc: ValidationError, path: str | Path, node: yaml.Node | None
) -> list[Problem]:
    """Map a pydantic ValidationError to located problems."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        message, hint = _describe(error)
        field = ".".join(str(p) for p in loc) or None
        problems.append(
            Problem(message, file=path, line=node_line(node, loc), field=field, hint=hint)
        )
    return problems


def load_model(model: type[M], path: str | Path, *, context: dict[str, Any] | None = None) -> M:
    """Read ``path`` and validate it as ``model``; raise :class:`UserError` with lines on failure."""
    data, node = read_yaml(path)
    if data is None:
        raise UserError.single(
            "the file is empty", file=path, hint="see the template for what it needs"
        )
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise UserError(validation_problems(exc, path, node)) from None
