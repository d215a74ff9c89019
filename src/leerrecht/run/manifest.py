"""The run's record: manifest.json (merged with an earlier run's), the index page, and the
plain-text summary the CLI prints."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from leerrecht import __version__
from leerrecht.core.fileio import atomic_write_json, atomic_write_text
from leerrecht.domain.cohort import Cohort
from leerrecht.run.jobs import Result


def tool_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0], "leerrecht": __version__}
    for name in (
        "papermill",
        "nbclient",
        "nbconvert",
        "nbformat",
        "ipykernel",
        "pandas",
        "matplotlib",
        "ipywidgets",
        "jupyterlab",
        "pydantic",
    ):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _entry(result: Result, out_dir: Path) -> dict[str, Any]:
    job = result.job
    rel = lambda p: p.relative_to(out_dir).as_posix()  # noqa: E731
    return {
        "key": job.key,
        "stem": job.stem,
        "case_id": job.case_id,
        "title": result.title,
        "parameters": job.parameters,
        "status": result.status,
        "error": result.error,
        "duration_s": round(result.duration_s, 3),
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
        "notebook": rel(job.executed),
        "trainee_html": rel(job.trainee_html) if "deelnemer" in job.editions else None,
        "trainer_html": rel(job.trainer_html),
        "research_html": rel(job.html("onderzoek")),
        "case_title": _case_title(job.case_id),
    }


def _case_title(case_id: str | None) -> str | None:
    """A case's own title, so the index tells cases apart (their notebook title is one)."""
    if not case_id:
        return None
    from leerrecht.core.errors import UserError
    from leerrecht.domain.cases import load_case

    try:
        return load_case(case_id).titel
    except UserError:
        return None


def write_reports(
    cohort: Cohort,
    cohort_file: Path,
    results: list[Result],
    started: str,
    *,
    chromium: str | None = None,
    live: dict[str, str] | None = None,
) -> Path:
    """Write manifest.json and index.html for one cohort; merge with an earlier manifest.

    With ``chromium``, the printable editions are printed to PDF first (the index links
    them); ``live`` maps a manifest key to its interactive link.
    """
    from leerrecht.run.index import index_html

    out_dir = Path(results[0].job.out_dir)
    manifest_path = out_dir / "manifest.json"
    previous: dict[str, Any] = {}
    if manifest_path.exists():
        try:
            previous = {e["key"]: e for e in json.loads(manifest_path.read_text())["notebooks"]}
        except (ValueError, KeyError, TypeError):
            previous = {}
    for result in results:
        previous[result.job.key] = _entry(result, out_dir)
    # Keep the course order; drop entries whose files are gone.
    order = {stem: i for i, stem in enumerate(cohort.notebooks)}
    cases = {case_id: i for i, case_id in enumerate(cohort.casussen)}
    entries = sorted(
        (e for e in previous.values() if (out_dir / e["notebook"]).exists() or e["status"] != "ok"),
        key=lambda e: (order.get(e["stem"], 999), cases.get(e.get("case_id"), 999)),
    )
    if chromium:
        from leerrecht.run.pdf import print_cohort

        print_cohort(out_dir, entries, chromium)
    manifest = {
        "cohort": cohort.naam,
        "cohort_file": str(cohort_file.resolve()),
        "started": started,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "versions": tool_versions(),
        "notebooks": entries,
    }
    atomic_write_json(manifest_path, manifest)
    atomic_write_text(
        out_dir / "index.html", index_html(cohort, entries, __version__, out_dir=out_dir, live=live)
    )
    staging = out_dir / ".staging"
    if staging.exists() and not any(staging.iterdir()):
        staging.rmdir()
    return out_dir / "index.html"


def summary_table(results: list[Result]) -> str:
    """A plain-text table of every job's status and duration."""
    rows = [("cohort", "notebook", "status", "seconds", "error")]
    for r in results:
        rows.append((r.job.cohort, r.job.key, r.status, f"{r.duration_s:.1f}", r.error or ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4][:100]]
        lines.append("  ".join(cells).rstrip())
    ok = sum(r.status == "ok" for r in results)
    lines.append(f"{ok} of {len(results)} notebooks ran without errors.")
    return "\n".join(lines)
