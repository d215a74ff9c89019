"""Running one job: papermill on a warm (or fresh) kernel, then the executed notebook and its
editions written into the output folder."""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Any

from leerrecht.core.errors import UserError
from leerrecht.core.fileio import atomic_write_text
from leerrecht.run.jobs import KERNEL, Job, Result
from leerrecht.run.warm import ENGINE, WarmKernel, register_engine, renumber


def execute_one(job: Job, kernel: WarmKernel | None, timeout: float) -> Result:
    """Run one job with papermill (on ``kernel`` when given) and render its editions."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from leerrecht.run.editions import write_editions

    start = time.perf_counter()
    status, error = "ok", None
    job.staging.parent.mkdir(parents=True, exist_ok=True)
    extra: dict[str, Any] = {}
    if kernel is not None:
        register_engine()
        extra = {"km": kernel.km, "engine_name": ENGINE}
    try:
        papermill.execute_notebook(
            job.source,
            str(job.staging),
            parameters=job.parameters,
            kernel_name=KERNEL,
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout,
            cwd=str(Path(job.source).parent) if kernel is None else None,
            **extra,
        )
    except PapermillExecutionError as exc:
        status, error = "failed", f"{exc.ename}: {exc.evalue}"
    except TimeoutError as exc:
        status, error = "timeout", f"cell ran longer than {timeout:g} s ({exc.__class__.__name__})"
    except Exception as exc:  # noqa: BLE001 - e.g. DeadKernelError; the run goes on
        status, error = "failed", f"{exc.__class__.__name__}: {exc}"
    executed_s = time.perf_counter() - start
    title = None
    if job.staging.exists():
        try:
            keep_staged(job)
        except UserError as exc:  # a translation went missing after planning
            status, error = "failed", str(exc)
        else:
            title = write_editions(job.executed, job.editions, job.taal)
    elif error is None:
        status, error = "failed", "papermill wrote no output notebook"
    total = time.perf_counter() - start
    return Result(
        job, status, total, error, title, {"execute_s": executed_s, "render_s": total - executed_s}
    )


def keep_staged(job: Job) -> None:
    """The staged output notebook, renumbered and in the cohort's language, becomes the
    executed notebook. Markdown takes no part in execution, so translating it afterwards
    gives the same notebook as translating first, in one place for every way a run ends."""
    import nbformat

    from leerrecht.run.translation import translate_notebook

    nb = nbformat.read(job.staging, as_version=4)
    renumber(nb)
    nb = translate_notebook(nb, job.taal, job.stem)
    atomic_write_text(job.executed, nbformat.writes(nb))
    job.staging.unlink()


def salvage(job: Job) -> None:
    """Keep the partial output of a job whose worker had to be killed."""
    if job.staging.exists():
        try:
            from leerrecht.run.editions import write_editions

            keep_staged(job)
            write_editions(job.executed, job.editions, job.taal)
        except Exception:  # noqa: BLE001 - partial output is a bonus, never fatal
            traceback.print_exc()
