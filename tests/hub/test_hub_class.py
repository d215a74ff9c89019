"""A whole class on a real JupyterHub: three trainees in parallel browsers, one trainer.

Each trainee follows the trainer's nbgitpuller link, logs in, gets the course pulled into
their own home, runs a notebook and answers a decision point; the trainer collects the
answers through the hub's API and the cohort's answers then hold all three trainees; one
trainee is refused another trainee's server. The hub fixture fails the test if any started
process survives the shutdown.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import hubrun
import pytest
from hub_fixtures import *  # noqa: F403  (the hub fixtures)
from hubrun import COHORT, TRAINEES, lh
from playwright.sync_api import expect

CASE_NOTEBOOK = hubrun.REPO_ROOT / "notebooks" / "02_casus.ipynb"
REPORT_NOTEBOOK = hubrun.REPO_ROOT / "notebooks" / "90_cohortrapport.ipynb"

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow]


def open_link_and_log_in(browser, link: str, name: str, password: str):  # -> Page
    """A fresh browser context follows the link; the hub asks for a login first."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="nl-NL")
    context.set_default_timeout(120_000)
    page = context.new_page()
    page.goto(link)
    page.wait_for_url("**/hub/login**")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    # Do not wait for the spawn here: the other trainees log in meanwhile.
    page.click("#login_submit", no_wait_after=True)
    return page


def wait_in_lab(page, name: str, notebook_path: str) -> None:
    page.wait_for_url(f"**/user/{name}/lab/tree/{notebook_path}**", timeout=180_000)
    lh.wait_kernel_ready(page)


def status_without_redirect(page, url: str) -> int:
    return page.request.get(url, max_redirects=0).status


def default_case_id() -> str:
    """The case 02_casus opens on a hub server, where no LEERRECHT_CASE is set."""
    from leerrecht.views.caseview import resolve_case_id

    return resolve_case_id("", env={})


def run_report(answers_root: Path, workdir: Path) -> str:
    """The trainer's cohort report (notebooks/90_cohortrapport) over the collected answers."""
    import nbformat
    import papermill

    out = workdir / "rapport.ipynb"
    papermill.execute_notebook(
        str(REPORT_NOTEBOOK),
        str(out),
        parameters={"cohort": COHORT, "answers_dir": str(answers_root)},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(workdir),
    )
    nb = nbformat.read(out, as_version=4)
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts.append(
                output.get("text", "") + data.get("text/html", "") + data.get("text/plain", "")
            )
    return "\n".join(texts)


@pytest.mark.skipif(not CASE_NOTEBOOK.exists(), reason="notebooks/02_casus.ipynb not there yet")
def test_three_trainees_answer_and_trainer_collects(
    class_hub, hub_browser, hub_cohort, course_repo: Path, hub_workdir: Path
) -> None:
    from leerrecht.domain.cases import load_case
    from leerrecht.hub import HubClient, collect_answers, gitpuller_link

    started = time.monotonic()
    case = load_case(default_case_id())
    point = case.beslismomenten[0]
    # Each trainee takes another road, so the report has something to count.
    roads = ("zorg", "handhaving", "samenwerking")
    choice = {}
    for name, road in zip(TRAINEES, roads, strict=True):
        options = [o for o in point.opties if o.aanpak == road] or list(point.opties)
        choice[name] = options[0]

    password = class_hub.secrets["user_password"]
    link = gitpuller_link(class_hub.url, str(course_repo), "main", "notebooks/02_casus.ipynb")
    pages = {n: open_link_and_log_in(hub_browser, link, n, password) for n in TRAINEES}
    try:
        for name, page in pages.items():
            wait_in_lab(page, name, "course/notebooks/02_casus.ipynb")
        print(f"\nthree trainees logged in, pulled and in Lab: {time.monotonic() - started:.1f} s")
        decision = f".lr-decision-{point.id}:not(.lr-static)"
        for page in pages.values():
            lh.run_all(page, page.locator(decision))
        print(f"notebook ran for all three: {time.monotonic() - started:.1f} s")
        for name, page in pages.items():
            box = lh.scroll_into_view(page.locator(decision).first)
            box.locator(f".lr-option-{choice[name].id}").click()
            feedback = box.locator(".lr-feedback")
            expect(feedback).to_contain_text(choice[name].feedback.split()[0])
            shown = " ".join(feedback.inner_text().split())
            assert " ".join(choice[name].feedback.split()) in shown
            assert "Traceback" not in page.locator("body").inner_text()
        for name in TRAINEES:
            # The course landed in the trainee's own home, and so did the answer.
            home = class_hub.homes / name
            assert (home / "course" / "notebooks" / "02_casus.ipynb").is_file()
            lines = (home / "answers" / COHORT / f"{name}.jsonl").read_text().splitlines()
            assert [json.loads(x)["option"] for x in lines] == [choice[name].id]

        # Isolation: deelnemer-a reaches their own files, never deelnemer-b's server.
        a, b = TRAINEES[0], TRAINEES[1]
        own = f"{class_hub.url}/user/{a}/api/contents/answers/{COHORT}"
        assert status_without_redirect(pages[a], own) == 200
        other = f"{class_hub.url}/user/{b}/api/contents/answers/{COHORT}/{b}.jsonl"
        assert status_without_redirect(pages[a], other) in (302, 403)
        followed = pages[a].request.get(other)
        assert followed.status == 403 or choice[b].id not in followed.text()
        assert status_without_redirect(pages[a], f"{class_hub.url}/user/{b}/lab") in (302, 403)
        print(f"trainees answered after {time.monotonic() - started:.1f} s")
    except Exception:
        for name, page in pages.items():
            lh.screenshot(page, f"hub-{name}-FAILED")
        raise
    finally:
        for page in pages.values():
            page.context.close()

    # The trainer collects through the hub's API into the cohort's answers folder ...
    client = HubClient(class_hub.url, class_hub.secrets["service_token"])
    collected = collect_answers(hub_cohort, client, start_stopped=False)
    assert collected.collected == dict.fromkeys(TRAINEES, 1)
    # ... and the cohort report shows the three trainees and their three roads.
    report = run_report(hub_cohort.answers_root, hub_workdir)
    assert f"Cohort {COHORT}: 3 deelnemers, 3 antwoorden" in report
    chosen = Counter(o.aanpak for o in choice.values())
    for road, count in chosen.items():
        assert f'lr-count lr-count-{road}">{count} ' in report
    print(f"multi-user flow incl. report: {time.monotonic() - started:.1f} s")
