"""Run cohorts' notebooks with papermill, fast and safely: the ``run()`` entry.

Flow: :func:`~leerrecht.run.plan.plan` turns cohort files into jobs and checks every
parameter before anything runs; :func:`~leerrecht.run.pool.execute` runs the jobs on worker
processes with warm kernels; :mod:`leerrecht.run.manifest` writes the manifest and the index
page. This module ties them together and keeps the names the CLI and tests use.
"""

from __future__ import annotations

import time
from pathlib import Path

from leerrecht.run.jobs import DEFAULT_TIMEOUT, KERNEL, Job, Result
from leerrecht.run.lifeline import stop_on_sigterm
from leerrecht.run.lock import output_locks
from leerrecht.run.manifest import summary_table, write_reports
from leerrecht.run.pdf import check_printing
from leerrecht.run.plan import plan, plan_cohort
from leerrecht.run.pool import execute

__all__ = [
    "DEFAULT_TIMEOUT",
    "KERNEL",
    "Job",
    "Result",
    "execute",
    "plan",
    "plan_cohort",
    "run",
    "summary_table",
]


def run(
    cohort_files: list[Path],
    *,
    workers: int | None = None,
    only: list[str] | None = None,
    out_base: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    isolated: bool = False,
    progress: bool | None = None,
    pdf: bool = False,
    hub: tuple[str, str, str] | None = None,
) -> tuple[list[Result], list[Path]]:
    """Plan, execute and report; returns the results and the index pages written.

    ``pdf`` prints the handouts and trainer editions; ``hub`` (hub URL, course repository,
    branch) adds the trainees' interactive links to the index.
    """
    cohorts, jobs = plan(cohort_files, out_base=out_base, only=only)
    chromium = check_printing() if pdf else None
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    folders = sorted({Path(job.out_dir) for job in jobs})
    with output_locks(folders), stop_on_sigterm():
        results = execute(
            jobs, workers=workers, timeout=timeout, isolated=isolated, progress=progress
        )
        indexes = []
        for cohort, cohort_file in cohorts:
            mine = [r for r in results if r.job.cohort == cohort.naam]
            if mine:
                live = live_links(cohort, *hub) if hub else None
                indexes.append(
                    write_reports(cohort, cohort_file, mine, started, chromium=chromium, live=live)
                )
    return results, indexes


def live_links(cohort, hub_url: str, repo: str, branch: str) -> dict[str, str]:
    """Manifest key -> the nbgitpuller link that opens that notebook on the class hub.

    A link cannot pick a case, so only the case notebook's default case gets one.
    """
    from leerrecht.hub import course_links

    links = {}
    for link in course_links(cohort, hub_url, repo, branch):
        links[f"{link.notebook}--{link.case}" if link.case else link.notebook] = link.url
    return links
