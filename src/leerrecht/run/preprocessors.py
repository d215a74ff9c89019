"""nbconvert preprocessors, one per concern, from which the editions are assembled.

Each works on the copy nbconvert makes of the executed notebook; ``resources["leerrecht"]``
carries the edition's language (``taal``).
"""

from __future__ import annotations

import html
import re
from typing import Any

from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets import Bool, Unicode

from leerrecht.core.i18n import Strings
from leerrecht.views.widgets.base import OPEN_LIVE_CLASS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
TRAINER_TAG = "trainer"
# Cells that only make sense where the notebook runs ("klik op Opslaan"): not in a handout.
LIVE_TAG = "live-only"
# Cells that set the notebook up: their code is of no use to a reader without code.
SETUP_TAGS = frozenset({"parameters", "injected-parameters"})

TEXT = Strings.load("run/preprocessors", "text")


def _taal(resources: dict[str, Any]) -> str:
    return resources.get("leerrecht", {}).get("taal", "nl")


def _tags(cell: Any) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def drop_cells(tags: set[str]) -> TagRemovePreprocessor:
    """nbconvert's own tag filter: cells with any of ``tags`` are left out."""
    return TagRemovePreprocessor(remove_cell_tags=set(tags), enabled=True)


class StaticWidgets(Preprocessor):
    """Widgets shown by their HTML stand-in: editions are read without widget JavaScript.

    Our widgets carry a readable ``text/html`` version in the same output; one without it
    would only show its Python repr (``VBox(...)``), so it is left out.
    """

    enabled = Bool(True)

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            kept = []
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if WIDGET_VIEW in data:
                    data.pop(WIDGET_VIEW)
                    if "text/html" not in data:
                        continue
                    data.pop("text/plain", None)
                kept.append(out)
            cell.outputs = kept
        return cell, resources


# A note an exercise's static view carries (views.widgets.base.open_live_note).
OPEN_LIVE_NOTE = re.compile(rf'<p class="{OPEN_LIVE_CLASS}">.*?</p>', re.S)


class DropLiveOnlyNotes(Preprocessor):
    """Remove notes only a live notebook can honour ("open this in JupyterLab", "your answers
    are not saved"): a handout cannot save answers or open an app."""

    enabled = Bool(True)

    @staticmethod
    def phrases(taal: str) -> list[str]:
        from leerrecht.domain.answers import MESSAGES
        from leerrecht.views.welkom import TEXT as WELKOM
        from leerrecht.views.widgets.base import TEXT as EXERCISES

        return [
            EXERCISES("static_note", taal),
            MESSAGES("no_trainee", taal),
            WELKOM("anonymous", taal),
        ]

    def preprocess(self, nb, resources):
        raw = self.phrases(_taal(resources))
        self._html = sorted({v for p in raw for v in (p, html.escape(p), html.escape(p, False))})
        self._text = raw
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/html" in data:
                page = "".join(data["text/html"])
                page = OPEN_LIVE_NOTE.sub("", page)
                for phrase in self._html:
                    page = page.replace(phrase, "")
                page = re.sub(r"<p>\s*(?:<(em|i|strong|b)>\s*</\1>\s*)?</p>", "", page)
                data["text/html"] = page
                if not _visible(page):
                    continue
            for key in ("text/plain",):
                if key in data:
                    data[key] = _strip_lines("".join(data[key]), self._text)
            if out.get("output_type") == "stream":
                out["text"] = _strip_lines("".join(out.get("text", "")), self._text)
                if not out["text"].strip():
                    continue
            kept.append(out)
        cell.outputs = kept
        return cell, resources


def _visible(page: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"<(?!img\b)[^>]+>", " ", text)  # an image alone is still something to see
    return html.unescape(text).strip()


def _strip_lines(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        text = text.replace(phrase, "")
    return "\n".join(line for line in text.split("\n") if line.strip()) + (
        "\n" if text.endswith("\n") else ""
    )


class HideFailures(Preprocessor):
    """No tracebacks or warnings for readers without code: error outputs, stderr and
    papermill's error cells go; one banner at the top says the part did not run fully."""

    enabled = Bool(True)
    audience = Unicode("deelnemer", help="deelnemer (a kind note) or trainer (the error)")

    def preprocess(self, nb, resources):
        from nbformat.v4 import new_markdown_cell

        errors: list[str] = []
        cells = []
        for cell in nb.cells:
            if PAPERMILL_ERROR_TAG in _tags(cell):
                errors.append("")
                continue
            if cell.cell_type == "code":
                kept = []
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error":
                        errors.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
                        continue
                    if out.get("output_type") == "stream" and out.get("name") == "stderr":
                        continue
                    kept.append(out)
                cell.outputs = kept
            cells.append(cell)
        if errors:
            taal = _taal(resources)
            if self.audience == "trainer":
                error = next((e for e in errors if e), "?")
                note = TEXT("failed_trainer", taal, error=error)
            else:
                note = TEXT("failed_banner", taal)
            cells.insert(0, new_markdown_cell(f"> **{_markdown_escape(note)}**"))
        nb.cells = cells
        return nb, resources


def _markdown_escape(text: str) -> str:
    """Text shown literally inside markdown (an error message may hold ``<`` or ``*``)."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", html.escape(text, quote=False))


class DropCodeOnlyCells(Preprocessor):
    """A code cell without output shows nothing but its (hidden) code: leave no empty box."""

    enabled = Bool(True)

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
        return nb, resources


class ShowCode(Preprocessor):
    """Every code cell shown (trainees' copies hide them in JupyterLab)."""

    enabled = Bool(True)

    def preprocess_cell(self, cell, resources, index):
        cell.get("metadata", {}).get("jupyter", {}).pop("source_hidden", None)
        return cell, resources


class Language(Preprocessor):
    """The page's ``lang`` attribute follows the cohort's language (screen readers use it)."""

    enabled = Bool(True)

    def preprocess(self, nb, resources):
        resources["language_code"] = _taal(resources)
        return nb, resources
