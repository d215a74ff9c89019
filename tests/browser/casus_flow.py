"""What a trainee does in notebooks/02_casus, shared by the JupyterLab and Voila tests.

The steps are driven by the case file itself: every decision point of the case is
answered (cycling care, enforcement and cooperation; one reconsidered), every reflection question
gets a text with HTML and a script in it, and afterwards the answers file and the page
after a reload are checked against exactly those actions.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lab_helpers as lh
import nbformat
from playwright.sync_api import Locator, Page, expect

NOTEBOOK = lh.REPO_ROOT / "notebooks" / "02_casus.ipynb"
NOTEBOOK_STEM = "02_casus"

# Untrusted free text: must come back as literal text, never as markup or a script.
HOSTILE = "<script>alert(1)</script><b>x</b>"

DECISION = ".lr-decision-{id}:not(.lr-static)"
REFLECTION = ".lr-reflection-{id}:not(.lr-static)"
RESTORED_NOTE = "eerder bewaarde keuze"
# Decision points are answered in turn with these approaches, so the overview counts all three.
APPROACH_CYCLE = ("zorg", "handhaving", "samenwerking")
RECONSIDERED_NOTE = "keuze herzien"


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

    def final_choice(self) -> dict[str, str]:
        return dict(self.clicks)  # later clicks win

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
    """Every decision point and reflection box of the case is rendered (attached)."""
    for point in plan.case.beslismomenten:
        page.locator(DECISION.format(id=point.id)).first.wait_for(
            state="attached", timeout=timeout_ms
        )
    for question in plan.case.reflectie:
        page.locator(REFLECTION.format(id=question.id)).first.wait_for(
            state="attached", timeout=timeout_ms
        )


def answer_decisions(page: Page, plan: Plan, label: str) -> None:
    """Answer every decision point (cycling approaches); reconsider the first one.

    Each click is timed (click → new feedback visible) and its feedback checked.
    """
    for i, point in enumerate(plan.case.beslismomenten):
        box = lh.scroll_into_view(page.locator(DECISION.format(id=point.id)).first)
        option = _first_with(point, APPROACH_CYCLE[i % len(APPROACH_CYCLE)])
        _choose(box, plan, point.id, option, label)
        if i == 0:  # change of mind: allowed, recorded, and said so
            other = _first_with(point, "handhaving", skip=option.id)
            _choose(box, plan, point.id, other, label)
            expect(box.locator(".lr-feedback")).to_contain_text(RECONSIDERED_NOTE)


def _choose(box: Locator, plan: Plan, point_id: str, option: Any, label: str) -> None:
    button = box.locator(f".lr-option-{option.id}")
    ms = lh.click_and_time_feedback(box, button, ".lr-feedback")
    plan.clicks.append((point_id, option.id))
    plan.timings_ms.append(ms)
    print(f"[{label}] click -> feedback {point_id}/{option.id}: {ms:.0f} ms")
    check_feedback(box, option)
    expect(button).to_have_class(re.compile(r"\blr-chosen\b"))


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
    """After a reload with a fresh kernel the last choices and texts are shown again."""
    for point in plan.case.beslismomenten:
        box = lh.scroll_into_view(page.locator(DECISION.format(id=point.id)).first)
        option_id = plan.final_choice()[point.id]
        expect(box.locator(".lr-feedback")).to_contain_text(RESTORED_NOTE)
        check_feedback(box, plan.option(point.id, option_id))
        expect(box.locator(f".lr-option-{option_id}")).to_have_class(re.compile(r"\blr-chosen\b"))
    for question in plan.case.reflectie:
        box = lh.scroll_into_view(page.locator(REFLECTION.format(id=question.id)).first)
        text = plan.reflections[question.id]
        expect(box.locator(".lr-reflection textarea")).to_have_value(text)
        expect(box.locator(".lr-saved")).to_contain_text(HOSTILE)
        assert box.locator(".lr-saved blockquote b, .lr-saved blockquote script").count() == 0


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


def check_summary(page: Page, plan: Plan) -> None:
    """The live overview counts the trainee's final choices per approach."""
    counts = dict.fromkeys(("handhaving", "zorg", "samenwerking"), 0)
    for point_id, option_id in plan.final_choice().items():
        counts[plan.option(point_id, option_id).aanpak] += 1
    line = (
        f"Handhaving: {counts['handhaving']} · zorg: {counts['zorg']} · "
        f"samenwerking: {counts['samenwerking']}"
    )
    summary = lh.scroll_into_view(page.locator(".lr-summary").first)
    expect(summary).to_contain_text(line)


def assert_timeline_plot(page: Page) -> None:
    """The case's timeline figure is rendered as an image."""
    expect(page.locator("img[src^='data:image/png']").first).to_be_attached()
