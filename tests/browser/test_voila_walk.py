"""A trainee walks a branching case in notebooks/02_casus as a Voila app (issue 13).

The case is the small graph fixture (tests/lr_case_fixture.py), written into the temporary
home's casestudies/ next to links to the real cases. The trainee walks it twice with
different first choices and sees different next situations; before a choice no later
situation is on the page; after a reload (a cold kernel in Voila) the walk is back where it
was. The time from a click to the consequence being visible is printed (aim < 200 ms).
"""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import expect
from support import casus_flow as flow
from support import lab as lh
from support.case_fixture import graph_case_data

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASE_ID = "grafcasus"
LATER = ("Situatie na de melding", "Situatie na het gesprek", "Situatie laat", "Debrief")


def _install_case(home) -> None:
    """Replace the casestudies link by a folder: links to every real file plus the fixture."""
    folder = home.root / "casestudies"
    source = folder.resolve()
    folder.unlink()
    folder.mkdir()
    for item in source.iterdir():
        if item.name != "fictief.yml":
            (folder / item.name).symlink_to(item)
    fictief = yaml.safe_load((source / "fictief.yml").read_text("utf-8"))
    for key, name in (
        ("personen", "Testkind"),
        ("plaatsen", "Testdorp"),
        ("scholen", "Testschool"),
    ):
        fictief.setdefault(key, []).append(name)
    (folder / "fictief.yml").write_text(yaml.safe_dump(fictief, allow_unicode=True), "utf-8")
    data = graph_case_data(CASE_ID)
    (folder / f"{CASE_ID}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def _text(page) -> str:
    return flow.norm(page.locator("body").inner_text())


def _choose(page, point: str, option: str, timings: list[float]) -> None:
    walk = page.locator(".lr-walk").first
    button = page.locator(f".lr-decision-{point} .lr-option-{option}").first
    ms = lh.click_and_time_feedback(walk, button, ".lr-consequence")
    timings.append(ms)
    print(f"[voila-walk] click -> consequence {point}/{option}: {ms:.0f} ms")
    expect(page.locator(f".lr-step-{point}.lr-chosen-{option}").first).to_be_attached()


def test_walk_branches_restarts_and_restores_in_voila(voila_server, leerrecht_home, page):
    _install_case(leerrecht_home)
    notebook = flow.prepare_notebook(leerrecht_home.root / "notebooks", CASE_ID)
    server = voila_server(notebook)
    dialogs = flow.watch_dialogs(page)
    timings: list[float] = []

    page.goto(server.url("/"))
    page.locator(".lr-decision-bm1").first.wait_for(state="attached", timeout=120_000)
    flow.assert_no_errors(page)
    first = _text(page)
    assert "Situatie start" in first and "Beslismoment 1 van ten minste 2" in first
    for later in LATER:
        assert later not in first, f"'{later}' on the page before any choice"

    # attempt 1: care first → the situation after the talk
    _choose(page, "bm1", "b", timings)
    expect(page.locator(".lr-decision-bm2-zorg").first).to_be_attached()
    after_care = _text(page)
    assert "Situatie na het gesprek" in after_care and "Situatie na de melding" not in after_care
    assert "Gevolg b" in after_care and "Situatie laat" not in after_care
    _choose(page, "bm2-zorg", "b", timings)  # → ending 'herstel'
    expect(page.locator(".lr-ending-herstel").first).to_be_visible()
    expect(page.locator(".lr-path-map svg").first).to_be_attached()
    lh.screenshot(page, "voila-walk-ending")

    # attempt 2: restart from the first decision, enforcement first → a different situation
    page.locator(".lr-restart-bm1").first.click()
    expect(page.locator(".lr-decision-bm1").first).to_be_attached()
    assert "Situatie na het gesprek" not in _text(page)
    _choose(page, "bm1", "a", timings)
    expect(page.locator(".lr-decision-bm2-melding").first).to_be_attached()
    after_report = _text(page)
    assert "Situatie na de melding" in after_report
    assert "Situatie na het gesprek" not in after_report

    answers = leerrecht_home.answers_file()
    lines = [
        (r["question"], r["option"])
        for r in map(__import__("json").loads, answers.read_text("utf-8").splitlines())
    ]
    assert lines == [("bm1", "b"), ("bm2-zorg", "b"), ("bm1", "a")]

    # a reload is a cold kernel: back at bm2-melding of the latest attempt
    page.reload()
    page.locator(".lr-decision-bm2-melding").first.wait_for(state="attached", timeout=120_000)
    restored = _text(page)
    assert "Beslismoment 2 van ten minste 2" in restored and "poging 2" in restored
    assert "Situatie na het gesprek" not in restored and "Debrief" not in restored
    lh.screenshot(page, "voila-walk-restored")
    assert dialogs == []
    flow.report_timings("voila-walk", timings)
