"""Self-test of the browser harness on a tiny widget notebook written into a temp folder.

When the casus tests fail, this one tells whether the harness (servers, Chromium, kernel
readiness, Run All, teardown) or the notebook is at fault. It never touches notebooks/.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from support import lab as lh

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}

WIDGET_CODE = """
import html, json, os, pathlib
import ipywidgets as w
from IPython.display import display

path = (pathlib.Path(os.environ["LEERRECHT_ANSWERS"]) / os.environ["LEERRECHT_COHORT"]
        / (os.environ["LEERRECHT_TRAINEE"] + ".jsonl"))
earlier = [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []
feedback = w.HTML()
feedback.add_class("lr-feedback")
if earlier:
    feedback.value = "<p>Eerder gekozen: " + html.escape(earlier[-1]["keuze"]) + "</p>"

def choose(button):
    feedback.value = "<p>Je koos " + html.escape(button.description) + "</p>"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        f.write(json.dumps({"vraag": "bm1", "keuze": button.description}) + "\\n")

options = [w.Button(description=t) for t in ("Handhaven", "Zorg")]
for b in options:
    b.add_class("lr-option")
    b.on_click(choose)
box = w.VBox([w.HTML("<b>Wat doe je?</b>"), w.HBox(options), feedback])
box.add_class("lr-decision")
display(box)
"""


def _write_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {
            "name": "python3",
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
        },
        "language_info": {"name": "python"},
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Proef"),
        nbformat.v4.new_code_cell("x = 1", metadata=dict(HIDDEN)),
        nbformat.v4.new_code_cell(WIDGET_CODE.strip(), metadata=dict(HIDDEN)),
    ]
    path = folder / "proef.ipynb"
    nbformat.write(nb, path)
    return path


def test_harness_lab_widget_roundtrip(lab_server, leerrecht_home, page) -> None:
    """Open, wait for a connected kernel, Run All, click, see output, answer saved."""
    nb = _write_notebook(leerrecht_home.root / "notebooks")
    page.goto(lab_server.url("/lab/tree/notebooks/" + nb.name))
    print(f"kernel ready after {lh.wait_kernel_ready(page):.1f} s")
    decision = page.locator(".lr-decision")
    attempts = lh.run_all(page, decision)
    lab_server.remember_children()
    lh.scroll_into_view(decision.first)
    option = decision.locator(".lr-option", has_text="Zorg")
    ms = lh.click_and_time_feedback(decision.first, option, ".lr-feedback")
    print(f"click -> feedback: {ms:.0f} ms (run-all attempts: {attempts})")
    assert "Je koos Zorg" in decision.locator(".lr-feedback").inner_text()
    assert lh.collapsed_input_previews(page) == ["x = 1", "import html, json, os, pathlib"]
    lh.screenshot(page, "harness-lab")
    lines = leerrecht_home.answers_file().read_text().splitlines()
    assert [json.loads(x)["keuze"] for x in lines] == ["Zorg"]
