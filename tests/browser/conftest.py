"""Fixtures for the real-browser tests: Chromium, a temporary leerrecht home, Lab and Voila.

Every server runs on 127.0.0.1 with a free port and a random token, reads no user config,
writes answers only into a temporary folder, and is stopped with its whole process tree at
teardown; a process that outlives the shutdown fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import lab as lh

# The folders a notebook reads through leerrecht.core.paths; linked, never copied or written.
_CONTENT_DIRS = ("casestudies", "data", "protocols", "cohorts", "src")


@dataclass
class Home:
    """A temporary LEERRECHT_HOME with its own answers folder."""

    root: Path
    answers: Path
    cohort: str
    trainee: str
    workdir: Path

    @property
    def env(self) -> dict[str, str]:
        return {
            "LEERRECHT_HOME": str(self.root),
            "LEERRECHT_ANSWERS": str(self.answers),
            "LEERRECHT_TRAINEE": self.trainee,
            "LEERRECHT_COHORT": self.cohort,
            "LEERRECHT_ROLE": "trainee",  # as `leerrecht lab` sets it: no trainer notes
        }

    def answers_file(self) -> Path:
        return self.answers / self.cohort / f"{self.trainee}.jsonl"


NO_CHROMIUM = "Debian chromium not installed (/usr/bin/chromium); .ci/run installs it"


def _no_chromium() -> None:
    """Skip on a laptop without Chromium; under CI (which installs it) that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{NO_CHROMIUM}; under CI a missing browser fails instead of skipping")
    pytest.skip(NO_CHROMIUM)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture: no server is started for a test that cannot run.
    if item.get_closest_marker("browser") and lh.find_chromium() is None:
        _no_chromium()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = lh.find_chromium()
    if path is None:
        _no_chromium()
    return path


# Module scope: a sync Playwright still running would make the next module's (e.g. the hub
# tests') own sync_playwright() fail with "Sync API inside the asyncio loop".
@pytest.fixture(scope="module")
def playwright_instance(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)  # loaded CI machines: 5 s default is too short
    manager = sync_playwright().start()
    yield manager
    manager.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def browser_context(
    playwright_instance: object, chromium_path: str, tmp_path: Path
) -> Iterator[object]:
    context = lh.launch_chromium(playwright_instance, tmp_path / "chromium-profile")
    browsers = lh.chromium_processes()
    yield context
    context.close()
    left = lh.reap(browsers)
    if left:
        pytest.fail("chromium processes left after closing the browser:\n" + "\n".join(left))


@pytest.fixture
def page(browser_context: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A page; on failure its last state is saved to test-artifacts/<test>-FAILED.png."""
    pg = browser_context.pages[0] if browser_context.pages else browser_context.new_page()
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not pg.is_closed():
        try:
            lh.screenshot(pg, f"{request.node.name}-FAILED")
        except Exception as exc:  # noqa: BLE001 - a screenshot must not hide the failure
            print(f"screenshot failed: {exc}")


@pytest.fixture
def leerrecht_home(tmp_path: Path) -> Home:
    """A temporary project root: content folders linked to the repo, answers empty."""
    return make_home(tmp_path)


def make_home(tmp_path: Path) -> Home:
    """A project root under ``tmp_path``: content folders linked to the repo, answers empty."""
    root = tmp_path / "home"
    root.mkdir()
    for name in _CONTENT_DIRS:
        source = lh.REPO_ROOT / name
        if source.exists():
            (root / name).symlink_to(source, target_is_directory=True)
    (root / "notebooks").mkdir()
    answers = root / "answers"
    answers.mkdir()
    return Home(
        root=root,
        answers=answers,
        cohort=os.environ.get("LEERRECHT_TEST_COHORT", "voorbeeld"),
        trainee=os.environ.get("LEERRECHT_TEST_TRAINEE", "deelnemer-01"),
        workdir=tmp_path / "jupyter",
    )


@pytest.fixture(scope="module")
def module_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """A home shared by one test module (with :func:`voila_folder`: one server per module)."""
    return make_home(tmp_path_factory.mktemp("module-home"))


ServerFactory = Callable[..., lh.Server]


def _stop_all(servers: list[lh.Server]) -> None:
    problems = []
    for server in servers:
        left = lh.stop_process_tree(server)
        if left:
            problems.append(f"{server.name}: " + "; ".join(left))
    if problems:
        pytest.fail("processes left after shutdown:\n" + "\n".join(problems))


@pytest.fixture
def lab_server(leerrecht_home: Home) -> Iterator[lh.Server]:
    """JupyterLab serving the temporary home (notebooks go in ``home/notebooks``)."""
    work = leerrecht_home.workdir
    settings = work / "app-settings"
    lh.write_lab_overrides(settings)
    port, token = lh.free_port(), lh.new_token()
    server = lh.start_server(
        "jupyterlab",
        lh.jupyter_lab_command(leerrecht_home.root, port, token, settings),
        lh.isolated_jupyter_env(work, leerrecht_home.env),
        cwd=leerrecht_home.root,
        log_path=work / "lab.log",
        port=port,
    )
    try:
        startup = lh.wait_http_ok(server, "/api/status")
        print(f"jupyterlab ready in {startup:.1f} s")
        yield server
    finally:
        _stop_all([server])


@pytest.fixture
def voila_server(leerrecht_home: Home) -> Iterator[ServerFactory]:
    """Factory: ``voila_server(notebook_path)`` starts Voila for one notebook."""
    started: list[lh.Server] = []

    def start(notebook: Path) -> lh.Server:
        work = leerrecht_home.workdir
        port, token = lh.free_port(), lh.new_token()
        server = lh.start_server(
            "voila",
            lh.voila_command(notebook, port, token),
            lh.isolated_jupyter_env(work, leerrecht_home.env),
            cwd=notebook.parent,
            log_path=work / f"voila-{len(started)}.log",
            port=port,
        )
        started.append(server)
        # Voila has no cheap status API and "/" would run the notebook: any answer will do.
        startup = lh.wait_http_ok(server, "/voila/static/", any_status=True)
        print(f"voila ready in {startup:.1f} s")
        return server

    try:
        yield start
    finally:
        _stop_all(started)


@pytest.fixture(scope="module")
def voila_folder(module_home: Home) -> Iterator[lh.Server]:
    """One Voila server for a whole module, serving ``module_home/notebooks`` as a folder.

    Put notebooks there (before or after it starts); each page is
    ``/voila/render/<name>.ipynb`` and runs its notebook in a fresh kernel.
    """
    work = module_home.workdir
    folder = module_home.root / "notebooks"
    port, token = lh.free_port(), lh.new_token()
    server = lh.start_server(
        "voila",
        lh.voila_command(folder, port, token),
        lh.isolated_jupyter_env(work, module_home.env),
        cwd=folder,
        log_path=work / "voila-folder.log",
        port=port,
    )
    try:
        startup = lh.wait_http_ok(server, "/voila/static/", any_status=True)
        print(f"voila (folder) ready in {startup:.1f} s")
        yield server
    finally:
        _stop_all([server])
