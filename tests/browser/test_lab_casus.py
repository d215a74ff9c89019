"""A trainee does a whole case of notebooks/02_casus in JupyterLab, in headless Chromium.

Open → Run All → walk the case to an ending, then another first choice → see the feedback →
write and save reflections with HTML/script in them → check the answers file → stop the
kernel, reload, Run All → the earlier answers are shown again. Code stays collapsed.
"""

from __future__ import annotations

import pytest
from support import casus_flow as flow
from support import lab as lh

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _open_and_run(page, server, notebook, plan) -> list[str]:
    """Open the notebook, Run All, wait for the exercises; return the collapsed previews."""
    page.goto(server.url(f"/lab/tree/notebooks/{notebook.name}"))
    print(f"[lab] kernel ready after {lh.wait_kernel_ready(page):.1f} s")
    first = page.locator(flow.WALK)
    attempts = lh.run_all(page, first)
    print(f"[lab] run all: {attempts} attempt(s)")
    flow.wait_for_exercises(page, plan)
    lh.wait_kernel_settled(page)
    server.remember_children()
    previews = lh.collapsed_input_previews(page)
    assert len(previews) == flow.count_code_cells(notebook), "not every code cell is collapsed"
    flow.assert_no_code_visible(page, flow.code_cell_sources(notebook, skip_first_line=True))
    flow.assert_no_errors(page)
    flow.assert_trainee_view(page)
    flow.assert_timeline_plot(page)
    return previews


def test_trainee_does_a_case_in_lab(lab_server, leerrecht_home, page) -> None:
    case_id = flow.pick_case_id()
    plan = flow.load_plan(case_id)
    notebook = flow.prepare_notebook(leerrecht_home.root / "notebooks", case_id)
    dialogs = flow.watch_dialogs(page)

    previews = _open_and_run(page, lab_server, notebook, plan)
    flow.answer_decisions(page, plan, "lab")
    flow.write_reflections(page, plan, "lab")
    flow.check_progress(page, plan)
    lh.screenshot(page, "lab-casus-answered")
    answers = leerrecht_home.answers_file()
    flow.check_answers_file(answers, plan, leerrecht_home.cohort, leerrecht_home.trainee)

    # A cold kernel proves the answers come back from the file, not from kernel memory.
    assert lh.shutdown_sessions(lab_server) == 1
    page.reload()
    _open_and_run(page, lab_server, notebook, plan)
    flow.check_restored(page, plan)
    flow.check_progress(page, plan)
    lh.screenshot(page, "lab-casus-restored")
    flow.check_answers_file(answers, plan, leerrecht_home.cohort, leerrecht_home.trainee)
    assert dialogs == [], f"unexpected dialogs (script ran?): {dialogs}"
    flow.report_timings("lab", plan.timings_ms)
    # Last, so that every other behaviour is checked even while this one fails. JupyterLab
    # previews the first line of a collapsed input; it must not be code (hide it or make it
    # a comment).
    code = [p for p in previews if p and not p.startswith("#")]
    assert not code, f"collapsed code cells preview code to the trainee: {code}"
