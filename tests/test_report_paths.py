"""The cohort report's paths per branching case: numbers per path, per ending, several tries."""

from __future__ import annotations

from pathlib import Path

from support.case_fixture import make_graph_case

from leerrecht.domain import answers as A
from leerrecht.views import report_paths as P


def _feed(folder: Path, trainee: str, *choices: tuple[str, str], case: str = "grafcasus") -> None:
    store = A.AnswerStore(folder, "klas1", trainee, notebook="02_casus", case=case)
    for question, option in choices:
        store.record(question, "beslissing", option=option, approach="zorg")


def test_paths_and_endings_are_counted_per_trainee(tmp_path: Path) -> None:
    case = make_graph_case()
    zorg_path = (("bm1", "b"), ("bm2-zorg", "b"))  # → herstel
    # uil and vos take the same short care path; merel walks to bm3 and ends in 'gemengd',
    # then tries again from the start and ends in 'proces' (her latest attempt counts)
    _feed(tmp_path, "uil", *zorg_path)
    _feed(tmp_path, "vos", ("bm2", "a"), *zorg_path)  # an old-format line first
    _feed(
        tmp_path,
        "merel",
        ("bm1", "a"),
        ("bm2-melding", "b"),
        ("bm3", "c"),
        ("bm1", "a"),
        ("bm2-melding", "a"),
    )
    _feed(tmp_path, "das", ("bm1", "c"))  # still on the way
    _feed(tmp_path, "ander", ("bm1", "a"), case="een-andere-casus")
    answers = A.read_cohort(tmp_path, "klas1")

    summary = P.case_paths(case, answers)
    assert summary.paths == {
        zorg_path: 2,
        (("bm1", "a"), ("bm2-melding", "a")): 1,
        (("bm1", "c"),): 1,
    }
    assert summary.endings == {"herstel": 2, "proces": 1, None: 1}
    assert summary.edges[("bm1", "b")] == 2 and summary.edges[("bm1", "a")] == 1
    assert summary.edges[("bm3", "c")] == 0  # merel's earlier attempt is not her latest
    assert summary.several == ["merel"]
    assert summary.misfits == 1

    html = P.cohort_paths_html(answers, [case])
    assert "bm1:B → bm2-zorg:B" in html and "Terug in de klas" in html
    assert "Meer dan één pad geprobeerd: merel." in html
    assert "nog onderweg" in html and "lr-graph" in html
    assert "1 antwoord(en) passen niet meer" in html


def test_names_are_escaped_and_cases_without_answers_are_left_out(tmp_path: Path) -> None:
    case = make_graph_case()
    assert P.cohort_paths_html([], [case]) == ""
    summary = P.CasePaths(case, attempts={"<b>x</b>": 2, "y": 1})
    html = P.case_paths_html(summary)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
