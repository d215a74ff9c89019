"""HTML editions of executed notebooks, one per kind of reader, assembled from preprocessors.

- ``deelnemer``: a clean handout: no code, no trainer cells, no tracebacks, no notes that
  only a live notebook can honour;
- ``trainer``: notes, model answers and the discussion guide (cells tagged ``trainer``), the
  cohort's answers, no code; a failure is named, not shown as a traceback;
- ``onderzoek``: everything, code shown, for researchers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leerrecht.core.fileio import atomic_write_text
from leerrecht.run import preprocessors as pp

TEMPLATES = Path(__file__).parent / "templates"
WIDGET_VIEW = pp.WIDGET_VIEW


@dataclass(frozen=True)
class Edition:
    name: str
    show_code: bool
    audience: str  # who reads it: deelnemer, trainer or onderzoek


EDITIONS = (
    Edition("deelnemer", show_code=False, audience="deelnemer"),
    Edition("trainer", show_code=False, audience="trainer"),
    Edition("onderzoek", show_code=True, audience="onderzoek"),
)
BY_NAME = {e.name: e for e in EDITIONS}


def _preprocessors(edition: Edition) -> list[Any]:
    steps: list[Any] = [pp.Language(), pp.StaticWidgets()]
    if edition.audience == "onderzoek":
        return [*steps, pp.ShowCode()]
    removed = {*pp.SETUP_TAGS, pp.LIVE_TAG}
    if edition.audience == "deelnemer":
        removed.add(pp.TRAINER_TAG)
    return [
        *steps,
        pp.drop_cells(removed),
        pp.DropLiveOnlyNotes(),
        pp.HideFailures(audience=edition.audience),
        pp.DropCodeOnlyCells(),
    ]


@functools.cache
def _exporter(name: str) -> Any:
    """One exporter per edition and process: compiling its templates costs seconds."""
    from nbconvert import HTMLExporter

    edition = BY_NAME[name]
    exporter = HTMLExporter(
        template_name="edition",
        extra_template_basedirs=[str(TEMPLATES)],
        preprocessors=_preprocessors(edition),
    )
    hide = not edition.show_code
    exporter.exclude_input = hide
    exporter.exclude_input_prompt = hide
    exporter.exclude_output_prompt = hide
    return exporter


def notebook_title(nb: Any, fallback: str) -> str:
    """The first markdown heading of a notebook, without the '#'."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def to_html(nb: Any, edition: str, *, title: str, taal: str = "nl") -> str:
    """One edition of a notebook as a standalone HTML page (JupyterLab look)."""
    resources = {"metadata": {"name": title}, "leerrecht": {"taal": taal}}
    body, _ = _exporter(edition).from_notebook_node(nb, resources=resources)
    return body


def warm_up() -> None:
    """Compile every edition's templates now (the runner does this while a kernel starts)."""
    from nbformat.v4 import new_notebook

    for edition in EDITIONS:
        to_html(new_notebook(), edition.name, title="")


def write_editions(executed: Path, targets: dict[str, Path], taal: str) -> str:
    """Render each edition in ``targets`` (name -> HTML path); return the notebook's title."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    title = notebook_title(nb, executed.stem)
    for name, target in targets.items():
        atomic_write_text(target, to_html(nb, name, title=title, taal=taal))
    return title
