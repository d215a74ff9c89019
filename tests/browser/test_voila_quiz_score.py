"""The quiz score in notebooks/01_leerplichtwet as a Voila app: live, and kept after a reload.

A right and a wrong answer are clicked: the score says "1 van 14 goed" at once, the wrong
answer's feedback names the right option and the source; after a reload (a cold kernel)
the score is counted again from the saved answers.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect
from support import casus_flow as flow
from support import lab as lh

from leerrecht.views.quizzes import QUIZZES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = lh.REPO_ROOT / "notebooks" / "01_leerplichtwet.ipynb"


def _option(qid: str, right: bool) -> str:
    return next(o.id for o in QUIZZES[qid].opties if o.juist == right)


def _click(page, qid: str, right: bool) -> None:
    button = page.locator(f".lr-quiz-{qid} .lr-option-{_option(qid, right)}").first
    lh.scroll_into_view(button).click()


def test_quiz_score_counts_live_and_after_reload(voila_server, leerrecht_home, page):
    notebook = leerrecht_home.root / "notebooks" / NOTEBOOK.name
    shutil.copy(NOTEBOOK, notebook)
    server = voila_server(notebook)
    dialogs = flow.watch_dialogs(page)
    total = len(QUIZZES)

    page.goto(server.url("/"))
    score = page.locator(".lr-score").first
    score.wait_for(state="attached", timeout=120_000)
    flow.assert_no_errors(page)
    expect(score).to_contain_text("nog geen vragen beantwoord")

    _click(page, "verzuim-absoluut", right=True)
    expect(score).to_contain_text(f"1 van {total} goed")
    _click(page, "verzuim-lrv", right=False)
    expect(score).to_contain_text(f"1 van {total} goed · 2 van {total} vragen beantwoord")
    feedback = page.locator(".lr-quiz-verzuim-lrv .lr-feedback").first
    expect(feedback).to_contain_text("Het goede antwoord is B: Langdurig relatief verzuim.")
    expect(feedback.locator("a[href*='duo.nl']")).to_have_count(1)
    lh.scroll_into_view(feedback)
    page.screenshot(path=str(lh.ARTIFACTS / "voila-quiz-wrong.png"))

    page.reload()
    score = page.locator(".lr-score").first
    score.wait_for(state="attached", timeout=120_000)
    expect(score).to_contain_text(f"1 van {total} goed · 2 van {total} vragen beantwoord")
    _click(page, "verzuim-lrv", right=True)  # an improved answer counts at once
    expect(score).to_contain_text(f"2 van {total} goed · 2 van {total} vragen beantwoord")
    # The score follows every group of questions; all its views show the same count.
    views = page.locator(".lr-score")
    assert views.count() >= 6
    expect(views.last).to_contain_text(f"2 van {total} goed · 2 van {total} vragen beantwoord")
    lh.scroll_into_view(score)
    page.screenshot(path=str(lh.ARTIFACTS / "voila-quiz-score.png"))
    assert dialogs == []
