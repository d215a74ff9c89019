"""Fixtures for the class hub tests: a cohort, a course repository, a running hub, a browser.

The hub runs the project's ``deploy/hub`` configuration in ``local`` mode on fixed loopback
ports with fresh temporary folders; at teardown every process started in the session (hub,
proxy, trainee servers, kernels, browser) must be gone, or the test fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from support import hubrun
from support.hubrun import COHORT, HUB_PORT, TRAINEES, TRAINER, lh


def make_cohort(answers_root: Path, notebooks: list[str], cases: list[str]):  # -> Cohort
    from leerrecht.domain.cohort import Cohort

    return Cohort.model_validate(
        {
            "naam": COHORT,
            "titel": "Testklas op de hub",
            "startdatum": "2026-09-07",
            "einddatum": "2026-12-14",
            "trainer": TRAINER,
            "deelnemers": list(TRAINEES),
            "notebooks": notebooks,
            "casussen": cases,
            "uitvoermap": str(answers_root.parent / "output"),
            "antwoordenmap": str(answers_root),
        }
    )


@pytest.fixture(scope="session")
def hub_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hub")


@pytest.fixture(scope="session")
def course_repo(hub_workdir: Path) -> Path:
    return hubrun.build_course_repo(hub_workdir)


@pytest.fixture(scope="session")
def hub_cohort(hub_workdir: Path):  # -> Cohort
    from leerrecht.core import paths

    cases = sorted(p.stem for p in paths.CASESTUDIES.glob("*.yml") if p.stem != "fictief")
    return make_cohort(hub_workdir / "trainer-answers", ["02_casus"], cases[:2])


@pytest.fixture(scope="session")
def class_hub(hub_workdir: Path, hub_cohort, course_repo: Path) -> Iterator[hubrun.LocalHub]:
    from leerrecht.hub import find_proxy, write_hub_config

    if find_proxy() is None:
        message = "configurable-http-proxy not found: install Node.js/npm, then `npm ci`"
        # A laptop without Node.js skips; CI (.ci/run installs npm) must never skip silently.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    config_dir = hub_workdir / "config"
    write_hub_config(hub_cohort, config_dir, mode="local")
    hub = hubrun.LocalHub(config_dir, hub_workdir, hubrun.free_hub_port(HUB_PORT))
    own = psutil.Process(os.getpid())
    before = {p.pid for p in own.children(recursive=True)}
    try:
        seconds = hub.start()
        print(f"\nhub ready in {seconds:.1f} s")
        yield hub
    finally:
        hub.remember_children()
        left = hub.stop()
        # Anything else this session started (browser, driver) must be gone by now too.
        extra = [p for p in own.children(recursive=True) if p.pid not in before and p.is_running()]
        left += [f"pid {p.pid}: {' '.join(p.cmdline())[:120]}" for p in extra]
        for p in extra:
            p.kill()
        if left:
            pytest.fail(
                "processes left after the hub stopped:\n"
                + "\n".join(left)
                + f"\n--- hub.log ---\n{hub.log_tail()}"
            )


@pytest.fixture(scope="module")  # a live sync Playwright must not outlast its module
def hub_browser(class_hub: hubrun.LocalHub) -> Iterator[object]:
    """One headless Chromium (Debian's); each trainee gets a context of their own."""
    exe = lh.find_chromium()
    if exe is None:
        pytest.skip("Debian chromium not installed (/usr/bin/chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)  # 3 trainees starting at once on 2 cores
    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=exe, args=list(lh.CHROMIUM_ARGS))
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()
