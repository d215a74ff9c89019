"""A warm kernel owned by one worker, and the papermill engine that runs notebooks on it.

Reusing one kernel saves the kernel start and the heavy imports per notebook; between
notebooks it is reset (see :mod:`leerrecht.run.kernel`, which runs inside the kernel).
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from leerrecht.run.jobs import KERNEL

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


def renumber(nb: Any) -> None:
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


class WarmKernel:
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
def register_engine() -> None:
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
