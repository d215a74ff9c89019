"""English course text: the markdown cells of a notebook replaced by their translation.

The notebooks are written in Dutch. For a cohort with ``taal: en`` the runner replaces every
markdown cell's source by its English text from ``notebooks/en/<stem>.yml``::

    cells:
      <cell id>:
        nl: 3fa2c1d0e9ab      # first 12 hex digits of sha256 of the Dutch cell source
        en: |
          # English markdown ...

Keys are nbformat cell ids. ``nl`` pins the Dutch text the translation was made from: when
the Dutch cell changes, the hash no longer matches and the translation is *stale*. A
missing or stale translation is refused (:class:`~leerrecht.core.errors.UserError` naming
notebook and cell); ``tools/translation_status.py`` lists them and prints a cell's hash.

Markdown does not take part in execution, so the runner translates the executed notebook
after papermill is done (one place, also for a run that failed half-way).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError

LANGUAGES = ("en",)  # languages with a translation; nl is the notebooks' own
HASH_DIGITS = 12
# Markdown cells papermill adds to a failed run: not course text, never translated.
GENERATED_TAGS = frozenset({"papermill-error-cell-tag"})


def folder(taal: str = "en") -> Path:
    """Where the translations into ``taal`` live: ``notebooks/<taal>/``."""
    return paths.NOTEBOOKS / taal


def translation_file(stem: str, taal: str = "en") -> Path:
    return folder(taal) / f"{stem}.yml"


def cell_hash(source: str) -> str:
    """The first 12 hex digits of sha256 of a cell's source (UTF-8, exactly as stored)."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:HASH_DIGITS]


@dataclass(frozen=True)
class Entry:
    nl: str  # hash of the Dutch source the translation was made from
    text: str
    line: int | None  # where the entry starts in the YAML file


def _tags(cell: Any) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def markdown_cells(nb: Any) -> list[Any]:
    """The notebook's own markdown cells (course text), in order."""
    return [c for c in nb.cells if c.cell_type == "markdown" and not _tags(c) & GENERATED_TAGS]


def load(stem: str, taal: str = "en") -> dict[str, Entry]:
    """The translations of one notebook by cell id; ``{}`` when it has no file yet.

    Cell ids are read as written (``90143070`` stays a string, never the number).
    """
    import yaml

    from leerrecht.core.yamlio import construct, read_document

    path = translation_file(stem, taal)
    if not path.exists():
        return {}
    doc = read_document(path)

    def refuse(message: str, line: int | None = None, hint: str | None = None) -> UserError:
        return UserError.single(message, file=path, line=line, field="cells", hint=hint)

    if not isinstance(doc.data, dict) or set(doc.data) != {"cells"}:
        raise refuse("expected one key, 'cells', holding the cells by id", doc.line())
    cells = doc.node.value[0][1]
    if not isinstance(cells, yaml.MappingNode):
        raise refuse("'cells' must map cell ids to {nl, en}", cells.start_mark.line + 1)
    entries: dict[str, Entry] = {}
    for key, value in cells.value:
        line = key.start_mark.line + 1
        item = construct(value)
        if not isinstance(item, dict) or set(item) != {"nl", "en"}:
            raise refuse(f"cell {key.value}: expected exactly the keys nl and en", line)
        if not isinstance(item["en"], str) or not item["en"].strip():
            raise refuse(f"cell {key.value}: 'en' is empty", line)
        nl = str(item["nl"])
        if len(nl) != HASH_DIGITS:
            raise refuse(
                f"cell {key.value}: 'nl' must be {HASH_DIGITS} hex digits, got {nl!r}",
                line,
                hint=f"python tools/translation_status.py --sha {stem} {key.value}",
            )
        entries[key.value] = Entry(nl, item["en"].rstrip("\n"), line)
    return entries


def problems(nb: Any, stem: str, taal: str = "en") -> list[Problem]:
    """Every markdown cell without a current translation, and every entry for no cell."""
    entries = load(stem, taal)
    path = translation_file(stem, taal)
    hint = f"python tools/translation_status.py {stem}"
    found: list[Problem] = []
    ids = set()
    for cell in markdown_cells(nb):
        ids.add(cell.get("id"))
        entry = entries.get(cell.get("id"))
        if entry is None:
            found.append(
                Problem(f"{stem}: cell {cell.get('id')} has no translation", path, hint=hint)
            )
        elif entry.nl != cell_hash(cell.source):
            found.append(
                Problem(
                    f"{stem}: cell {cell.get('id')} is stale: the Dutch text changed since it "
                    f"was translated (nl: {entry.nl}, now {cell_hash(cell.source)})",
                    path,
                    entry.line,
                    hint=hint,
                )
            )
    for cell_id, entry in entries.items():
        if cell_id not in ids:
            found.append(
                Problem(f"{stem}: no markdown cell has id {cell_id}", path, entry.line, hint=hint)
            )
    return found


def translate_notebook(nb: Any, taal: str, stem: str) -> Any:
    """A copy of ``nb`` with its markdown in ``taal``; ``nb`` itself when ``taal`` is nl.

    Raises :class:`UserError` naming the notebook and cell when a translation is missing or
    stale (code cells and their outputs are left as they are).
    """
    if taal not in LANGUAGES:
        return nb
    found = problems(nb, stem, taal)
    if found:
        raise UserError(found)
    entries = load(stem, taal)
    translated = copy.deepcopy(nb)
    for cell in markdown_cells(translated):
        cell.source = entries[cell.id].text
    return translated


def check_notebooks(stems: list[str], taal: str) -> list[Problem]:
    """Problems of the notebooks ``stems`` for a run in ``taal`` (none for nl): one per
    notebook, with the first problem's place, so a missing file is one line, not sixty."""
    if taal not in LANGUAGES:
        return []
    import nbformat

    found: list[Problem] = []
    for stem in stems:
        nb = nbformat.read(paths.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
        mine = problems(nb, stem, taal)
        if len(mine) == 1:
            found += mine
        elif mine:
            cells = len(markdown_cells(nb))
            detail = "; ".join(p.message.removeprefix(f"{stem}: ") for p in mine[:3])
            more = f"; and {len(mine) - 3} more" if len(mine) > 3 else ""
            found.append(
                Problem(
                    f"{stem} is not translated into {taal} ({len(mine)} problems, {cells} "
                    f"markdown cells): {detail}{more}",
                    mine[0].file,
                    mine[0].line,
                    hint=mine[0].hint,
                )
            )
    return found
