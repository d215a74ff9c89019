"""The hub fixture's shutdown check really catches a process that outlives the hub."""

from __future__ import annotations

import subprocess
import time

import psutil
from support.hubrun import LocalHub, lh


def fake_hub(tmp_path, script: str, *, with_child: bool = True) -> LocalHub:
    """A 'hub' that is a shell with one child, started as the fixture starts the hub."""
    process = subprocess.Popen(["bash", "-c", script], start_new_session=True)
    hub = LocalHub(tmp_path, tmp_path, port=18390)
    hub.server = lh.Server("fake-hub", process, hub.url, "t", tmp_path / "log", {process.pid})
    # Wait until the child exists, so the process tree is complete when recorded.
    deadline = time.monotonic() + 5
    while with_child and not psutil.Process(process.pid).children():
        assert time.monotonic() < deadline, "the fake hub started no child"
        time.sleep(0.05)
    hub.remember_children()
    return hub


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_clean_shutdown_reports_nothing(tmp_path):
    hub = fake_hub(tmp_path, "exec sleep 30", with_child=False)
    assert hub.stop(grace=2) == []


def test_a_child_that_outlives_the_hub_is_reported_and_killed(tmp_path):
    # bash exits on SIGTERM but leaves its child running: what must fail the hub test.
    hub = fake_hub(tmp_path, "sleep 31 & wait")
    children = hub.server.seen_pids - {hub.server.process.pid}
    assert children, "the fake hub's child was not recorded"
    left = hub.stop(grace=1)
    assert any("sleep 31" in line for line in left), left
    assert all(gone(pid) for pid in children)
