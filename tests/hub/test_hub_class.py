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
from pathlib import Path

import pytest
from hub_fixtures import *  # noqa: F403  (the hub fixtures)
from hubrun import COHORT, TRAINEES, lh

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


def test_three_trainees_answer_and_trainer_collects(
    class_hub, hub_browser, hub_cohort, course_repo: Path
) -> None:
    from leerrecht.answers import read_cohort
    from leerrecht.hub import HubClient, collect_answers, gitpuller_link

    started = time.monotonic()
    password = class_hub.secrets["user_password"]
    link = gitpuller_link(class_hub.url, str(course_repo), "main", "hub_check.ipynb")
    pages = {n: open_link_and_log_in(hub_browser, link, n, password) for n in TRAINEES}
    try:
        for name, page in pages.items():
            wait_in_lab(page, name, "course/hub_check.ipynb")
        for page in pages.values():
            button = page.locator("button.jupyter-button", has_text="Kies zorg")
            lh.run_all(page, button)
            lh.scroll_into_view(button).click()
        for name, page in pages.items():
            output = page.locator(".widget-output", has_text="bewaard")
            lh.scroll_into_view(output)
            assert f"answers/{COHORT}/{name}.jsonl" in output.inner_text()
            # The course really landed in the trainee's own home.
            assert (class_hub.homes / name / "course" / "hub_check.ipynb").is_file()

        # Isolation: deelnemer-a reaches their own files, never deelnemer-b's.
        a, b = TRAINEES[0], TRAINEES[1]
        own = f"{class_hub.url}/user/{a}/api/contents/answers/{COHORT}"
        assert status_without_redirect(pages[a], own) == 200
        other = f"{class_hub.url}/user/{b}/api/contents/answers/{COHORT}/{b}.jsonl"
        assert status_without_redirect(pages[a], other) in (302, 403)
        followed = pages[a].request.get(other)
        assert followed.status == 403 or b not in followed.text()
        assert status_without_redirect(pages[a], f"{class_hub.url}/user/{b}/lab") in (302, 403)
    except Exception:
        for name, page in pages.items():
            lh.screenshot(page, f"hub-{name}-FAILED")
        raise
    finally:
        for page in pages.values():
            page.context.close()

    # The trainer collects through the API; the cohort's answers then hold all three.
    client = HubClient(class_hub.url, class_hub.secrets["service_token"])
    report = collect_answers(hub_cohort, client, start_stopped=False)
    assert report.collected == dict.fromkeys(TRAINEES, 1)
    answers = read_cohort(hub_cohort.answers_root, COHORT)
    assert sorted(x.trainee for x in answers) == sorted(TRAINEES)
    assert {x.approach for x in answers} == {"zorg"}
    print(f"\nmulti-user flow: {time.monotonic() - started:.1f} s")
    print(json.dumps({"collected": report.collected}))
