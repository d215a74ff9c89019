"""A trainee practises 06_gesprek and 07_netwerk in JupyterLab, in headless Chromium.

06: class a question, rephrase one (with markup in it), walk one practice conversation to
its end. 07: assign the roles of one case step and see the network map. Then stop the
kernel, reload, Run All: every answer is shown again, read back from the answers file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect
from support import casus_flow as flow
from support import lab as lh

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO_NOTEBOOKS = lh.REPO_ROOT / "notebooks"
RESTORED = "eerder bewaarde"
HOSTILE = "<b>Wat</b> heb je nodig om <script>window.__lr=1</script>morgen te komen?"
CLASSIFY = ".lr-herkennen-isk1"
REPHRASE = ".lr-herformuleren-her1"
TALK = ".lr-gesprek-daan-spreekuur"
STEP = ".lr-netwerk-isk-s1"
PATH = ("a", "b", "a")  # open question → exception question → compliment: ending "plan"


def _copy(home: Path, stem: str) -> Path:
    nb = nbformat.read(REPO_NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    dest = home / "notebooks" / f"{stem}.ipynb"
    nbformat.write(nb, dest)
    return dest


def _open_and_run(page, server, notebook: Path, first: str) -> None:
    page.goto(server.url(f"/lab/tree/notebooks/{notebook.name}"))
    lh.wait_kernel_ready(page)
    lh.run_all(page, page.locator(first), wait_ms=90_000)
    lh.wait_kernel_settled(page)
    server.remember_children()
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0


def _answer_06(page) -> None:
    box = lh.scroll_into_view(page.locator(CLASSIFY).first)
    box.locator(".lr-option-verwijtend").click()
    expect(box.locator(".lr-feedback")).to_contain_text("Goed gezien.")

    box = lh.scroll_into_view(page.locator(REPHRASE).first)
    expect(box.locator(".lr-models")).to_have_text("")
    box.locator("textarea").fill(HOSTILE)
    box.locator(".lr-judge").click()
    expect(box.locator(".lr-models")).to_contain_text("Op welke ochtenden lukt het je wél")
    expect(box.locator(".lr-feedback")).to_contain_text("eigen doel")
    expect(box.locator(".lr-own-text")).to_contain_text("<script>")  # as text, not markup
    assert box.locator(".lr-own-text *").count() == 0

    box = lh.scroll_into_view(page.locator(TALK).first)
    for option in PATH:
        before = box.locator(".lr-turn").count()
        box.locator(f".lr-options .lr-option-{option}, .lr-option-{option}").first.click()
        expect(box.locator(".lr-turn")).to_have_count(before + 1)
    expect(box.locator(".lr-ending-plan")).to_contain_text("Daan gaat weg met zijn eigen plan")


def _check_06_restored(page) -> None:
    box = lh.scroll_into_view(page.locator(CLASSIFY).first)
    expect(box.locator(".lr-feedback")).to_contain_text(RESTORED)
    expect(box.locator(".lr-option-verwijtend")).to_have_class(re.compile(r"mod-success"))
    box = lh.scroll_into_view(page.locator(REPHRASE).first)
    expect(box.locator("textarea")).to_have_value(HOSTILE)
    expect(box.locator(".lr-feedback")).to_contain_text(RESTORED)
    expect(box.locator(".lr-own-text")).to_contain_text("<script>")  # shown as text
    box = lh.scroll_into_view(page.locator(TALK).first)
    expect(box.locator(".lr-turn")).to_have_count(len(PATH))
    expect(box.locator(".lr-ending-plan")).to_be_visible()


def _answer_07(page) -> None:
    box = lh.scroll_into_view(page.locator(STEP).first)
    box.locator(".lr-aan-zet select").select_option(label="Leerplichtambtenaar")
    box.locator(".lr-beslist select").select_option(label="Leerplichtambtenaar")
    box.locator(".lr-geinformeerd select").select_option(
        label=["Ouders of verzorgers", "School (directeur, verzuimcoördinator)"]
    )
    box.locator(".lr-check").click()
    expect(box.locator(".lr-feedback .lr-correct")).to_have_count(3)
    expect(box.locator(".lr-feedback svg")).to_have_count(1)


def _check_07_restored(page) -> None:
    box = lh.scroll_into_view(page.locator(STEP).first)
    expect(box.locator(".lr-feedback")).to_contain_text(RESTORED)
    expect(box.locator(".lr-feedback .lr-correct")).to_have_count(3)
    selected = box.locator(".lr-aan-zet select").evaluate("s => s.options[s.selectedIndex].text")
    assert selected == "Leerplichtambtenaar"


def test_trainee_practises_conversation_and_network_in_lab(lab_server, leerrecht_home, page):
    dialogs = flow.watch_dialogs(page)
    gesprek = _copy(leerrecht_home.root, "06_gesprek")
    netwerk = _copy(leerrecht_home.root, "07_netwerk")

    _open_and_run(page, lab_server, gesprek, CLASSIFY)
    _answer_06(page)
    lh.screenshot(page, "lab-gesprek-answered")
    _open_and_run(page, lab_server, netwerk, STEP)
    _answer_07(page)
    lh.screenshot(page, "lab-netwerk-answered")

    lines = [json.loads(x) for x in leerrecht_home.answers_file().read_text().splitlines()]
    questions = {(a["notebook"], a["question"]) for a in lines}
    assert ("06_gesprek", "herkennen:isk1") in questions
    assert ("06_gesprek", "herformuleren:her1") in questions
    assert {("06_gesprek", f"gesprek:daan-spreekuur:{m}") for m in ("m1", "m2", "m3")} <= questions
    assert ("07_netwerk", "netwerk:isk-s1:aan_zet") in questions

    # Cold kernels: the answers must come back from the file.
    assert lh.shutdown_sessions(lab_server) >= 1
    _open_and_run(page, lab_server, gesprek, CLASSIFY)
    _check_06_restored(page)
    lh.screenshot(page, "lab-gesprek-restored")
    _open_and_run(page, lab_server, netwerk, STEP)
    _check_07_restored(page)
    lh.screenshot(page, "lab-netwerk-restored")
    assert page.evaluate("() => window.__lr === undefined")
    assert dialogs == []
