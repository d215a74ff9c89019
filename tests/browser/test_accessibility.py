"""axe-core, WCAG 2.1 AA: on what a cohort run writes (the index and every edition) and on
the Voila app of 02_casus (the first decision shown, then after one choice).

Municipalities, the officers' employers, are bound to WCAG 2.1 AA; axe-core (pinned in
package.json, installed by `npm ci`) finds what a machine can find. Serious and critical
violations fail the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from support import casus_flow as flow
from support import lab as lh

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = lh.REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def cohort_output(example_run) -> Path:
    _need_axe()
    proc, folder = example_run  # the session's one run of the example cohort
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder


def _pages(folder: Path) -> list[Path]:
    editions = [
        p for e in ("deelnemer", "trainer", "onderzoek") for p in (folder / e).glob("*.html")
    ]
    return [folder / "index.html", *sorted(editions)]


def _need_axe() -> None:
    if not AXE.is_file():
        message = "axe-core not installed: run `npm ci` in the repository"
        if os.environ.get("CI"):  # CI installs npm packages: never skip there
            pytest.fail(message)
        pytest.skip(message)


def _serious(page, html_file: Path) -> list[str]:
    page.goto(html_file.as_uri(), wait_until="load")
    return _axe(page)


def _axe(page, exclude: tuple[str, ...] = ()) -> list[str]:
    """Serious and critical violations on the page as it is now (``exclude``: selectors)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "([tags, exclude]) => axe.run({exclude: exclude.map(s => [s])},"
        " {runOnly: {type: 'tag', values: tags}})",
        [TAGS, list(exclude)],
    )
    problems = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            where = [" ".join(n["target"]) for n in violation["nodes"][:3]]
            problems.append(f"{violation['id']} ({violation['impact']}): {where}")
    return problems


def test_index_and_every_edition_pass_axe(cohort_output, page):
    pages = _pages(cohort_output)
    assert len(pages) >= 1 + 3 * 7, [p.name for p in pages]
    found = {}
    for html_file in pages:
        problems = _serious(page, html_file)
        if problems:
            found[html_file.relative_to(cohort_output).as_posix()] = problems
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_axe_finds_a_violation_when_there_is_one(cohort_output, page, tmp_path):
    # The check itself works: an image without alt text and colour-only links are caught.
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        '<p style="color:#000">Tekst <a href="#" style="color:#111;text-decoration:none">link</a>'
        ' meer tekst</p><img src="data:image/png;base64,iVBORw0KGgo="></main></body></html>',
        encoding="utf-8",
    )
    assert _serious(page, bad)


def test_casus_app_passes_axe_before_and_after_a_choice(module_home, voila_folder, page):
    # The whole page is checked, Voila's own parts too; the timeline is an inline SVG with
    # role="img", a title and a description in words.
    _need_axe()
    case_id = flow.pick_case_id()
    plan = flow.load_plan(case_id)
    flow.prepare_notebook(module_home.root / "notebooks", case_id)
    page.goto(voila_folder.url("/voila/render/02_casus.ipynb"))
    flow.wait_for_exercises(page, plan, timeout_ms=180_000)
    page.locator("#loading").wait_for(state="detached", timeout=180_000)
    voila_folder.remember_children()
    assert page.locator(".jupyter-widgets-error-widget").count() == 0, "a widget failed"
    assert _axe(page) == [], "first decision shown"

    point = plan.walk().current.data
    option = point.opties[0]
    page.locator(flow.DECISION.format(id=point.id)).first.locator(f".lr-option-{option.id}").click()
    step = page.locator(f".lr-step-{point.id}.lr-chosen-{option.id}").first
    expect(step.locator(".lr-feedback")).to_be_visible()
    assert _axe(page) == [], "after one choice, feedback visible"
    lh.screenshot(page, "axe-voila-casus-choice")
