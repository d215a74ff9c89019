"""Exercise widgets driven from Python: choose, reconsider, restore, save, labels, escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.case_fixture import make_case

from leerrecht.domain import answers as A
from leerrecht.views.widgets import base, calculator, decision, quiz, reflection, summary, timeline


@pytest.fixture
def case():
    return make_case()


def store(folder: Path, trainee: str | None = "uil", taal: str = "nl") -> A.AnswerStore:
    return A.AnswerStore(folder, "klas1", trainee, notebook="02_casus", case="testcasus", taal=taal)


def test_choose_shows_feedback_and_records(tmp_path: Path, case) -> None:
    s = store(tmp_path)
    dp = decision.DecisionPoint(case.beslismomenten[0], s, number=1)
    assert dp.feedback.value == ""
    dp.buttons["b"].click()  # exactly what a mouse click or Enter/Space does
    fb = dp.feedback.value
    assert "Je koos B" in fb and "zorg" in fb
    assert "Grondslag:</strong> Grond b" in fb
    assert "Wat er vaak op volgt:</strong> Gevolg b" in fb
    assert "&lt;b&gt;niet vet&lt;/b&gt;" in fb and "<b>niet vet</b>" not in fb
    assert dp.buttons["b"].button_style == "info" and "lr-chosen" in dp.buttons["b"]._dom_classes
    saved = A.read_answers(s.path)
    assert [(a.question, a.option, a.approach, a.kind) for a in saved] == [
        ("bm1", "b", "zorg", "beslissing")
    ]
    assert saved[0].case == "testcasus" and saved[0].notebook == "02_casus"


def test_reconsider_is_recorded_and_said(tmp_path: Path, case) -> None:
    s = store(tmp_path)
    dp = decision.DecisionPoint(case.beslismomenten[0], s)
    dp.choose("a")
    dp.choose("c")
    assert "herzien (eerder: A)" in dp.feedback.value
    assert "lr-chosen" not in dp.buttons["a"]._dom_classes
    assert [a.option for a in A.read_answers(s.path)] == ["a", "c"]


def test_restore_latest_choice_when_reopened(tmp_path: Path, case) -> None:
    s = store(tmp_path)
    first = decision.DecisionPoint(case.beslismomenten[1], s)
    first.choose("a")
    first.choose("b")
    again = decision.DecisionPoint(case.beslismomenten[1], store(tmp_path))
    assert again.current == base.Choice("b", "zorg", restored=True)
    assert "eerder bewaarde keuze" in again.feedback.value
    assert again.buttons["b"].button_style == "info"
    other = decision.DecisionPoint(case.beslismomenten[2], store(tmp_path))
    assert other.current is None and other.feedback.value == ""


def test_english_labels(tmp_path: Path, case) -> None:
    dp = decision.DecisionPoint(
        case.beslismomenten[0], store(tmp_path, taal="en"), taal="en", number=1
    )
    assert [b.description for b in dp.buttons.values()] == ["Choose A", "Choose B", "Choose C"]
    dp.choose("a")
    assert "You chose A" in dp.feedback.value and "enforcement" in dp.feedback.value
    nl = decision.DecisionPoint(case.beslismomenten[0], None)
    assert [b.description for b in nl.buttons.values()] == ["Kies A", "Kies B", "Kies C"]
    with pytest.raises(ValueError):
        decision.DecisionPoint(case.beslismomenten[0], None, taal="de")


def test_css_classes_for_browser_tests(tmp_path: Path, case) -> None:
    dp = decision.DecisionPoint(case.beslismomenten[0], store(tmp_path))
    assert {"lr-decision", "lr-decision-bm1"} <= set(dp.widget._dom_classes)
    assert all("lr-option" in b._dom_classes for b in dp.buttons.values())
    assert "lr-option-c" in dp.buttons["c"]._dom_classes
    assert "lr-feedback" in dp.feedback._dom_classes
    r = reflection.Reflection("r1", "Vraag?", store(tmp_path))
    assert "lr-reflection" in r.textarea._dom_classes and "lr-save" in r.save_button._dom_classes


def test_without_trainee_feedback_still_works_and_notice_shown(tmp_path: Path, case) -> None:
    dp = decision.DecisionPoint(case.beslismomenten[0], store(tmp_path, trainee=None))
    assert "niet bewaard" in dp.status.value
    dp.choose("b")
    assert "Je koos B" in dp.feedback.value
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_message_in_widget(tmp_path: Path, case) -> None:
    blocker = tmp_path / "f"
    blocker.write_text("x")
    dp = decision.DecisionPoint(
        case.beslismomenten[0], A.AnswerStore(blocker, "k", "uil", notebook="n")
    )
    dp.choose("a")  # must not raise
    assert "Je koos A" in dp.feedback.value
    assert "niet beschrijfbaar" in dp.status.value


def test_reflection_saves_escapes_and_restores(tmp_path: Path) -> None:
    s = store(tmp_path)
    r = reflection.Reflection("r1", "Wat vond je <i>echt</i>?", s)
    assert "&lt;i&gt;echt&lt;/i&gt;" in r.widget.children[0].value
    r.save_button.click()
    assert "Schrijf eerst" in r.message.value and not s.path.exists()
    r.textarea.value = '<script>alert("x")</script>\nTweede regel'
    r.save_button.click()
    assert "<script>" not in r.message.value
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Tweede regel" in r.message.value
    again = reflection.Reflection("r1", "Wat vond je?", store(tmp_path))
    assert again.textarea.value == '<script>alert("x")</script>\nTweede regel'
    assert "<script>" not in again.message.value
    # the restored text is shown once (in the box), not a second time as a quote
    assert "blockquote" not in again.message.value and "eerder opgeslagen" in again.message.value


def test_quiz_feedback_source_and_restore(tmp_path: Path) -> None:
    opties = [
        quiz.QuizOption("a", "16 uur in 4 schoolweken", True, "Dat is de meldgrens."),
        quiz.QuizOption("b", "3 dagen", False, "Dat was de oude regel."),
    ]
    q = quiz.QuizQuestion(
        "q1",
        "Wanneer melden?",
        opties,
        bron="Inspectie",
        bron_url="https://x.invalid/",
        store=store(tmp_path),
    )
    q.buttons["b"].click()
    assert "Niet helemaal." in q.feedback.value and "oude regel" in q.feedback.value
    assert 'href="https://x.invalid/"' in q.feedback.value
    q.buttons["a"].click()
    assert "Goed!" in q.feedback.value
    saved = A.read_answers(store(tmp_path).path)
    assert [(a.option, a.correct, a.kind) for a in saved] == [
        ("b", False, "quiz"),
        ("a", True, "quiz"),
    ]
    again = quiz.QuizQuestion(
        "q1", "Wanneer melden?", opties, bron="Inspectie", store=store(tmp_path)
    )
    assert "Goed!" in again.feedback.value and again.buttons["a"].button_style == "success"
    with pytest.raises(ValueError, match="no correct option"):
        quiz.QuizQuestion("q2", "?", opties[1:], bron="x")


def test_static_fallback_is_readable_not_a_widget_repr(tmp_path: Path, case) -> None:
    dp = decision.DecisionPoint(case.beslismomenten[0], store(tmp_path), number=1)
    bundle = dp._repr_mimebundle_()
    assert base.WIDGET_VIEW in bundle
    assert "VBox" not in bundle["text/plain"] and "Vraag 1?" in bundle["text/plain"]
    assert (
        "Optie a (handhaving)" in bundle["text/html"] and "Open het notebook" in bundle["text/html"]
    )
    r = reflection.Reflection("r1", "<b>Vraag</b>", store(tmp_path))
    assert "&lt;b&gt;Vraag&lt;/b&gt;" in r._repr_mimebundle_()["text/html"]


def test_summary_follows_choices(tmp_path: Path, case) -> None:
    dps = [decision.DecisionPoint(bm, store(tmp_path)) for bm in case.beslismomenten]
    overview = summary.ChoiceSummary(dps)
    assert "<td>0</td>" in overview.view.value
    assert "nog geen keuzes" in overview.view.value
    dps[0].choose("a")
    dps[1].choose("b")
    dps[1].choose("c")
    assert overview.counts() == {"handhaving": 1, "zorg": 0, "samenwerking": 1}
    assert "Handhaving: 1 · zorg: 0 · samenwerking: 1" in overview.view.value
    assert "nog niet gekozen" in overview.view.value  # bm3


def test_timeline_marks_report_week(case) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    fig = timeline.timeline_figure(case)
    ax = fig.axes[0]
    line = next(ln for ln in ax.get_lines() if ln.get_marker() == "o")
    # week 1: 6, week 2: 6 (ziek does not count), week 3: 6+10 = 16 (te laat not counted)
    # → report, then a new window.
    assert list(line.get_ydata()) == [6.0, 6.0, 16.0, 0.0, 0.0, 0.0]
    labels = ax.get_legend_handles_labels()[1]
    assert "meldgrens: 16 uur" in labels and "melding aan DUO nodig" in labels
    assert ax.get_xlabel() == "schoolweek"
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_meldplicht_calculator_widget() -> None:
    import datetime as dt

    calc = calculator.MeldplichtCalculator("4, 6, 3, 5", start=dt.date(2026, 9, 7))
    assert "schoolweek 4" in calc.result.value and "vrijdag 9 oktober 2026" in calc.result.value
    calc.hours.value = "4, x"
    calc.button.click()
    assert "&#x27;x&#x27; is geen geldig aantal uren" in calc.result.value
    calc.hours.value = "1, 1"
    calc.button.click()
    assert "Geen melding nodig" in calc.result.value
    calc.start.value = dt.date(2026, 10, 17)  # a Saturday
    calc.button.click()
    assert "kies als eerste dag een schooldag" in calc.result.value
    # one language: no English message from the calendar leaks into the Dutch sentence
    assert not any(w in calc.result.value for w in (" is not ", " the ", "school day"))
    calc.start.value = dt.date(2026, 9, 7)
    calc.hours.value = "10, 10"
    calc.button.click()
    assert "onverwijld" in calc.result.value and "binnen 5 werkdagen" not in calc.result.value


def test_every_quiz_has_one_right_answer_and_a_source(tmp_path: Path) -> None:
    from leerrecht.views.quizzes import QUIZZES, quiz

    assert len(QUIZZES) >= 10
    for qid, spec in QUIZZES.items():
        assert sum(o.juist for o in spec.opties) == 1, qid
        assert spec.bron_url.startswith("https://"), qid
        assert "5a" not in spec.vraag.replace("art. 5a", "")  # "5 onder a", never bare "5a"
    q = quiz("meldplicht-termijn", store(tmp_path))
    right = next(o.id for o in q.options if o.juist)
    q.buttons[right].click()
    assert "Goed!" in q.feedback.value and "onderwijsinspectie.nl" in q.feedback.value


# --- the walk through a branching case (issue 13) ----------------------------------------


def _walk_store(tmp_path: Path, case):
    from leerrecht.domain.answers import AnswerStore

    return AnswerStore(tmp_path, "c", "t1", notebook="02_casus", case=case.id)


def _texts(cw) -> str:
    """Every HTML text that is on the page now (widget tree, depth first)."""
    found, todo = [], [cw.widget]
    while todo:
        widget = todo.pop()
        found.append(
            getattr(widget, "value", "") if isinstance(getattr(widget, "value", ""), str) else ""
        )
        todo.extend(getattr(widget, "children", ()))
    return " ".join(found)


def test_walk_shows_only_what_was_reached_and_restores(tmp_path: Path) -> None:
    from support.case_fixture import make_graph_case

    from leerrecht.views.widgets.walk import CaseWalk

    case = make_graph_case()
    st = _walk_store(tmp_path, case)
    cw = CaseWalk(case, st)
    page = _texts(cw)
    assert "Situatie start" in page and "Beslismoment 1 van ten minste 2" in page
    for later in ("Situatie na de melding", "Situatie na het gesprek", "Debrief", "Situatie laat"):
        assert later not in page
    cw.choose("b")  # zorg first
    page = _texts(cw)
    assert "Situatie na het gesprek" in page and "Situatie na de melding" not in page
    assert "Gevolg b" in page and "Grond b" in page  # consequence and ground of the choice
    assert "&lt;b&gt;niet vet&lt;/b&gt;" in page  # case text escaped
    cw.choose("a")
    assert "Beslismoment 3 van ten minste 3" in _texts(cw)
    cw.choose("b")
    page = _texts(cw)
    assert cw.walk.done and "Terug in de klas" in page and "Debrief herstel" in page
    assert "lr-path-map" in page and "Einde bereikt na 3 beslismomenten" in page
    # another path from the start; every attempt is appended
    cw.restart_at("bm1")
    assert "Situatie na het gesprek" not in _texts(cw)
    cw.choose("a")
    lines = [(a.question, a.option) for a in st.history()]
    assert lines == [("bm1", "b"), ("bm2-zorg", "a"), ("bm3", "b"), ("bm1", "a")]
    # a fresh kernel is back where the trainee was (the latest attempt)
    again = CaseWalk(case, st)
    assert [s.node.id for s in again.walk.steps] == ["bm1"]
    assert again.walk.current.id == "bm2-melding" and len(again.walk.attempts) == 1
    assert "eerder bewaarde keuze" in _texts(again)


def test_walk_static_sheet_shows_first_decision_only(tmp_path: Path) -> None:
    from support.case_fixture import make_graph_case

    from leerrecht.views.widgets.walk import CaseWalk

    html = CaseWalk(make_graph_case(), None, chart=False).fallback_html()
    assert "Situatie start" in html and "Optie a (handhaving)" in html
    assert "Situatie na" not in html and "JupyterLab" not in html
    assert "lr-sheet" in html


def test_walk_old_answer_lines_become_history(tmp_path: Path) -> None:
    from support.case_fixture import make_graph_case

    from leerrecht.views.widgets.walk import CaseWalk

    case = make_graph_case()
    st = _walk_store(tmp_path, case)
    st.record("bm2", "beslissing", option="b", approach="zorg")  # the old linear id
    st.record("bm1", "beslissing", option="c", approach="samenwerking")
    cw = CaseWalk(case, st, chart=False)
    assert cw.walk.current.id == "bm2-zorg"
    assert "bm2 → b" in cw.history.value


def test_times_chosen_counts_every_saved_choice(tmp_path: Path, case) -> None:
    st = store(tmp_path)
    first = decision.DecisionPoint(case.beslismomenten[0], st)
    first.choose("a")
    first.choose("b")
    first.choose("b")
    again = decision.DecisionPoint(case.beslismomenten[0], st)  # a new kernel
    assert len(again.choices) == 3 and again.current.option == "b"
    assert "<td>3</td>" in summary.ChoiceSummary([again]).view.value
