"""HTML editions of executed notebooks, and the cohort's index page.

Two editions per notebook:
- trainee (deelnemer): no code, no prompts, no cells tagged ``trainer``, no tracebacks;
- trainer: everything, code shown, for facilitators and researchers.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import html
import re
from pathlib import Path
from typing import Any

from leerrecht.core.fileio import atomic_write_text
from leerrecht.core.i18n import Strings

TRAINER_TAG = "trainer"
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"

TEXT = Strings(
    {
        "failed_banner": {
            "nl": "Dit onderdeel kon niet volledig worden uitgevoerd. Je trainer is op de "
            "hoogte en zorgt voor een nieuwe versie.",
            "en": "This part could not be run completely. Your trainer knows and will "
            "provide a new version.",
        },
        "index_title": {"nl": "Cohort {naam}: overzicht", "en": "Cohort {naam}: overview"},
        "period": {"nl": "Periode", "en": "Period"},
        "trainer": {"nl": "Trainer", "en": "Trainer"},
        "trainees": {"nl": "Deelnemers", "en": "Trainees"},
        "notebook": {"nl": "Notebook", "en": "Notebook"},
        "case": {"nl": "Casus", "en": "Case"},
        "status": {"nl": "Status", "en": "Status"},
        "duration": {"nl": "Duur", "en": "Duration"},
        "editions": {"nl": "Edities", "en": "Editions"},
        "trainee_edition": {"nl": "deelnemers", "en": "trainees"},
        "trainer_edition": {"nl": "trainer", "en": "trainer"},
        "executed": {"nl": "notebook", "en": "notebook"},
        "ok": {"nl": "klaar", "en": "done"},
        "failed": {"nl": "fout", "en": "failed"},
        "timeout": {"nl": "te lang", "en": "timed out"},
        "generated": {
            "nl": "Gemaakt op {when} met leerrecht {version}.",
            "en": "Generated on {when} with leerrecht {version}.",
        },
        "share_note": {
            "nl": "Deel met deelnemers alleen de links onder 'deelnemers': die bevatten geen "
            "code en geen trainersnotities.",
            "en": "Share only the 'trainees' links with trainees: they hold no code and no "
            "trainer notes.",
        },
        "summary": {
            "nl": "{ok} van {total} onderdelen klaar",
            "en": "{ok} of {total} parts done",
        },
    }
)


def notebook_title(nb: Any, fallback: str) -> str:
    """The first markdown heading of a notebook, without the '#'."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def static_widgets(nb: Any) -> Any:
    """Show widgets by their HTML stand-in: editions are read offline, without widget JS.

    Our widgets carry a readable ``text/html`` version in the same output; one that has
    none would only show its Python repr (``VBox(...)``), so it is left out.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
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
    return nb


def trainee_notebook(nb: Any, taal: str = "nl") -> Any:
    """A copy of ``nb`` fit for trainees: trainer cells, errors and stderr removed."""
    import nbformat

    nb = copy.deepcopy(nb)
    failed = False
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if TRAINER_TAG in tags:
            continue
        if PAPERMILL_ERROR_TAG in tags:
            failed = True
            continue
        if cell.cell_type == "code":
            if not cell.get("outputs"):
                continue  # nothing to show but (hidden) code: leave no empty box
            kept = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    failed = True
                    continue
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    continue
                kept.append(out)
            cell.outputs = kept
        cells.append(cell)
    if failed:
        banner = nbformat.v4.new_markdown_cell(f"> **{TEXT('failed_banner', taal)}**")
        cells.insert(0, banner)
    nb.cells = cells
    return nb


def trainer_notebook(nb: Any) -> Any:
    """A copy of ``nb`` with every code cell shown (trainees' copies hide them)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        jupyter_meta = cell.get("metadata", {}).get("jupyter", {})
        jupyter_meta.pop("source_hidden", None)
    return nb


@functools.cache
def _exporter(show_code: bool) -> Any:
    """One exporter per edition and process: compiling its templates costs seconds."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = not show_code
    exporter.exclude_output_prompt = not show_code
    return exporter


def warm_up() -> None:
    """Compile both editions' templates now (the runner does this while a kernel starts)."""
    from nbformat.v4 import new_notebook

    for show_code in (False, True):
        to_html(new_notebook(), title="", show_code=show_code)


def to_html(nb: Any, *, title: str, show_code: bool) -> str:
    """Export a notebook to a standalone HTML page (JupyterLab look)."""
    body, _ = _exporter(show_code).from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def write_editions(executed: Path, trainee_html: Path, trainer_html: Path, taal: str) -> str:
    """Render both editions of an executed notebook; return the notebook's title."""
    import nbformat

    nb = static_widgets(nbformat.read(executed, as_version=4))
    title = notebook_title(nb, executed.stem)
    atomic_write_text(
        trainee_html, to_html(trainee_notebook(nb, taal), title=title, show_code=False)
    )
    atomic_write_text(trainer_html, to_html(trainer_notebook(nb), title=title, show_code=True))
    return title


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}
.ok{color:#0a7d4f;font-weight:600}.failed,.timeout{color:#b3261e;font-weight:600}
.error{font-size:.85em;color:#555}
.note{background:#f0f7ff;border-left:4px solid #0072B2;padding:.5rem 1rem}
"""


def index_html(cohort: Any, entries: list[dict[str, Any]], version: str) -> str:
    """The cohort's index page; ``entries`` come from the manifest (paths relative)."""
    taal = cohort.taal
    e = html.escape
    rows = []
    for entry in entries:
        status = entry["status"]
        links = [
            f'<a href="{e(entry["trainee_html"])}">{e(TEXT("trainee_edition", taal))}</a>',
            f'<a href="{e(entry["trainer_html"])}">{e(TEXT("trainer_edition", taal))}</a>',
            f'<a href="{e(entry["notebook"])}">{e(TEXT("executed", taal))}</a>',
        ]
        error = f'<div class="error">{e(entry["error"])}</div>' if entry.get("error") else ""
        rows.append(
            "<tr>"
            f"<td>{e(entry.get('title') or entry['stem'])}</td>"
            f"<td>{e(entry.get('case_id') or '')}</td>"
            f'<td class="{e(status)}">{e(TEXT(status, taal))}{error}</td>'
            f"<td>{entry['duration_s']:.1f} s</td>"
            f"<td>{' · '.join(links)}</td>"
            "</tr>"
        )
    ok = sum(1 for entry in entries if entry["status"] == "ok")
    heading = TEXT("index_title", taal, naam=cohort.naam)
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    head = (
        f"<th>{e(TEXT('notebook', taal))}</th><th>{e(TEXT('case', taal))}</th>"
        f"<th>{e(TEXT('status', taal))}</th><th>{e(TEXT('duration', taal))}</th>"
        f"<th>{e(TEXT('editions', taal))}</th>"
    )
    lang = "nl" if taal == "nl" else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(heading)}</title><style>{STYLE}</style></head><body>
<h1>{e(cohort.titel)}</h1>
<p>{e(TEXT("period", taal))}: {cohort.startdatum} – {cohort.einddatum} ·
{e(TEXT("trainer", taal))}: {e(cohort.trainer)} ·
{e(TEXT("trainees", taal))}: {len(cohort.deelnemers)}</p>
<p><strong>{e(TEXT("summary", taal, ok=ok, total=len(entries)))}</strong></p>
<p class="note">{e(TEXT("share_note", taal))}</p>
<table><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
<p><small>{e(TEXT("generated", taal, when=when, version=version))}</small></p>
</body></html>
"""
