"""The one way the project reads YAML: parse once, refuse what is dangerous, keep line numbers.

Every YAML input (cohorts, cases, protocols, model rates, the fictional-names list) goes
through :func:`read_document`, so all of them report mistakes the same way
(``file:line: field: what was expected`` plus a hint) and all of them refuse:

- a duplicate key (YAML would silently keep the last one, and text would be lost);
- an impossible date (``2026-02-30``, ``2026-13-45``), with an example of the right form;
- a file larger than :data:`MAX_BYTES`, nesting deeper than :data:`MAX_DEPTH`, and alias
  expansion beyond :data:`MAX_NODES` nodes (a "billion laughs" file stays a small file on
  disk but becomes billions of values for whoever walks it);
- something that is not a regular file (a directory, a device, a pipe).

:func:`load_located` validates the data against a pydantic model and returns the model
together with its :class:`YamlDocument`, whose node tree gives the line of any field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from leerrecht.core.errors import Problem, UserError
from leerrecht.core.i18n import Strings

M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 2_000_000  # the largest project YAML file is ~20 kB
MAX_NODES = 200_000  # values after alias expansion
MAX_DEPTH = 64  # nesting of blocks and lists

# libyaml's C composer is ~10x faster; both are "safe" (no arbitrary objects).
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"

TEXT = Strings.load("core/yamlio", "text")


class _Refused(Exception):
    """Raised inside the walk or the constructor; turned into a located UserError."""

    def __init__(self, key: str, mark: Any, hint: str | None = None, **fmt: object) -> None:
        super().__init__(key)
        self.key, self.mark, self.hint, self.fmt = key, mark, hint, fmt


class _Constructor(yaml.SafeLoader):
    """Safe construction from an already composed node tree, with located value errors."""

    def __init__(self) -> None:
        super().__init__("")

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            value = str(getattr(node, "value", ""))[:40]
            if node.tag == _TIMESTAMP:
                raise _Refused("bad_date", node.start_mark, "bad_date_hint", value=value) from None
            raise _Refused(
                "bad_value", node.start_mark, "bad_value_hint", value=value, reason=exc
            ) from None


def _walk(root: yaml.Node) -> None:
    """Refuse duplicate keys, deep nesting, alias bombs and self-referring aliases."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        ident = id(node)
        if ident in sizes:
            return sizes[ident]
        if ident in open_nodes:
            raise _Refused("recursive", node.start_mark, "alias_hint")
        if depth > MAX_DEPTH:
            raise _Refused("too_deep", node.start_mark, None, limit=MAX_DEPTH)
        open_nodes.add(ident)
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
                    name = (key.tag, key.value)
                    if name in seen:
                        raise _Refused(
                            "duplicate",
                            key.start_mark,
                            "duplicate_hint",
                            name=key.value[:60],
                            first=seen[name],
                        )
                    seen[name] = key.start_mark.line + 1
                total += size(key, depth + 1) + size(value, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
        if total > MAX_NODES:
            raise _Refused("too_many", node.start_mark, "alias_hint", limit=MAX_NODES)
        open_nodes.discard(ident)
        sizes[ident] = total
        return total

    size(root, 0)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data, its node tree (for line numbers) and where it came from."""

    path: Path
    data: Any
    node: yaml.Node | None

    def line(self, loc: tuple[Any, ...] = ()) -> int | None:
        return node_line(self.node, loc)


def _read_bytes(path: Path, taal: str) -> bytes:
    def refuse(key: str, hint: str | None = None, **fmt: object) -> UserError:
        return UserError.single(
            TEXT(key, taal, **fmt), file=path, hint=TEXT(hint, taal) if hint else None, taal=taal
        )

    try:
        if path.is_dir():
            raise refuse("is_dir", "is_dir_hint")
        if not path.exists():
            raise refuse("not_found", "not_found_hint")
        if not path.is_file():
            raise refuse("not_regular", "is_dir_hint")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise refuse("unreadable", "unreadable_hint", reason=exc.strerror or exc) from None
    if len(data) > MAX_BYTES:
        size = max(len(data), path.stat().st_size)
        raise refuse("too_big", "too_big_hint", size=size, limit=MAX_BYTES)
    return data


def read_document(path: str | Path, *, taal: str = "en") -> YamlDocument:
    """Parse a YAML file once; raise :class:`UserError` (messages in ``taal``) naming the line."""
    path = Path(path)
    raw = _read_bytes(path, taal)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError.single(
            TEXT("not_utf8", taal, reason=f"{exc.reason}, byte {exc.start}"),
            file=path,
            line=line,
            hint=TEXT("not_utf8_hint", taal),
            taal=taal,
        ) from None
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
        data = None
        if node is not None:
            _walk(node)
            data = _Constructor().construct_document(node)
    except _Refused as exc:
        raise UserError.single(
            TEXT(exc.key, taal, **exc.fmt),
            file=path,
            line=exc.mark.line + 1 if exc.mark is not None else None,
            hint=TEXT(exc.hint, taal) if exc.hint else None,
            taal=taal,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise UserError.single(
            TEXT("syntax", taal, problem=problem),
            file=path,
            line=line,
            hint=TEXT("syntax_hint", taal),
            taal=taal,
        ) from None
    return YamlDocument(path, data, node)


def read_yaml(path: str | Path, *, taal: str = "en") -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; return the data and its node tree (see :func:`read_document`)."""
    doc = read_document(path, taal=taal)
    return doc.data, doc.node


def construct(node: yaml.Node) -> Any:
    """The data of one node of a document read by :func:`read_document` (e.g. a mapping's
    value read apart from its key)."""
    return _Constructor().construct_document(node)


def node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Walk a composed YAML node tree along a pydantic error location; return a 1-based line."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
            if pair is None:
                # The key is missing: point at the mapping that should hold it.
                return line
            line = pair[0].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return line
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


# A describer turns one pydantic error into (message, hint); None falls back to the default.
Describer = Callable[[dict[str, Any], str], "tuple[str, str | None] | None"]


def _describe(error: dict[str, Any], taal: str) -> tuple[str, str | None]:
    """Turn one pydantic error into (message, hint) in plain words."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return TEXT("unknown_key", taal), TEXT("unknown_key_hint", taal)
    if kind == "missing":
        return TEXT("missing", taal), TEXT("missing_hint", taal)
    if kind == "literal_error":
        return error["msg"], TEXT("literal_hint", taal)
    return error["msg"], None


def validation_problems(
    exc: ValidationError,
    path: str | Path,
    node: yaml.Node | None,
    *,
    taal: str = "en",
    describe: Describer | None = None,
) -> list[Problem]:
    """Map a pydantic ValidationError to located problems."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        described = describe(error, taal) if describe else None
        message, hint = described or _describe(error, taal)
        field = ".".join(str(p) for p in loc) or None
        problems.append(
            Problem(
                message, file=path, line=node_line(node, loc), field=field, hint=hint, taal=taal
            )
        )
    return problems


def validate_document(
    model: type[M],
    doc: YamlDocument,
    *,
    context: dict[str, Any] | None = None,
    taal: str = "en",
    describe: Describer | None = None,
) -> M:
    """Validate a parsed document as ``model``; raise :class:`UserError` with lines."""
    if doc.data is None:
        raise UserError.single(
            TEXT("empty", taal), file=doc.path, hint=TEXT("empty_hint", taal), taal=taal
        )
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        raise UserError.single(
            TEXT("not_mapping", taal, kind=kind),
            file=doc.path,
            line=1,
            hint=TEXT("empty_hint", taal),
            taal=taal,
        )
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems = validation_problems(exc, doc.path, doc.node, taal=taal, describe=describe)
        raise UserError(problems) from None


def load_located(
    model: type[M],
    path: str | Path,
    *,
    context: dict[str, Any] | None = None,
    taal: str = "en",
    describe: Describer | None = None,
) -> tuple[M, YamlDocument]:
    """Read ``path``, validate it as ``model``; return the model and the document (for lines)."""
    doc = read_document(path, taal=taal)
    return validate_document(model, doc, context=context, taal=taal, describe=describe), doc


def load_model(model: type[M], path: str | Path, *, context: dict[str, Any] | None = None) -> M:
    """Read ``path`` and validate it as ``model``; raise :class:`UserError` with lines on failure."""
    return load_located(model, path, context=context)[0]


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "YamlDocument",
    "load_located",
    "load_model",
    "node_line",
    "read_document",
    "read_yaml",
    "validate_document",
    "validation_problems",
]
