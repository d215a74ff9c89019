"""Processes of a run live and die with it.

A worker stops, with its kernels, when the runner stops for any reason: a normal end, Ctrl-C,
``SIGTERM`` or ``kill -9``. Three layers, because each alone has a gap:

- on Linux the kernel sends the worker ``SIGTERM`` the moment the runner dies
  (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread notices the worker's parent changed;
- the worker's ``SIGTERM`` handler kills its kernels' process groups (kernels run in their
  own sessions, so a signal to the worker's group does not reach them) and exits;
- ipykernel itself exits when its parent (the worker) is gone (``JPY_PARENT_PID``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_S = 0.5


def child_pids(pid: int | None = None) -> list[int]:
    """The direct children of ``pid`` (default: this process), read from /proc on Linux."""
    pid = os.getpid() if pid is None else pid
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The command name (field 2) may hold spaces and ')': split after the last ')'.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(stat.parent.name))
    return children


def kill_group(pid: int | None) -> None:
    """SIGKILL the process group led by ``pid`` (a kernel or a worker), else the process."""
    if not pid:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        if hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)
            return
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.kill(pid, signal.SIGKILL)


def kill_children() -> None:
    """Kill every child of this process and its group (the kernels a worker started)."""
    for pid in child_pids():
        kill_group(pid)
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            os.kill(pid, signal.SIGKILL)


def _exit_now(*_args: object) -> None:
    kill_children()
    os._exit(143)


def bind_to_parent(parent: int) -> None:
    """Call first thing in a worker: stop this process (and its kernels) when ``parent`` dies."""
    signal.signal(signal.SIGTERM, _exit_now)
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        _exit_now()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_S)
        _exit_now()

    threading.Thread(target=watch, name="leerrecht-lifeline", daemon=True).start()


class Interrupted(KeyboardInterrupt):
    """The runner was asked to stop (SIGTERM); handled like Ctrl-C: workers are stopped."""


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into :class:`Interrupted` while the run lasts (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        raise Interrupted(f"signal {signum}")

    previous: Callable | int | None = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
