"""What a trainee does in notebooks/02_casus, shared by the JupyterLab and Voila tests.

The steps are driven by the case file itself: the case is walked one decision at a time
(cycling care, enforcement and cooperation) to an ending, then tried again from the first
decision ("probeer een ander pad"); every reflection question gets a text with HTML and a
script in it, and afterwards the answers file and the page after a reload are checked
against exactly those actions.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from playwright.sync_api import Locator, Page, expect

from support import lab as lh

NOTEBOOK = lh.REPO_ROOT / "notebooks" / "02_casus.ipynb"
NOTEBOOK_STEM = "02_casus"

# Untrusted free text: must come back as literal text, never as markup or a script.
HOSTILE = "<script>alert(1)</script><b>x</b>"

DECISION = ".lr-decision-{id}:not(.lr-static)"
REFLECTION = ".lr-reflection-{id}:not(.lr-static)"
RESTORED_NOTE = "eerder bewaarde keuze"
# Decision points are answered in turn with these approaches, so the overview counts all three.
APPROACH_CYCLE = ("zorg", "handhaving", "samenwerking")
WALK = ".lr-walk"


def norm(text: str) -> str:
    """Collapse whitespace, so rendered text can be compared with the case file."""
    return " ".join(text.split())


def pick_case_id() -> str:
    """The first case of the example cohort that exists, else the first case file."""
    import yaml

    from leerrecht.domain import cases

    available = {c.id for c in cases.list_cases()}
    example = yaml.safe_load((lh.REPO_ROOT / "cohorts" / "voorbeeld.yml").read_text("utf-8"))
    for case_id in example.get("casussen", []):
        if case_id in available:
            return case_id
    return sorted(available)[0]


def prepare_notebook(dest_dir: Path, case_id: str, taal: str = "nl") -> Path:
    """Copy 02_casus into ``dest_dir`` with ``case_id`` (and ``taal``) set as defaults.

    The parameters cell is edited in place, so the copy keeps the repo notebook's cell
    metadata (hidden code) exactly; answers folder, cohort and trainee come from the
    LEERRECHT_* environment of the server, as they would in ``leerrecht lab``.
    """
    nb = nbformat.read(NOTEBOOK, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, "02_casus must have exactly one cell tagged 'parameters'"
    cell = params[0]
    for name, value in (("case_id", case_id), ("taal", taal)):
        pattern = re.compile(rf"^({name}\s*(?::[^=]*)?=\s*)(['\"]).*?\2", re.MULTILINE)
        cell.source, count = pattern.subn(
            lambda m, v=value: f"{m.group(1)}{json.dumps(v)}", cell.source
        )
        assert count == 1, f"parameter {name!r} not found in 02_casus parameters cell"
    dest = dest_dir / NOTEBOOK.name
    nbformat.write(nb, dest)
    return dest


def code_cell_sources(path: Path, *, skip_first_line: bool = False) -> list[str]:
    """The distinctive source lines (> 12 characters) of every code cell.

    ``skip_first_line``: JupyterLab previews a collapsed cell's first line; that preview
    is checked on its own, so the body check looks at the other lines only.
    """
    nb = nbformat.read(path, as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source.splitlines()[1 if skip_first_line else 0 :]
        lines += [ln.strip() for ln in source if len(ln.strip()) > 12]
    return lines


@dataclass
class Plan:
    """What the trainee will do, and what must be seen and stored afterwards."""

    case: Any
    clicks: list[tuple[str, str]] = field(default_factory=list)  # (decision id, option id)
    reflections: dict[str, str] = field(default_factory=dict)  # reflection id -> text
    timings_ms: list[float] = field(default_factory=list)

    def walk(self) -> Any:
        """Where the recorded clicks leave the trainee (the latest attempt)."""
        return self.case.walk(self.clicks)

    def option(self, decision_id: str, option_id: str) -> Any:
        point = next(p for p in self.case.beslismomenten if p.id == decision_id)
        return next(o for o in point.opties if o.id == option_id)


def load_plan(case_id: str) -> Plan:
    from leerrecht.domain.cases import load_case

    return Plan(case=load_case(case_id))


def _first_with(point: Any, approach: str, skip: str = "") -> Any:
    for option in point.opties:
        if option.aanpak == approach and option.id != skip:
            return option
    return next(o for o in point.opties if o.id != skip)


def wait_for_exercises(page: Page, plan: Plan, timeout_ms: int = 90_000) -> None:
    """The walk (at its current decision or ending) and every reflection box are rendered."""
    page.locator(WALK).first.wait_for(state="attached", timeout=timeout_ms)
    node = plan.walk().current
    if node is not None:
        page.locator(DECISION.format(id=node.id)).first.wait_for(
            state="attached", timeout=timeout_ms
        )
    for question in plan.case.reflectie:
        page.locator(REFLECTION.format(id=question.id)).first.wait_for(
            state="attached", timeout=timeout_ms
        )


def answer_decisions(page: Page, plan: Plan, label: str) -> None:
    """Walk the case to an ending (cycling approaches), then start again from the first
    decision and make one different first choice.

    Each click is timed (click → its consequence visible) and its feedback checked.
    """
    walk = plan.walk()
    i = 0
    while walk.current is not None:
        point = walk.current.data
        option = _first_with(point, APPROACH_CYCLE[i % len(APPROACH_CYCLE)])
        _choose(page, plan, point.id, option, label)
        walk = plan.walk()
        i += 1
    expect(page.locator(".lr-path-map").first).to_be_attached()
    first = plan.case.beslismomenten[0]
    lh.scroll_into_view(page.locator(f".lr-restart-{first.id}").first).click()
    page.locator(DECISION.format(id=first.id)).first.wait_for(state="attached")
    other = _first_with(first, "handhaving", skip=plan.clicks[0][1])
    _choose(page, plan, first.id, other, label)


def _choose(page: Page, plan: Plan, point_id: str, option: Any, label: str) -> None:
    box = lh.scroll_into_view(page.locator(DECISION.format(id=point_id)).first)
    button = box.locator(f".lr-option-{option.id}")
    ms = lh.click_and_time_feedback(page.locator(WALK).first, button, ".lr-consequence")
    plan.clicks.append((point_id, option.id))
    plan.timings_ms.append(ms)
    print(f"[{label}] click -> consequence {point_id}/{option.id}: {ms:.0f} ms")
    step = page.locator(f".lr-step-{point_id}.lr-chosen-{option.id}").first
    expect(step).to_be_attached()
    check_feedback(step, option)


def check_feedback(box: Locator, option: Any) -> None:
    """The feedback shows this option's feedback, legal ground and what tends to follow."""
    feedback = box.locator(".lr-feedback")
    expect(feedback).to_be_visible()
    shown = norm(feedback.text_content() or "")
    for part in (option.feedback, option.grondslag, option.gevolg):
        assert norm(part) in shown, f"feedback lacks {part[:60]!r}: {shown[:300]!r}"


def write_reflections(page: Page, plan: Plan, label: str) -> None:
    """Write and save every reflection; the hostile part must render as plain text."""
    for question in plan.case.reflectie:
        box = lh.scroll_into_view(page.locator(REFLECTION.format(id=question.id)).first)
        text = f"Reflectie {question.id} ({label}): eerst het gesprek. {HOSTILE}"
        box.locator(".lr-reflection textarea").fill(text)
        box.locator(".lr-save").click()
        saved = box.locator(".lr-saved")
        expect(saved).to_contain_text(HOSTILE)
        assert saved.locator("blockquote b, blockquote script").count() == 0
        plan.reflections[question.id] = text


def check_restored(page: Page, plan: Plan) -> None:
    """After a reload with a fresh kernel the walk is back where it was, and the texts."""
    walk = plan.walk()
    for step in walk.steps:
        box = page.locator(f".lr-step-{step.node.id}.lr-chosen-{step.option.id}").first
        check_feedback(lh.scroll_into_view(box), step.option.data)
    expect(page.locator(WALK).first).to_contain_text(RESTORED_NOTE)
    if walk.current is not None:
        expect(page.locator(DECISION.format(id=walk.current.id)).first).to_be_attached()
    for question in plan.case.reflectie:
        box = lh.scroll_into_view(page.locator(REFLECTION.format(id=question.id)).first)
        text = plan.reflections[question.id]
        expect(box.locator(".lr-reflection textarea")).to_have_value(text)
        # shown once: in the box, not repeated below it
        assert box.locator(".lr-saved blockquote").count() == 0


def check_answers_file(path: Path, plan: Plan, cohort: str, trainee: str) -> list[dict]:
    """The JSONL file holds exactly the clicks and reflections, in order, nothing else."""
    assert path.exists(), f"no answers file at {path}"
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    case_id = plan.case.id
    for record in records:
        assert record["cohort"] == cohort
        assert record["trainee"] == trainee
        assert record["case"] == case_id
        assert NOTEBOOK_STEM in record["notebook"]
    decisions = [r for r in records if r["kind"] == "beslissing"]
    assert [(r["question"], r["option"]) for r in decisions] == plan.clicks
    for record in decisions:
        assert record["approach"] == plan.option(record["question"], record["option"]).aanpak
    texts = {r["question"]: r["text"] for r in records if r["kind"] == "reflectie"}
    assert texts == plan.reflections
    assert len(records) == len(plan.clicks) + len(plan.reflections)
    return records


def assert_no_code_visible(page: Page, sources: list[str]) -> None:
    """No code cell source line appears in the page's visible text."""
    visible = page.locator("body").inner_text()
    shown = [line for line in sources if line in visible]
    assert not shown, f"code visible to the trainee: {shown[:3]}"


def report_timings(label: str, timings: list[float]) -> None:
    print(
        f"[{label}] click -> feedback over {len(timings)} clicks: "
        f"min {min(timings):.0f} ms, median {statistics.median(timings):.0f} ms, "
        f"max {max(timings):.0f} ms (aim < 200 ms; not asserted)"
    )


def watch_dialogs(page: Page) -> list[str]:
    """Accept 'leave page?' prompts; record (and dismiss) every other dialog, e.g. alert()."""
    seen: list[str] = []

    def handle(dialog: Any) -> None:
        if dialog.type == "beforeunload":
            dialog.accept()
            return
        seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", handle)
    return seen


def count_code_cells(path: Path) -> int:
    return sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)


def assert_no_errors(page: Page) -> None:
    """No cell raised: a traceback would be code (and alarm) in front of a trainee."""
    visible = page.locator("body").inner_text()
    assert "Traceback" not in visible, visible[visible.find("Traceback") :][:800]


def assert_trainee_view(page: Page) -> None:
    """A trainee sees no trainer notes (model answers) and no 'answers not saved' warning."""
    assert page.locator(".lr-trainer").count() == 0, "trainer notes shown to a trainee"
    for warning in (".lr-problem", ".lr-message.lr-warning"):
        found = page.locator(warning)
        assert found.count() == 0, f"warning shown: {found.first.text_content()}"


def check_progress(page: Page, plan: Plan) -> None:
    """The walk always says where the trainee is."""
    walk = plan.walk()
    if walk.done:
        text = f"Einde bereikt na {len(walk.steps)} beslismomenten"
    else:
        text = f"Beslismoment {walk.number} van ten minste {walk.at_least}"
    expect(page.locator(".lr-progress").first).to_contain_text(text)


def assert_timeline_plot(page: Page) -> None:
    """The case's timeline chart (the walk's inline SVG, with its title) is rendered."""
    chart = page.locator(".lr-timeline svg.lr-timeline-svg[role='img']").first
    expect(chart).to_be_attached()
    expect(chart.locator("title").first).to_have_text("Verzuim per schoolweek en de meldgrens")
