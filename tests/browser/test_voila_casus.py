"""A trainee does a whole case of notebooks/02_casus as a Voila app, in headless Chromium.

Voila runs the notebook on every page load, so a reload is a cold kernel by design: the
restored answers can only come from the answers file. No code may reach the page.
"""

from __future__ import annotations

import pytest
from support import casus_flow as flow
from support import lab as lh

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What Voila would render if a code cell's input leaked into the page.
CODE_SELECTORS = (
    ".jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-InputPrompt, .jp-CodeCell .highlight, .cm-editor"
)


def _load(page, server, plan) -> None:
    page.goto(server.url("/"))
    flow.wait_for_exercises(page, plan)
    server.remember_children()
    assert page.locator(".jp-CodeCell").count() > 0, "no code cell outputs rendered"
    assert page.locator(CODE_SELECTORS).count() == 0, "code cell input rendered in Voila"
    flow.assert_no_errors(page)
    flow.assert_trainee_view(page)
    flow.assert_timeline_plot(page)


def test_trainee_does_a_case_in_voila(voila_server, leerrecht_home, page) -> None:
    case_id = flow.pick_case_id()
    plan = flow.load_plan(case_id)
    notebook = flow.prepare_notebook(leerrecht_home.root / "notebooks", case_id)
    server = voila_server(notebook)
    dialogs = flow.watch_dialogs(page)

    _load(page, server, plan)
    flow.assert_no_code_visible(page, flow.code_cell_sources(notebook))
    flow.answer_decisions(page, plan, "voila")
    flow.write_reflections(page, plan, "voila")
    flow.check_progress(page, plan)
    lh.screenshot(page, "voila-casus-answered")
    answers = leerrecht_home.answers_file()
    flow.check_answers_file(answers, plan, leerrecht_home.cohort, leerrecht_home.trainee)

    page.reload()
    _load(page, server, plan)
    flow.check_restored(page, plan)
    flow.check_progress(page, plan)
    lh.screenshot(page, "voila-casus-restored")
    flow.check_answers_file(answers, plan, leerrecht_home.cohort, leerrecht_home.trainee)
    assert dialogs == [], f"unexpected dialogs (script ran?): {dialogs}"
    flow.report_timings("voila", plan.timings_ms)
