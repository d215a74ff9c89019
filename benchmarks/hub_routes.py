"""Link click to the first clickable decision point on the class hub: Voila app vs Lab.

Starts the project's class hub (``local`` mode) on loopback with a course repository built
from this checkout, then, for N trainees at once (each in their own browser context):

1. Lab route (the old links): nbgitpuller link -> login -> spawn -> pull -> JupyterLab,
   wait for the kernel, *Run All Cells*, until the first decision point's option is
   clickable;
2. Voila route (the links trainees get now): the same link with ``urlpath=voila/render``,
   until the same option is clickable.

Between the routes every server is stopped, so both start cold. Prints the wall time until
the last of the N trainees could click, and the ratio Voila / Lab of the same run.
Run:  .venv/bin/python benchmarks/hub_routes.py [--trainees 1] [--trainees 25]
Needs the pinned proxy (``npm ci``) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from support import hubrun  # noqa: E402
from support.hubrun import lh  # noqa: E402

from leerrecht.domain.cases import load_case  # noqa: E402
from leerrecht.domain.cohort import Cohort  # noqa: E402
from leerrecht.hub import gitpuller_link, write_hub_config  # noqa: E402
from leerrecht.notebook import resolve_case_id  # noqa: E402


def make_cohort(names: list[str], workdir: Path) -> Cohort:
    return Cohort.model_validate(
        {
            "naam": "klas-bench",
            "titel": "Benchmark",
            "startdatum": "2026-09-07",
            "einddatum": "2026-12-14",
            "trainer": "trainer-t",
            "deelnemers": names,
            "notebooks": ["02_casus"],
            "casussen": [resolve_case_id("", env={})],
            "antwoordenmap": str(workdir / "answers"),
        }
    )


def one_trainee(browser_ws: str, link: str, name: str, password: str, option: str, lab: bool):
    """Own Playwright per thread (sync Playwright objects must stay on their thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.connect_over_cdp(browser_ws)
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(300_000)
        page = context.new_page()
        started = time.monotonic()
        page.goto(link)
        page.fill("#username_input", name)
        page.fill("#password_input", password)
        page.click("#login_submit", no_wait_after=True)
        target = page.locator(option).first
        if lab:
            page.wait_for_url(f"**/user/{name}/lab/tree/**", timeout=300_000)
            lh.wait_kernel_ready(page, timeout_ms=300_000)
            lh.run_all(page, target, wait_ms=120_000)
        target.wait_for(state="visible", timeout=300_000)
        target.click(trial=True)
        seconds = time.monotonic() - started
        context.close()
        return seconds


def run_route(hub, browser_ws, cohort, repo, passwords, option, lab: bool) -> float:
    link = gitpuller_link(
        hub.url, str(repo), "main", "notebooks/02_casus.ipynb", view="lab" if lab else "voila"
    )
    names = list(cohort.deelnemers)
    started = time.monotonic()
    with ThreadPoolExecutor(len(names)) as pool:
        list(pool.map(lambda n: one_trainee(browser_ws, link, n, passwords[n], option, lab), names))
    return time.monotonic() - started


def stop_all(hub, names) -> None:
    for name in names:
        hub.api("DELETE", f"/hub/api/users/{name}/server")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        running = [
            n for n in names if json.loads(hub.api("GET", f"/hub/api/users/{n}")[1]).get("servers")
        ]
        if not running:
            return
        time.sleep(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=1)
    args = parser.parse_args()
    import subprocess

    point = load_case(resolve_case_id("", env={})).beslismomenten[0]
    option = f".lr-decision-{point.id}:not(.lr-static) .lr-option-{point.opties[0].id}"
    names = [f"deelnemer-{i:02d}" for i in range(1, args.trainees + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        repo = hubrun.build_course_repo(workdir)
        cohort = make_cohort(names, workdir)
        write_hub_config(cohort, workdir / "config")
        # The Lab route as it was before the trainee Lab: English (the helpers wait for
        # the English status bar). Voila does not read these settings.
        overrides = workdir / "config" / "trainee-lab" / "settings" / "overrides.json"
        settings = json.loads(overrides.read_text())
        settings.pop("@jupyterlab/translation-extension:plugin")
        overrides.write_text(json.dumps(settings))
        hub = hubrun.LocalHub(workdir / "config", workdir, hubrun.free_hub_port(18400))
        port = lh.free_port()
        chromium = subprocess.Popen(
            [
                lh.find_chromium(),
                *lh.CHROMIUM_ARGS,
                f"--remote-debugging-port={port}",
                f"--user-data-dir={workdir / 'chromium'}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            print(f"hub ready in {hub.start():.1f} s", flush=True)
            time.sleep(2)
            ws = f"http://127.0.0.1:{port}"
            passwords = hub.passwords
            lab = run_route(hub, ws, cohort, repo, passwords, option, lab=True)
            print(f"{len(names)} trainee(s), Lab route: {lab:.1f} s", flush=True)
            hub.remember_children()
            stop_all(hub, names)
            voila = run_route(hub, ws, cohort, repo, passwords, option, lab=False)
            print(f"{len(names)} trainee(s), Voila route: {voila:.1f} s", flush=True)
            print(f"ratio Voila / Lab: {voila / lab:.2f}")
        finally:
            hub.remember_children()
            chromium.terminate()
            chromium.wait(30)
            left = hub.stop()
            if left:
                print("left running:", *left, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
