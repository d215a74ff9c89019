"""Case views for 02_casus: every case text escaped."""

from __future__ import annotations

from support.case_fixture import make_case

from leerrecht.views import caseview as cv


def test_views_escape_case_text() -> None:
    case = make_case()
    case = case.model_copy(update={"titel": "<script>x</script>"})
    assert "&lt;script&gt;" in cv.story_html(case) and "<script>" not in cv.story_html(case)
    paths = cv.paths_html(case)
    assert "lr-path-handhaving" in paths and "lr-path-zorg" in paths and "Uitkomst Z" in paths
    assert "lr-path-samenwerking" not in paths  # not in this case
    assert "Kies b." in cv.trainer_html(case) and "Vraag 1?" in cv.trainer_html(case)
    assert "Week 3" in cv.events_html(case) and "2 uur te laat" in cv.events_html(case)
    assert "Testkind" in cv.profile_html(case) and "14 jaar" in cv.profile_html(case)


def test_profile_has_no_second_heading() -> None:
    from support.case_fixture import make_case

    from leerrecht.views import caseview

    assert "<h" not in caseview.profile_html(make_case())
