"""The quiz score ("13 van 14 goed"): counts right, wrong, changed and restored answers."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from leerrecht.domain import answers as A
from leerrecht.views import quizzes
from leerrecht.views.widgets.score import QuizScoreBoard

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_leerplichtwet.ipynb"


def _store(folder: Path, trainee: str | None = "uil", taal: str = "nl") -> A.AnswerStore:
    return A.AnswerStore(folder, "klas1", trainee, notebook="01_leerplichtwet", taal=taal)


def _right(qid: str) -> str:
    return next(o.id for o in quizzes.QUIZZES[qid].opties if o.juist)


def _wrong(qid: str) -> str:
    return next(o.id for o in quizzes.QUIZZES[qid].opties if not o.juist)


def _line(board: QuizScoreBoard) -> str:
    return re.sub(r"<[^>]+>", "", board.widget.value)


def test_right_and_wrong_answers_count_live(tmp_path: Path) -> None:
    store = _store(tmp_path)
    board = quizzes.score_board(store)
    assert "nog geen vragen beantwoord" in _line(board)
    first = quizzes.quiz("verzuim-absoluut", store, score=board)
    second = quizzes.quiz("verzuim-lrv", store, score=board)
    first.buttons[_right("verzuim-absoluut")].click()
    assert "1 van 14 goed" in _line(board) and "1 van 14 vragen beantwoord" in _line(board)
    second.choose(_wrong("verzuim-lrv"))
    assert board.score() == A.QuizScore(correct=1, answered=2, total=14)
    assert "1 van 14 goed" in _line(board) and "2 van 14 vragen beantwoord" in _line(board)


def test_changing_an_answer_changes_the_score(tmp_path: Path) -> None:
    store = _store(tmp_path)
    board = quizzes.score_board(store)
    q = quizzes.quiz("meldplicht-termijn", store, score=board)
    q.choose(_wrong("meldplicht-termijn"))
    assert board.score().correct == 0
    q.choose(_right("meldplicht-termijn"))
    assert board.score() == A.QuizScore(correct=1, answered=1, total=14)
    q.choose(_wrong("meldplicht-termijn"))  # the latest answer counts, also downwards
    assert board.score() == A.QuizScore(correct=0, answered=1, total=14)


def test_score_survives_a_reload(tmp_path: Path) -> None:
    store = _store(tmp_path)
    board = quizzes.score_board(store)
    for qid in ("verzuim-absoluut", "verzuim-lrv", "halt"):
        quizzes.quiz(qid, store, score=board).choose(_right(qid))
    quizzes.quiz("verlof-14", store, score=board).choose(_wrong("verlof-14"))
    changed = quizzes.quiz("mas-eerst", store, score=board)
    changed.choose(_right("mas-eerst"))
    changed.choose(_wrong("mas-eerst"))  # changed to wrong: the saved latest answer counts
    assert board.score() == A.QuizScore(correct=3, answered=5, total=14)
    # a new kernel: a fresh store and board read the saved answers
    again = quizzes.score_board(_store(tmp_path))
    assert again.score() == A.QuizScore(correct=3, answered=5, total=14)
    assert "3 van 14 goed" in _line(again)
    restored = quizzes.quiz("verlof-14", _store(tmp_path), score=again)
    assert restored.result is False
    restored.choose(_right("verlof-14"))
    assert "4 van 14 goed" in _line(again)


def test_without_a_trainee_this_sessions_answers_count(tmp_path: Path) -> None:
    store = _store(tmp_path, trainee=None)
    board = quizzes.score_board(store)
    quizzes.quiz("halt", store, score=board).choose(_right("halt"))
    assert board.score() == A.QuizScore(correct=1, answered=1, total=14)


def test_score_in_english(tmp_path: Path) -> None:
    store = _store(tmp_path, taal="en")
    board = quizzes.score_board(store, taal="en")
    quizzes.quiz("halt", store, taal="en", score=board).choose(_wrong("halt"))
    line = _line(board)
    assert "Your quiz score: 0 of 14 correct" in line and "1 of 14 questions answered" in line
    assert "goed" not in line


def test_wrong_answer_names_the_right_option_and_its_source(tmp_path: Path) -> None:
    q = quizzes.quiz("verzuim-absoluut", _store(tmp_path))
    q.choose("a")  # relatief verzuim: wrong
    fb = q.feedback.value
    assert "Het goede antwoord is</strong> B: Absoluut verzuim." in fb
    assert "DUO signaleert deze kinderen" in fb  # why the right answer is right
    assert "Bron: " in fb and quizzes.DUO_SOORTEN in fb
    q.choose("b")
    assert "Het goede antwoord is" not in q.feedback.value  # not repeated when right


def test_other_kinds_and_questions_do_not_count() -> None:
    def answer(question: str, kind: str, correct: bool | None) -> A.Answer:
        return A.Answer("t", "k", "uil", "01", "", question, kind, correct=correct)

    lines = [
        answer("halt", "quiz", True),
        answer("halt", "reflectie", None),  # not a quiz answer
        answer("elders", "quiz", True),  # not one of the questions
        answer("mas-eerst", "quiz", False),
        answer("mas-eerst", "quiz", True),
    ]
    results = A.quiz_results(lines, ["halt", "mas-eerst", "verlof-14"])
    assert results == {"halt": True, "mas-eerst": True}
    assert A.quiz_score(results, ["halt", "mas-eerst", "verlof-14"]) == A.QuizScore(2, 2, 3)


def test_a_board_only_follows_its_own_questions(tmp_path: Path) -> None:
    import pytest

    board = QuizScoreBoard(["halt"], _store(tmp_path))
    with pytest.raises(ValueError, match="verlof-14"):
        quizzes.quiz("verlof-14", _store(tmp_path), score=board)


def test_notebook_01_shows_every_question_and_counts_it() -> None:
    """The 14 in "13 van 14" are the questions 01 shows, each passed to the score."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    shown = re.findall(r'quiz\("([a-z0-9-]+)", opslag, taal, score\)', code)
    assert sorted(shown) == sorted(quizzes.QUIZZES)
    assert "score = score_board(opslag, taal)" in code and "display(score)" in code
