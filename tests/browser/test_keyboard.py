"""Every kind of exercise works with the keyboard alone, in the Voila app (issue 17).

Only Tab, Shift+Tab, Enter, Space, typing and the arrow keys are used: a quiz question in
01, a decision point and a reflection in 02, Herkennen, Herformuleren and an Oefengesprek in
06 and the network exercise in 07. After each answer the feedback is visible, the answer is
in the answers file, and the keyboard focus is still in the exercise (or on what follows
it), never dropped to the top of the page. One Voila server serves all four notebooks.
"""

from __future__ import annotations

import json
import shutil

import pytest
from playwright.sync_api import expect
from support import casus_flow as flow
from support import lab as lh

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAX_TABS = 400
# A person types; a typed key reaches the kernel before a click only if keys are not sent in
# a burst (ipywidgets buffers value updates while one is in flight; a click is not buffered).
KEY_DELAY_MS = 40
PAUSE_MS = 300
IN_FOCUS = "e => e === document.activeElement || e.contains(document.activeElement)"


@pytest.fixture(scope="module")
def app(module_home, voila_folder):
    folder = module_home.root / "notebooks"
    for stem in ("01_leerplichtwet", "06_gesprek", "07_netwerk"):
        shutil.copy(lh.REPO_ROOT / "notebooks" / f"{stem}.ipynb", folder / f"{stem}.ipynb")
    case_id = flow.pick_case_id()
    flow.prepare_notebook(folder, case_id)
    return voila_folder, module_home, flow.load_plan(case_id)


def _open(page, server, stem: str, ready: str) -> None:
    page.goto(server.url(f"/voila/render/{stem}.ipynb"))
    page.locator(ready).first.wait_for(state="attached", timeout=180_000)
    page.locator("#loading").wait_for(state="detached", timeout=180_000)
    server.remember_children()
    flow.assert_no_errors(page)
    assert page.locator(".jupyter-widgets-error-widget").count() == 0, "a widget failed"


def _pause(page) -> None:
    """A person's pause between two changes of one control: ipywidgets sends a value change
    made while the previous one is still on its way only after that one's echo, and a click
    (not buffered) could overtake it. Nothing is timed or asserted here."""
    page.wait_for_timeout(PAUSE_MS)


def _focused(locator) -> bool:
    return bool(locator.evaluate(IN_FOCUS))


def tab_to(page, target, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until ``target`` (or something inside it) has the focus."""
    target.wait_for(state="attached")
    for _ in range(MAX_TABS):
        if _focused(target):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}")


def _records(home) -> list[dict]:
    path = home.answers_file()
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return [json.loads(line) for line in lines if line.strip()]


def test_quiz_in_01_with_the_keyboard(app, page):
    server, home, _plan = app
    _open(page, server, "01_leerplichtwet", ".lr-quiz")
    quiz = page.locator(".lr-quiz").first
    tab_to(page, quiz.locator(".lr-option").nth(1))
    page.keyboard.press("Shift+Tab")  # back to the first option
    assert _focused(quiz.locator(".lr-option").first)
    page.keyboard.press("Enter")
    expect(quiz.locator(".lr-feedback-body")).to_be_visible()
    assert _focused(quiz), "focus left the quiz after answering"
    assert any(r["kind"] == "quiz" for r in _records(home))


def test_decision_and_reflection_in_02_with_the_keyboard(app, page):
    server, home, plan = app
    _open(page, server, "02_casus", ".lr-walk")
    point = plan.walk().current.data
    box = page.locator(flow.DECISION.format(id=point.id)).first
    option = point.opties[0]
    tab_to(page, box.locator(f".lr-option-{option.id}"))
    page.keyboard.press("Space")
    step = page.locator(f".lr-step-{point.id}.lr-chosen-{option.id}").first
    flow.check_feedback(step, option)
    walk = page.locator(flow.WALK).first
    assert _focused(walk), "focus dropped out of the case after a choice"
    lh.screenshot(page, "keyboard-casus-choice")
    decisions = [r for r in _records(home) if r["kind"] == "beslissing"]
    assert [(r["question"], r["option"]) for r in decisions] == [(point.id, option.id)]

    question = plan.case.reflectie[0]
    reflection = page.locator(flow.REFLECTION.format(id=question.id)).first
    tab_to(page, reflection.locator("textarea"))
    text = "Eerst het gesprek, dan de brief."
    page.keyboard.type(text, delay=KEY_DELAY_MS)
    page.keyboard.press("Tab")
    assert _focused(reflection.locator(".lr-save"))
    page.keyboard.press("Enter")
    expect(reflection.locator(".lr-saved")).to_contain_text(text)
    saved = [r["text"] for r in _records(home) if r["kind"] == "reflectie"]
    assert saved == [text]


def test_conversation_exercises_in_06_with_the_keyboard(app, page):
    server, home, _plan = app
    _open(page, server, "06_gesprek", ".lr-gesprek")
    classify = page.locator(".lr-herkennen").first
    tab_to(page, classify.locator(".lr-option").first)
    page.keyboard.press("Enter")
    expect(classify.locator(".lr-feedback")).not_to_have_text("")
    assert _focused(classify)

    rephrase = page.locator(".lr-herformuleren").first
    tab_to(page, rephrase.locator("textarea"))
    page.keyboard.type("Wat zou je morgen helpen om op tijd te zijn?", delay=KEY_DELAY_MS)
    tab_to(page, rephrase.locator(".lr-judge"))
    page.keyboard.press("Space")
    expect(rephrase.locator(".lr-feedback")).not_to_have_text("")
    expect(rephrase.locator(".lr-models")).not_to_have_text("")

    talk = page.locator(".lr-gesprek").first
    before = talk.locator(".lr-turn").count()
    tab_to(page, talk.locator(".lr-option").first)
    page.keyboard.press("Enter")
    expect(talk.locator(".lr-turn")).to_have_count(before + 1)
    assert _focused(talk), "focus dropped out of the conversation after a turn"
    tab_to(page, talk.locator(".lr-option").first)  # the next turn's options are reachable
    lh.screenshot(page, "keyboard-gesprek")
    kinds = {r["notebook"] for r in _records(home)}
    assert any("06_gesprek" in k for k in kinds)


def test_network_exercise_in_07_with_the_keyboard(app, page):
    server, home, _plan = app
    _open(page, server, "07_netwerk", ".lr-netwerk")
    step = page.locator(".lr-netwerk").first
    for part in (".lr-aan-zet select", ".lr-beslist select"):
        tab_to(page, step.locator(part))
        page.keyboard.press("ArrowDown")  # the first role
    informed = step.locator(".lr-geinformeerd select")
    tab_to(page, informed)
    page.keyboard.press("ArrowDown")
    _pause(page)
    page.keyboard.press("Shift+ArrowDown")  # and the next one: two roles
    chosen = informed.evaluate("s => Array.from(s.selectedOptions).length")
    assert chosen == 2
    _pause(page)
    tab_to(page, step.locator(".lr-check"))
    page.keyboard.press("Enter")
    expect(step.locator(".lr-feedback-body")).to_be_visible()
    assert _focused(step)
    lh.screenshot(page, "keyboard-netwerk")
    parts = [r for r in _records(home) if "07_netwerk" in r["notebook"]]
    assert len(parts) == 3 and parts[-1]["option"].count(",") == 1
