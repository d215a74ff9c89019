"""A trainee walks a REAL case from casestudies/ in notebooks/02_casus as a Voila app (issue 13).

The case is chosen by reading the graphs, not by its text: the example cohort's first case
whose first decision has two options leading to different next decision points (else the
first such case). It is walked to an ending, then tried again from the first decision with
the other option: the next situations differ; before each choice no situation beyond the
current one is on the page; after a reload (a cold kernel in Voila) the walk is back at the
decision where the trainee left it. The time from each click to the consequence being
visible is printed (aim about 200 ms; not asserted).
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from support import casus_flow as flow
from support import lab as lh

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def branching_case():
    """``(case, first option, other option)``: a real case whose first decision branches."""
    from leerrecht.domain.cases import list_cases

    cases = {c.id: c for c in list_cases() if c.is_graph}
    preferred = flow.pick_case_id()
    for case_id in [preferred, *sorted(cases)]:
        case = cases.get(case_id)
        if case is None:
            continue
        options = [o for o in case.graph.start.options if o.volgende]
        for first in options:
            other = next((o for o in options if o.volgende != first.volgende), None)
            if other is not None:
                return case, first, other
    pytest.fail("no real case has a first decision whose options lead to different nodes")


def _text(page) -> str:
    return flow.norm(page.locator("body").inner_text())


def _situation(node) -> str:
    return flow.norm(node.data.situatie)


def _assert_nothing_beyond(page, case, walk) -> None:
    """No situation of a decision point that is neither on the path nor current is shown."""
    seen = {s.node.id for s in walk.steps} | ({walk.current.id} if walk.current else set())
    text = _text(page)
    for node in case.graph.nodes:
        if node.id not in seen:
            assert _situation(node) not in text, f"situation of {node.id} shown too early"
    if walk.current is not None:
        assert _situation(walk.current) in text, f"current situation {walk.current.id} missing"


def _onward(node):
    """An option that leads to another decision (a longer walk), else the first option."""
    return next((o for o in node.options if o.volgende), node.options[0])


def _choose(page, walk, option_id: str, timings: list[float]):
    node = walk.current
    button = page.locator(f".lr-decision-{node.id} .lr-option-{option_id}").first
    lh.scroll_into_view(button)
    ms = lh.click_and_time_feedback(page.locator(".lr-walk").first, button, ".lr-consequence")
    timings.append(ms)
    print(f"[voila-real] click -> consequence {node.id}/{option_id}: {ms:.0f} ms")
    expect(page.locator(f".lr-step-{node.id}.lr-chosen-{option_id}").first).to_be_attached()
    walk = walk.choose(option_id)
    if walk.current is not None:
        expect(page.locator(f".lr-decision-{walk.current.id}").first).to_be_attached()
    return walk


def test_real_case_branches_and_restores_in_voila(voila_server, leerrecht_home, page):
    case, first, other = branching_case()
    print(f"[voila-real] {case.id}: {first.id} -> {first.volgende}, {other.id} -> {other.volgende}")
    notebook = flow.prepare_notebook(leerrecht_home.root / "notebooks", case.id)
    server = voila_server(notebook)
    dialogs = flow.watch_dialogs(page)
    timings: list[float] = []
    start = case.graph.start

    page.goto(server.url("/"))
    page.locator(f".lr-decision-{start.id}").first.wait_for(state="attached", timeout=120_000)
    flow.assert_no_errors(page)
    walk = case.walk()
    _assert_nothing_beyond(page, case, walk)

    # attempt 1: the first option, then at each decision one that goes on (if any), to an end
    walk = _choose(page, walk, first.id, timings)
    after_first = _text(page)
    while walk.current is not None:
        _assert_nothing_beyond(page, case, walk)
        walk = _choose(page, walk, _onward(walk.current).id, timings)
    expect(page.locator(f".lr-ending-{walk.ending.id}").first).to_be_visible()

    # attempt 2: from the first decision, the option that leads elsewhere
    lh.scroll_into_view(page.locator(f".lr-restart-{start.id}").first).click()
    expect(page.locator(f".lr-decision-{start.id}").first).to_be_attached()
    walk = walk.restart_at(start.id)
    _assert_nothing_beyond(page, case, walk)
    walk = _choose(page, walk, other.id, timings)
    _assert_nothing_beyond(page, case, walk)
    after_other = _text(page)
    one, two = case.graph.node(first.volgende), case.graph.node(other.volgende)
    assert _situation(one) != _situation(two), "the two first choices lead to the same text"
    assert _situation(one) in after_first and _situation(two) not in after_first
    assert _situation(two) in after_other and _situation(one) not in after_other

    lines = [json.loads(x) for x in leerrecht_home.answers_file().read_text("utf-8").splitlines()]
    assert [(r["question"], r["option"]) for r in lines][-1] == (start.id, other.id)

    # a reload is a cold kernel: back at the decision after the other first choice
    page.reload()
    page.locator(f".lr-decision-{two.id}").first.wait_for(state="attached", timeout=120_000)
    flow.assert_no_errors(page)
    _assert_nothing_beyond(page, case, walk)
    restored = _text(page)
    assert f"Beslismoment 2 van ten minste {walk.at_least}" in restored and "poging 2" in restored
    assert _situation(one) not in restored
    flow.assert_timeline_plot(page)
    lh.screenshot(page, "voila-real-case-restored")
    lh.scroll_into_view(page.locator(".lr-progress").first)
    page.screenshot(path=str(lh.ARTIFACTS / "voila-real-case-walk.png"))
    assert dialogs == []
    flow.report_timings("voila-real", timings)
