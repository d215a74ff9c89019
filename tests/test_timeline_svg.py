"""The walk's timeline as inline SVG: same numbers as the figure, accessible, growing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from support.case_fixture import make_case, make_graph_case

from leerrecht.views.widgets import timeline, timeline_svg


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_svg_is_an_accessible_image_with_title_and_summary() -> None:
    root = _parse(timeline_svg.timeline_svg(make_case(), "nl", ident="t1"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.find("title").text == "Verzuim per schoolweek en de meldgrens"
    desc = root.find("desc").text
    # weeks 1-3: 6 + 6 + 16 hours unauthorised counted; the 16-hour line is reached in week 3
    assert "Schoolweek 1 tot en met 6." in desc
    assert "De meldgrens van 16 uur is bereikt in week 3" in desc
    assert "hoogstens 16 uur (week 3)" in desc


def test_svg_marks_the_report_week_and_the_line_like_the_figure() -> None:
    case = make_case()
    data = timeline.timeline_data(case)
    assert [t for _s, t, _d in data.windows] == [6.0, 6.0, 16.0, 0.0, 0.0, 0.0]
    root = _parse(timeline_svg.timeline_svg(case, "nl"))
    due = [c for c in root.iter("circle") if c.get("class") == "lr-due"]
    windows = [c for c in root.iter("circle") if c.get("class") in ("lr-due", "lr-window")]
    assert len(windows) == 6 and len(due) == 1
    assert windows.index(due[0]) == 2  # week 3
    line = next(e for e in root.iter("line") if e.get("class") == "lr-threshold")
    # the dashed line sits at 16 hours: the same height as the week-3 window point
    assert float(line.get("y1")) == float(due[0].get("cy"))
    ticks = [t.text for t in root.iter("text") if t.get("class") == "lr-tick"]
    assert ticks == ["1", "2", "3", "4", "5", "6"]
    texts = " ".join(t.text or "" for t in root.iter("text"))
    assert "meldgrens: 16 uur" in texts and "schoolweek" in texts


def test_svg_english_labels() -> None:
    root = _parse(timeline_svg.timeline_svg(make_case(), "en"))
    assert root.find("title").text == "Absence per school week and the reporting line"
    texts = " ".join(t.text or "" for t in root.iter("text"))
    assert "school week" in texts and "reporting line: 16 hours" in texts
    assert "uur" not in root.find("desc").text


def test_long_timelines_get_readable_week_labels() -> None:
    data = timeline.TimelineData(40, {}, [(1, 0.0, False)] * 40, [])
    assert timeline_svg.summary(data, "nl").startswith("Schoolweek 1 tot en met 40.")
    assert timeline.tick_weeks(40) == [1, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40]


def test_walk_chart_grows_with_the_path(tmp_path) -> None:
    from leerrecht.views.widgets.walk import CaseWalk

    cw = CaseWalk(make_graph_case(), None)
    assert cw.chart is not None and "lr-timeline" in cw.chart._dom_classes

    def points() -> int:
        return len(re.findall(r'class="lr-point"', cw.chart.value))

    assert points() == 1 and 'role="img"' in cw.chart.value
    cw.choose("b")
    assert points() == 2  # drawn in the click handler itself: no delay, no matplotlib
    cw.restart_at("bm1")
    assert points() == 1
