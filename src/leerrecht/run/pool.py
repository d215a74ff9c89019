"""Worker processes: each keeps one warm kernel and runs the jobs the parent sends it.

A crashing notebook gets a fresh kernel; a hanging one is stopped by its timeout; a worker
that dies or hangs is replaced; none of them stops the run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection, wait

from leerrecht.core import paths
from leerrecht.run import lifeline
from leerrecht.run.execute import execute_one, salvage
from leerrecht.run.jobs import DEFAULT_TIMEOUT, GRACE, Job, Result
from leerrecht.run.warm import WarmKernel


def _warm_renderer() -> None:
    from leerrecht.run.editions import warm_up

    with contextlib.suppress(Exception):  # only a head start; rendering retries for real
        warm_up()


def _worker_main(conn: Connection, isolated: bool, timeout: float, parent: int) -> None:
    """Worker loop: receive jobs, run them, send results; one warm kernel per worker."""
    if hasattr(os, "setsid"):
        os.setsid()  # our own process group: the parent can stop us and our children together
    lifeline.bind_to_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    kernel: WarmKernel | None = None
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
                    kernel = WarmKernel(cwd)
                    conn.send(("kernel", kernel.pid))
                result = execute_one(job, kernel, timeout)
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
            target=_worker_main, args=(child, isolated, timeout, os.getpid()), daemon=True
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
        lifeline.kill_group(self.process.pid)
        lifeline.kill_group(self.kernel_pid)
        self.process.join(5)

    def stop(self) -> None:
        """Ask the worker to stop its kernels and exit; kill it if it does not."""
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError, TypeError):
            os.kill(self.process.pid, signal.SIGTERM)
        self.process.join(3)
        self.kill()


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
    interrupted = True
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
                    salvage(finished.job)
                worker.job = None
                if pending:
                    worker.send(pending.pop())
        interrupted = False
    finally:
        bar.close()
        if interrupted:  # Ctrl-C, SIGTERM or an error of ours: stop everything now
            for worker in pool:
                worker.stop()
        for worker in pool:
            with contextlib.suppress(BrokenPipeError, OSError):
                worker.conn.send(None)
        for worker in pool:
            worker.process.join(10)
            if worker.process.is_alive():
                worker.kill()
    return [results[i] for i in range(len(jobs))]
