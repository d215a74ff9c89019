"""Run cohorts' notebooks with papermill, fast and safely.

Flow: :func:`plan` turns cohort files into jobs (one per notebook, or per notebook and case)
and checks every parameter against the notebook's declared parameters before anything
runs. :func:`execute` runs the jobs on worker processes. Each worker keeps one warm kernel
and reuses it (papermill injects the parameters, as always; between notebooks the kernel is
reset, see :mod:`leerrecht.run.kernel`), which saves the kernel start and the heavy imports
per notebook. A crashing notebook gets a fresh kernel; a hanging one is stopped by its
timeout; neither stops the run. :func:`run` ties it together and writes the editions, the
manifest and the index page.
"""

from __future__ import annotations

import contextlib
import functools
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from leerrecht import __version__
from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.core.fileio import atomic_write_json, atomic_write_text
from leerrecht.domain.cohort import Cohort, load_cohort

# jsonschema imports the optional package rfc3987-syntax for format checks that nbformat's
# schemas never use; building its grammar costs 1-4 s per process (stack.md, measured again
# in benchmarks/cohort_rerun.py). Blocking the import here keeps it out of the runner and its
# workers; jsonschema treats the package as absent.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

KERNEL = "python3"
DEFAULT_TIMEOUT = 600.0  # seconds per notebook
GRACE = 30.0  # extra seconds before a stuck worker is killed (kernel start, rendering)

# Parameters the runner fills in from the cohort file when a notebook declares them.
STANDARD = ("cohort", "cohort_file", "taal", "answers_dir", "case_id")

# Python types for papermill's inferred type names (from the annotations).
TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}


@dataclass(frozen=True)
class Job:
    """One notebook run: a notebook, perhaps a case, and its parameters."""

    cohort: str
    stem: str
    case_id: str | None
    parameters: dict[str, Any]
    source: str
    out_dir: str
    taal: str = "nl"

    @property
    def key(self) -> str:
        return f"{self.stem}--{self.case_id}" if self.case_id else self.stem

    @property
    def executed(self) -> Path:
        return Path(self.out_dir) / "notebooks" / f"{self.key}.ipynb"

    @property
    def trainee_html(self) -> Path:
        return Path(self.out_dir) / "deelnemer" / f"{self.key}.html"

    @property
    def trainer_html(self) -> Path:
        return Path(self.out_dir) / "trainer" / f"{self.key}.html"

    @property
    def staging(self) -> Path:
        return Path(self.out_dir) / ".staging" / f"{self.key}.ipynb"


@dataclass
class Result:
    job: Job
    status: str  # "ok", "failed" or "timeout"
    duration_s: float
    error: str | None = None
    title: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- planning
def declared_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares; read once per notebook version per process.

    Planning many cohorts asks for the same notebooks again and again; the modification
    time in the key makes an edited notebook be read anew.
    """
    return _declared_parameters(str(notebook), notebook.stat().st_mtime_ns)


@functools.cache
def _declared_parameters(notebook: str, mtime_ns: int) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares in its ``parameters`` cell (via papermill).

    papermill's line parser silently skips some declarations (e.g. a comment holding ``=``
    or a quote); the runner would then never pass that parameter. Compare with Python's own
    parse of the cell and refuse such a notebook, naming the line.
    """
    import ast

    import nbformat
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    nb = nbformat.read(notebook, as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        return declared
    try:
        tree = ast.parse(cell.source)
    except SyntaxError as exc:
        raise UserError.single(
            f"the parameters cell is not valid Python: {exc.msg}",
            file=notebook,
            line=exc.lineno,
            hint="fix the notebook's first code cell",
        ) from None
    for node in tree.body:
        names = [
            t.id
            for t in getattr(node, "targets", [getattr(node, "target", None)])
            if isinstance(t, ast.Name)
        ]
        for name in names:
            if name not in declared:
                raise UserError.single(
                    f"papermill cannot read the declaration of parameter {name!r}",
                    file=notebook,
                    line=node.lineno,
                    field="parameters",
                    hint="keep '=' and quotes out of the comment after the parameter",
                )
    return declared


def _type_ok(value: Any, type_name: str) -> bool:
    base = type_name.split("[", 1)[0].strip().lower()
    if base in ("none", "any", ""):
        return True
    expected = TYPES.get(base)
    if expected is None:
        return True  # a type we do not check (e.g. a union); papermill passes it through
    if isinstance(value, bool) and bool not in expected:
        return False
    return isinstance(value, expected)


def plan_cohort(
    cohort: Cohort,
    cohort_file: Path,
    *,
    out_base: Path | None = None,
    only: list[str] | None = None,
) -> list[Job]:
    """Jobs for one cohort; raises :class:`UserError` for unknown or mistyped parameters."""
    from leerrecht.core.yamlio import node_line, read_yaml

    _, node = read_yaml(cohort_file)
    out_dir = (out_base / cohort.naam).resolve() if out_base else cohort.output_path
    stems = cohort.notebooks
    if only:
        unknown = [s for s in only if s not in stems]
        if unknown:
            raise UserError.single(
                f"--only names notebooks this cohort does not run: {', '.join(unknown)}",
                file=cohort_file,
                field="notebooks",
                hint=f"choose from: {', '.join(stems)}",
            )
        stems = [s for s in stems if s in only]

    standard = {
        "cohort": cohort.naam,
        "cohort_file": str(cohort_file.resolve()),
        "taal": cohort.taal,
        "answers_dir": str(cohort.answers_root),
    }
    problems: list[Problem] = []
    jobs: list[Job] = []
    for stem in stems:
        source = paths.NOTEBOOKS / f"{stem}.ipynb"
        declared = declared_parameters(source)
        overrides = cohort.parameters.get(stem, {})
        for name, value in overrides.items():
            loc = ("parameters", stem, name)
            if name not in declared:
                problems.append(
                    Problem(
                        f"{stem} has no parameter {name!r}",
                        file=cohort_file,
                        line=node_line(node, loc),
                        field=".".join(loc),
                        hint=f"its parameters are: {', '.join(declared) or '(none)'}",
                    )
                )
            elif name == "case_id":
                problems.append(
                    Problem(
                        "case_id is set by the runner for every case in 'casussen'",
                        file=cohort_file,
                        line=node_line(node, loc),
                        field=".".join(loc),
                        hint="list the cases under 'casussen' instead",
                    )
                )
            elif not _type_ok(value, declared[name].get("inferred_type_name", "")):
                expected = declared[name].get("inferred_type_name")
                problems.append(
                    Problem(
                        f"expected a value of type {expected}, got {value!r}",
                        file=cohort_file,
                        line=node_line(node, loc),
                        field=".".join(loc),
                        hint=f"{declared[name].get('help') or 'see the notebook'}",
                    )
                )
        base = {k: v for k, v in standard.items() if k in declared}
        base.update(overrides)
        if "case_id" in declared:
            if not cohort.casussen:
                problems.append(
                    Problem(
                        f"{stem} runs once per case, but 'casussen' is empty",
                        file=cohort_file,
                        field="casussen",
                        hint="list at least one case id (see `leerrecht cases list`)",
                    )
                )
            for case_id in cohort.casussen:
                jobs.append(
                    Job(
                        cohort.naam,
                        stem,
                        case_id,
                        {**base, "case_id": case_id},
                        str(source),
                        str(out_dir),
                        cohort.taal,
                    )
                )
        else:
            jobs.append(Job(cohort.naam, stem, None, base, str(source), str(out_dir), cohort.taal))
    if problems:
        raise UserError(problems)
    return jobs


def plan(cohort_files: list[Path], *, out_base: Path | None = None, only: list[str] | None = None):
    """Load and plan every cohort file; all problems are reported before anything runs."""
    cohorts: list[tuple[Cohort, Path]] = []
    jobs: list[Job] = []
    problems: list[Problem] = []
    names: dict[str, Path] = {}
    for cohort_file in cohort_files:
        try:
            cohort = load_cohort(cohort_file)
            if cohort.naam in names:
                raise UserError.single(
                    f"cohort name {cohort.naam!r} is also used by {names[cohort.naam]}",
                    file=cohort_file,
                    field="naam",
                    hint="give every cohort its own name: it names the output folder",
                )
            names[cohort.naam] = cohort_file
            jobs.extend(plan_cohort(cohort, cohort_file, out_base=out_base, only=only))
            cohorts.append((cohort, cohort_file))
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return cohorts, jobs


# --------------------------------------------------------------------------- execution
WARMUP = """
import leerrecht.run.kernel as _lr_reset
try:
    import pandas, matplotlib.pyplot, ipywidgets, IPython.display  # noqa: F401
    import leerrecht.views.plots  # noqa: F401
except ImportError:
    pass
_lr_reset.snapshot()
del _lr_reset
"""
RESET = "%reset -f\nimport leerrecht.run.kernel as _lr_reset\n_lr_reset.reset()\ndel _lr_reset"


def _renumber(nb: Any) -> None:
    """Execution counts as a fresh kernel would give them (1, 2, 3 … in order)."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for out in cell.get("outputs", []):
            if out.get("output_type") == "execute_result":
                out["execution_count"] = count


class _Kernel:
    """A warm kernel owned by one worker.

    Warm-up and reset run as tiny notebooks through nbclient, the same client papermill
    uses, so only one kind of client ever talks to the kernel.
    """

    def __init__(self, cwd: str):
        import subprocess

        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        # An async manager, as papermill uses: with a blocking one, nbclient's polling
        # blocks its own event loop and a hanging cell never times out.
        self.km = AsyncKernelManager(kernel_name=KERNEL)
        self._sync = run_sync
        # The kernel's own stderr only carries start-up notices; cell output is captured.
        run_sync(self.km.start_kernel)(cwd=cwd, stderr=subprocess.DEVNULL)
        self._run(WARMUP)

    @property
    def pid(self) -> int | None:
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        return getattr(process, "pid", None)

    def _run(self, code: str, timeout: float = 120) -> None:
        from nbclient import NotebookClient
        from nbformat.v4 import new_code_cell, new_notebook

        nb = new_notebook(cells=[new_code_cell(code)])
        client = NotebookClient(nb, km=self.km, timeout=timeout, allow_errors=False)
        try:
            client.execute()
        finally:
            if client.kc is not None:  # ours to close: the kernel outlives this client
                client.kc.stop_channels()

    def alive(self) -> bool:
        return bool(self._sync(self.km.is_alive)())

    def reset(self) -> None:
        self._run(RESET)

    def stop(self) -> None:
        with contextlib.suppress(Exception):  # a dead kernel may refuse a clean shutdown
            self._sync(self.km.shutdown_kernel)(now=True)


ENGINE = "leerrecht-warm"


@functools.cache
def _register_engine() -> None:
    """A papermill engine for a kernel we own: it closes its kernel client afterwards.

    papermill's own engine leaves the client of a kernel it did not start open (about 28
    file descriptors per notebook), so a long-lived worker would run out of them. Same
    arguments and client as papermill's ``NBClientEngine``; only the clean-up is added.
    """
    import logging

    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs.pop("input_path", None)
            kwargs.pop("startup_timeout", None)
            kwargs["timeout"] = execution_timeout or kwargs.get("timeout")
            client = PapermillNotebookClient(
                nb_man,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                **kwargs,
            )
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register(ENGINE, WarmKernelEngine)


def _execute_one(job: Job, kernel: _Kernel | None, timeout: float) -> Result:
    """Run one job with papermill (on ``kernel`` when given) and render its editions."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from leerrecht.run.editions import write_editions

    start = time.perf_counter()
    status, error = "ok", None
    job.staging.parent.mkdir(parents=True, exist_ok=True)
    extra: dict[str, Any] = {}
    if kernel is not None:
        _register_engine()
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
        nb = nbformat.read(job.staging, as_version=4)
        _renumber(nb)
        atomic_write_text(job.executed, nbformat.writes(nb))
        job.staging.unlink()
        title = write_editions(job.executed, job.trainee_html, job.trainer_html, job.taal)
    elif error is None:
        status, error = "failed", "papermill wrote no output notebook"
    total = time.perf_counter() - start
    return Result(
        job, status, total, error, title, {"execute_s": executed_s, "render_s": total - executed_s}
    )


def _warm_renderer() -> None:
    from leerrecht.run.editions import warm_up

    with contextlib.suppress(Exception):  # only a head start; rendering retries for real
        warm_up()


def _worker_main(conn: Connection, isolated: bool, timeout: float) -> None:
    """Worker loop: receive jobs, run them, send results; one warm kernel per worker."""
    if hasattr(os, "setsid"):
        os.setsid()  # our own process group: the parent can stop us and our children together
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    kernel: _Kernel | None = None
    cwd = str(paths.NOTEBOOKS)
    # Compile the HTML templates while the first kernel starts, not after the first notebook.
    threading.Thread(target=_warm_renderer, daemon=True).start()
    try:
        while True:
            job = conn.recv()
            if job is None:
                break
            try:
                if not isolated and (kernel is None or not kernel.alive()):
                    if kernel is not None:
                        kernel.stop()
                    kernel = _Kernel(cwd)
                    conn.send(("kernel", kernel.pid))
                result = _execute_one(job, kernel, timeout)
                if kernel is not None:
                    if result.status == "ok" and kernel.alive():
                        kernel.reset()
                    else:
                        # A failed or stuck notebook may have left the kernel busy or odd.
                        kernel.stop()
                        kernel = None
            except Exception as exc:  # noqa: BLE001 - report, keep serving
                result = Result(job, "failed", 0.0, f"{exc.__class__.__name__}: {exc}")
                if kernel is not None:
                    kernel.stop()
                    kernel = None
            conn.send(("result", result))
    except (EOFError, KeyboardInterrupt):
        pass
    finally:
        if kernel is not None:
            kernel.stop()


class _Worker:
    def __init__(self, ctx, isolated: bool, timeout: float):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, isolated, timeout), daemon=True
        )
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.index = -1
        self.started = 0.0
        self.kernel_pid: int | None = None

    def send(self, item: tuple[int, Job]) -> None:
        self.index, self.job = item
        self.started = time.monotonic()
        self.conn.send(self.job)

    def kill(self) -> None:
        for pid, group in ((self.process.pid, True), (self.kernel_pid, True)):
            if not pid:
                continue
            try:
                if group and hasattr(os, "killpg"):
                    os.killpg(pid, signal.SIGKILL)
                else:
                    os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.process.join(5)


def execute(
    jobs: list[Job],
    *,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    isolated: bool = False,
    progress: bool | None = None,
) -> list[Result]:
    """Run ``jobs`` on worker processes; results come back in the order of ``jobs``."""
    from tqdm import tqdm

    if not jobs:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    # Start workers before tqdm: its monitor thread must not exist when we fork.
    pool = [_Worker(ctx, isolated, timeout) for _ in range(workers)]
    pending = list(reversed(list(enumerate(jobs))))
    results: dict[int, Result] = {}
    bar = tqdm(
        total=len(jobs),
        unit="nb",
        desc="notebooks",
        disable=progress is False or (progress is None and not sys.stderr.isatty()),
        file=sys.stderr,
    )
    try:
        for worker in pool:
            if pending:
                worker.send(pending.pop())
        while len(results) < len(jobs):
            busy = [w for w in pool if w.job is not None]
            ready = wait([w.conn for w in busy], timeout=0.5)
            for worker in busy:
                finished: Result | None = None
                if worker.conn in ready:
                    try:
                        kind, payload = worker.conn.recv()
                    except (EOFError, OSError):
                        kind, payload = "died", None
                    if kind == "kernel":
                        worker.kernel_pid = payload
                        continue
                    if kind == "result":
                        finished = payload
                    else:
                        finished = Result(
                            worker.job,
                            "failed",
                            time.monotonic() - worker.started,
                            "the worker process died",
                        )
                elif time.monotonic() - worker.started > timeout + GRACE:
                    finished = Result(
                        worker.job,
                        "timeout",
                        time.monotonic() - worker.started,
                        f"stopped after {timeout:g} s",
                    )
                if finished is None:
                    continue
                results[worker.index] = finished
                bar.update(1)
                bar.set_postfix_str(worker.job.key)
                if finished.status != "ok" and (kind != "result" or not worker.process.is_alive()):
                    # The worker is gone or stuck: replace it and its kernel.
                    worker.kill()
                    pool[pool.index(worker)] = worker = _Worker(ctx, isolated, timeout)
                    _salvage(finished.job)
                worker.job = None
                if pending:
                    worker.send(pending.pop())
    finally:
        bar.close()
        for worker in pool:
            with contextlib.suppress(BrokenPipeError, OSError):
                worker.conn.send(None)
        for worker in pool:
            worker.process.join(10)
            if worker.process.is_alive():
                worker.kill()
    return [results[i] for i in range(len(jobs))]


def _salvage(job: Job) -> None:
    """Keep the partial output of a job whose worker had to be killed."""
    if job.staging.exists():
        try:
            from leerrecht.run.editions import write_editions

            os.replace(job.staging, job.executed)
            write_editions(job.executed, job.trainee_html, job.trainer_html, job.taal)
        except Exception:  # noqa: BLE001 - partial output is a bonus, never fatal
            traceback.print_exc()


# --------------------------------------------------------------------------- reporting
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
        "trainee_html": rel(job.trainee_html),
        "trainer_html": rel(job.trainer_html),
    }


def write_reports(cohort: Cohort, cohort_file: Path, results: list[Result], started: str) -> Path:
    """Write manifest.json and index.html for one cohort; merge with an earlier manifest."""
    from leerrecht.run.editions import index_html

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
    entries = sorted(
        (e for e in previous.values() if (out_dir / e["notebook"]).exists() or e["status"] != "ok"),
        key=lambda e: (order.get(e["stem"], 999), e.get("case_id") or ""),
    )
    manifest = {
        "cohort": cohort.naam,
        "cohort_file": str(cohort_file.resolve()),
        "started": started,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "versions": tool_versions(),
        "notebooks": entries,
    }
    atomic_write_json(manifest_path, manifest)
    atomic_write_text(out_dir / "index.html", index_html(cohort, entries, __version__))
    staging = out_dir / ".staging"
    if staging.exists() and not any(staging.iterdir()):
        staging.rmdir()
    return out_dir / "index.html"


def run(
    cohort_files: list[Path],
    *,
    workers: int | None = None,
    only: list[str] | None = None,
    out_base: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    isolated: bool = False,
    progress: bool | None = None,
) -> tuple[list[Result], list[Path]]:
    """Plan, execute and report; returns the results and the index pages written."""
    cohorts, jobs = plan(cohort_files, out_base=out_base, only=only)
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    results = execute(jobs, workers=workers, timeout=timeout, isolated=isolated, progress=progress)
    indexes = []
    for cohort, cohort_file in cohorts:
        mine = [r for r in results if r.job.cohort == cohort.naam]
        if mine:
            indexes.append(write_reports(cohort, cohort_file, mine, started))
    return results, indexes


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
