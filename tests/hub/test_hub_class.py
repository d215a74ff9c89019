"""A whole class on a real JupyterHub: three trainees in parallel browsers, one trainer.

Each trainee follows the trainer's nbgitpuller link, logs in with their own password, gets
the course pulled into their own home and lands in the Voila app of the case notebook (no
code, widgets live), where they answer a decision point. The trainer's live view, open in a
fourth browser context, shows each choice within 5 s; one trainee's password does not open
another's account, and one trainee is refused another's server and files. The trainer then
collects the answers through the hub's API and the cohort report holds all three. The hub
fixture fails the test if any started process survives the shutdown.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import expect
from support import hubrun
from support.hubrun import COHORT, TRAINEES, lh

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


def start_live_view(hub_cohort, client):
    """``leerrecht live --hub-url`` as the trainer runs it, on a free loopback port."""
    import threading

    from leerrecht.hub import live
    from leerrecht.hub.liveserver import LiveData, make_server, page_html

    source = live.hub_source(hub_cohort, client)
    cases = live.CaseList(hub_cohort)
    server = make_server(
        LiveData(lambda: live.view_data(source, cases), min_age=0.5),
        page_html(hub_cohort.titel, hub_cohort.naam, 1.0),
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def status_without_redirect(page, url: str) -> int:
    return page.request.get(url, max_redirects=0).status


def default_case_id() -> str:
    """The case 02_casus opens on a hub server, where no LEERRECHT_CASE is set."""
    from leerrecht.notebook import resolve_case_id

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
    from leerrecht.hub import HubClient, collect_answers, course_links

    started = time.monotonic()
    case = load_case(default_case_id())
    point = case.beslismomenten[0]
    # Each trainee takes another road, so the report and the live view have something to count.
    roads = ("zorg", "handhaving", "samenwerking")
    choice = {}
    for name, road in zip(TRAINEES, roads, strict=True):
        options = [o for o in point.opties if o.aanpak == road] or list(point.opties)
        choice[name] = options[0]

    passwords = class_hub.passwords
    (link,) = [x.url for x in course_links(hub_cohort, class_hub.url, str(course_repo))]
    assert "voila%2Frender" in link, "trainees are sent to the app, not to the code"
    client = HubClient(class_hub.url, class_hub.secrets["service_token"])
    live_server = start_live_view(hub_cohort, client)
    live_page = hub_browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    live_page.goto(f"http://127.0.0.1:{live_server.server_address[1]}/")
    bars = live_page.locator(f".lr-case-{case.id} .lr-decision-{point.id}")
    pages = {n: open_link_and_log_in(hub_browser, link, n, passwords[n]) for n in TRAINEES}
    try:
        app = "**/user/{}/voila/render/course/notebooks/02_casus.ipynb**"
        decision = f".lr-decision-{point.id}:not(.lr-static)"
        for name, page in pages.items():
            page.wait_for_url(app.format(name), timeout=180_000)
            expect(page.locator(decision)).to_be_visible(timeout=240_000)
        print(
            f"\nthree trainees logged in, pulled and in the app: {time.monotonic() - started:.1f} s"
        )
        so_far: Counter[str] = Counter()
        for name, page in pages.items():
            # Voila: widgets live at once, no code on the page, no Run All.
            assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
            box = lh.scroll_into_view(page.locator(decision).first)
            box.locator(f".lr-option-{choice[name].id}").click()
            clicked = time.monotonic()
            # The walk replaces the decision by the step taken, with its feedback.
            step = page.locator(f".lr-step-{point.id}.lr-chosen-{choice[name].id}").first
            feedback = step.locator(".lr-feedback")
            expect(feedback).to_contain_text(choice[name].feedback.split()[0])
            shown = " ".join(feedback.inner_text().split())
            assert " ".join(choice[name].feedback.split()) in shown
            assert "Traceback" not in page.locator("body").inner_text()
            so_far[choice[name].id] += 1
            count = bars.locator(f".lr-option-{choice[name].id} .lr-count")
            expect(count).to_have_text(str(so_far[choice[name].id]), timeout=5_000)
            print(f"live view showed {name}'s choice after {time.monotonic() - clicked:.1f} s")
        lh.screenshot(live_page, "hub-live-view")
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
        # And a's password does not open b's account.
        intruder = hub_browser.new_context().new_page()
        intruder.goto(f"{class_hub.url}/hub/login")
        intruder.fill("#username_input", b)
        intruder.fill("#password_input", passwords[a])
        intruder.click("#login_submit")
        expect(intruder.locator("p.login_error")).to_contain_text("Invalid username or password")
        assert "/hub/login" in intruder.url
        intruder.context.close()
        print(f"trainees answered after {time.monotonic() - started:.1f} s")
    except Exception:
        for name, page in pages.items():
            lh.screenshot(page, f"hub-{name}-FAILED")
        lh.screenshot(live_page, "hub-live-FAILED")
        raise
    finally:
        for page in [*pages.values(), live_page]:
            page.context.close()
        live_server.shutdown()
        live_server.server_close()

    # The trainer collects through the hub's API into the cohort's answers folder ...
    collected = collect_answers(hub_cohort, client, start_stopped=False)
    assert {n: r.added for n, r in collected.trainees.items()} == dict.fromkeys(TRAINEES, 1)
    again = collect_answers(hub_cohort, client, start_stopped=False)
    assert again.added == 0, "collecting twice adds nothing"
    # ... and the cohort report shows the three trainees and their three roads.
    report = run_report(hub_cohort.answers_root, hub_workdir)
    assert f"Cohort {COHORT}: 3 deelnemers, 3 antwoorden" in report
    chosen = Counter(o.aanpak for o in choice.values())
    for road, count in chosen.items():
        assert f'lr-count lr-count-{road}">{count} ' in report
    print(f"multi-user flow incl. report: {time.monotonic() - started:.1f} s")
