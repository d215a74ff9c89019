"""The cohort report on known answers: counts, changes, reflections escaped, zero answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.case_fixture import make_case

from leerrecht.domain import answers as A
from leerrecht.views import report as R


def write(folder: Path, trainee: str, *items: tuple) -> None:
    store = A.AnswerStore(folder, "klas1", trainee, notebook="02_casus", case="testcasus")
    for question, kind, option, approach, text in items:
        store.record(question, kind, option=option, approach=approach, text=text)


@pytest.fixture
def answers(tmp_path: Path) -> list[A.Answer]:
    # Three trainees; known choices. uil reconsiders bm1 (a → b); vos answers bm1 twice with
    # the same option; merel only bm2. Another case's answers must stay apart.
    write(
        tmp_path,
        "uil",
        ("bm1", "beslissing", "a", "handhaving", None),
        ("bm1", "beslissing", "b", "zorg", None),
        ("bm2", "beslissing", "c", "samenwerking", None),
        ("r1", "reflectie", None, None, "Eerst <script>alert(1)</script> praten"),
    )
    write(
        tmp_path,
        "vos",
        ("bm1", "beslissing", "b", "zorg", None),
        ("bm1", "beslissing", "b", "zorg", None),
        ("r1", "reflectie", None, None, "oud"),
        ("r1", "reflectie", None, None, "nieuw & beter"),
    )
    write(
        tmp_path,
        "merel",
        ("bm2", "beslissing", "a", "handhaving", None),
        ("q1", "quiz", "a", None, None),
    )
    other = A.AnswerStore(tmp_path, "klas1", "uil", notebook="02_casus", case="andere")
    other.record("bm1", "beslissing", option="a", approach="handhaving")
    return A.read_cohort(tmp_path, "klas1")


def test_counts_per_decision_point(answers) -> None:
    got = {(s.case, s.question): s for s in R.decisions(answers)}
    assert list(got) == [("andere", "bm1"), ("testcasus", "bm1"), ("testcasus", "bm2")]
    bm1 = got[("testcasus", "bm1")]
    assert bm1.trainees == 2
    assert bm1.counts("final") == {"handhaving": 0, "zorg": 2, "samenwerking": 0}
    assert bm1.counts("first") == {"handhaving": 1, "zorg": 1, "samenwerking": 0}
    assert bm1.changed == 1  # uil changed a → b; vos chose b twice
    assert dict(bm1.options) == {"b": 2}
    bm2 = got[("testcasus", "bm2")]
    assert bm2.counts("final") == {"handhaving": 1, "zorg": 0, "samenwerking": 1}
    assert got[("andere", "bm1")].counts("final")["handhaving"] == 1


def test_counts_shown_in_html_and_text(answers) -> None:
    summaries = R.decisions(answers)
    page = R.decisions_html(summaries, {("testcasus", "bm1"): "Wat <doe> je?"})
    assert '<td class="lr-count lr-count-zorg">2 <small>(eerste keuze: 1)</small></td>' in page
    assert "Wat &lt;doe&gt; je?" in page
    text = R.counts_text(summaries)
    assert "testcasus bm1: handhaving 0, zorg 2, samenwerking 0 (keuze herzien: 1/2)" in text
    assert "testcasus bm2: handhaving 1, zorg 0, samenwerking 1 (keuze herzien: 0/2)" in text
    assert R.summary_line("klas1", answers) == (
        "Cohort klas1: 3 deelnemers, 11 antwoorden, 3 beslismomenten, 2 reflecties."
    )


def test_reflections_latest_per_trainee_and_escaped(answers) -> None:
    found = R.reflections(answers)
    assert found == {
        ("testcasus", "r1"): [
            ("uil", "Eerst <script>alert(1)</script> praten"),
            ("vos", "nieuw & beter"),
        ]
    }
    page = R.reflections_html(found, {("testcasus", "r1"): "Wat vond je?"})
    assert "<script>" not in page
    assert "Eerst &lt;script&gt;alert(1)&lt;/script&gt; praten" in page
    assert "nieuw &amp; beter" in page and "oud" not in page


def test_zero_answers(tmp_path: Path) -> None:
    answers = A.read_cohort(tmp_path, "leeg")
    assert R.decisions(answers) == []
    assert R.summary_line("leeg", answers).startswith("Nog geen antwoorden voor cohort leeg")
    assert R.reflections_html(R.reflections(answers)) == "<p>Nog geen reflecties.</p>"
    assert "<tbody></tbody>" in R.decisions_html([])
    import matplotlib

    matplotlib.use("Agg", force=True)
    R.decisions_figure([])  # must not raise
    R.change_figure([])


def test_figures_show_the_counts(answers) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    summaries = R.decisions(answers)
    fig = R.decisions_figure(summaries, taal="en")
    ax = fig.axes[0]
    zorg = [p.get_width() for p in ax.containers[1]]  # handhaving, zorg, samenwerking
    assert zorg == [0, 2, 0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "enforcement",
        "care",
        "cooperation",
    ]
    change = R.change_figure(summaries)
    first_zorg, final_zorg = (p.get_width() for p in change.axes[0].containers[1])
    assert first_zorg == pytest.approx(1 / 5) and final_zorg == pytest.approx(2 / 5)


def test_questions_from_cases() -> None:
    q = R.questions_from_cases([make_case()])
    assert q[("testcasus", "bm2")] == "Vraag 2?" and q[("testcasus", "r1")] == "Wat vond je?"


@pytest.mark.slow  # runs the notebook in a kernel (~5-15 s)
def test_report_notebook_shows_known_counts(answers, tmp_path: Path) -> None:
    import papermill as pm

    from leerrecht.core import paths

    out = tmp_path / "rapport.ipynb"
    pm.execute_notebook(
        str(paths.NOTEBOOKS / "90_cohortrapport.ipynb"),
        str(out),
        parameters={"cohort": "klas1", "answers_dir": str(tmp_path)},
        kernel_name="python3",
        progress_bar=False,
    )
    import nbformat

    nb = nbformat.read(out, as_version=4)
    texts, pages = [], []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                texts.append(output.text)
            elif "text/html" in output.get("data", {}):
                pages.append(output.data["text/html"])
    stream = "".join(texts)
    assert "Rapport voor cohort klas1" in stream
    assert "testcasus bm1: handhaving 0, zorg 2, samenwerking 0 (keuze herzien: 1/2)" in stream
    html_out = "".join(pages)
    assert "Cohort klas1: 3 deelnemers, 11 antwoorden" in html_out
    assert '<td class="lr-count lr-count-zorg">2 <small>(eerste keuze: 1)</small></td>' in html_out
    assert "<script>alert(1)</script>" not in html_out
    assert "Eerst &lt;script&gt;alert(1)&lt;/script&gt; praten" in html_out
