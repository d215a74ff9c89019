"""Fast checks of the browser harness itself (no browser): teardown and notebook copy."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
from support import casus_flow as flow
from support import lab as lh

# A "server" that stops its child on SIGTERM, like jupyter-server stops its kernels.
CLEAN = """
import signal, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
def stop(*_):
    child.terminate(); child.wait(); sys.exit(0)
signal.signal(signal.SIGTERM, stop)
time.sleep(60)
"""

# A "server" that dies on SIGTERM but leaves a child that ignores SIGTERM (a leaked kernel).
LEAKY = """
import subprocess, sys, time
code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
subprocess.Popen([sys.executable, "-c", code])
time.sleep(60)
"""


def _start(tmp_path: Path, code: str) -> lh.Server:
    process = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    server = lh.Server("fake", process, "http://127.0.0.1:1", "t", tmp_path / "log")
    deadline = time.monotonic() + 20
    while not psutil.Process(process.pid).children() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # let the child install its signal handler
    return server


def test_stop_process_tree_clean_shutdown_leaves_nothing(tmp_path: Path) -> None:
    server = _start(tmp_path, CLEAN)
    child = psutil.Process(server.process.pid).children()[0]
    assert lh.stop_process_tree(server, grace=5) == []
    assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE


def test_stop_process_tree_reports_and_kills_a_leftover(tmp_path: Path) -> None:
    server = _start(tmp_path, LEAKY)
    child = psutil.Process(server.process.pid).children()[0]
    left = lh.stop_process_tree(server, grace=1.5)
    assert len(left) == 1 and f"pid {child.pid}" in left[0]
    assert not psutil.pid_exists(child.pid) or child.status() == psutil.STATUS_ZOMBIE


def test_prepare_notebook_sets_case_and_keeps_cells_hidden(tmp_path: Path) -> None:
    copy = flow.prepare_notebook(tmp_path, "some-case", taal="en")
    original = nbformat.read(flow.NOTEBOOK, as_version=4)
    changed = nbformat.read(copy, as_version=4)
    assert [c.metadata for c in changed.cells] == [c.metadata for c in original.cells]
    params = next(c for c in changed.cells if "parameters" in c.metadata.get("tags", []))
    assert 'case_id: str = "some-case"' in params.source
    assert 'taal: str = "en"' in params.source


def test_free_port_is_bindable() -> None:
    import socket

    port = lh.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
