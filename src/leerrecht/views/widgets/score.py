"""A live quiz score, "13 van 14 goed": :class:`QuizScoreBoard`.

The count starts from the trainee's saved answers (so it is the same after a reload or on a
new kernel) and follows every quiz question it is given with :meth:`QuizScoreBoard.follow`:
each answer updates it at once. Only the latest answer to a question counts. When answers
are not saved (no trainee, or a folder that cannot be written) the answers of this session
still count, so the trainee always sees where they stand.
"""

from __future__ import annotations

from collections.abc import Sequence

from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.answers import AnswerStore, QuizScore, quiz_results, quiz_score
from leerrecht.views.htmlparts import esc
from leerrecht.views.widgets.base import Exercise, html_widget, open_live_note
from leerrecht.views.widgets.quiz import QuizQuestion

SCORE_TEXT = Strings.load("views/widgets/score", "score_text")


class QuizScoreBoard(Exercise):
    """How many of ``questions`` the trainee has answered rightly, updated with each answer."""

    def __init__(
        self, questions: Sequence[str], store: AnswerStore | None = None, *, taal: str = "nl"
    ):
        self.questions = tuple(dict.fromkeys(questions))
        self.store = store
        self.taal = check_taal(taal)
        self._session: dict[str, bool] = {}  # answers given in this session (newest)
        self.widget = html_widget("", "lr-score")
        self.refresh()

    def follow(self, question: QuizQuestion) -> QuizQuestion:
        """Count ``question`` from now on; returns it, so ``display(score.follow(q))`` works."""
        if question.id not in self.questions:
            raise ValueError(f"quiz question {question.id!r} is not one of this score's")
        question.on_answer(self._answered)
        return question

    def _answered(self, question_id: str, right: bool) -> None:
        self._session[question_id] = right
        self.refresh()

    def score(self) -> QuizScore:
        """The count from the saved answers, with this session's answers on top."""
        saved = self.store.history() if self.store is not None else []
        results = quiz_results(saved, self.questions)
        results.update(self._session)
        return quiz_score(results, self.questions)

    def refresh(self) -> None:
        self.widget.value = self._html(self.score())

    def _html(self, score: QuizScore) -> str:
        t = self.taal
        if score.answered == 0:
            line = f"<strong>{esc(SCORE_TEXT('score_none', t))}</strong>"
        else:
            line = (
                f'<strong class="lr-score-count">'
                f"{esc(SCORE_TEXT('score', t, correct=score.correct, total=score.total))}"
                f"</strong> · "
                f"{esc(SCORE_TEXT('score_answered', t, answered=score.answered, total=score.total))}"
            )
        retry = (
            f"<br><small>{esc(SCORE_TEXT('score_retry', t))}</small>"
            if score.correct < score.answered
            else ""
        )
        # A bar: right answers filled, answered-but-wrong lighter, the rest empty.
        total = max(score.total, 1)
        right, wrong = 100 * score.correct / total, 100 * (score.answered - score.correct) / total
        bar = (
            '<div aria-hidden="true" style="display:flex;height:0.6em;max-width:24em;'
            'background:#eee;border-radius:0.3em;overflow:hidden;margin-top:0.3em">'
            f'<div style="width:{right:.1f}%;background:#009E73"></div>'
            f'<div style="width:{wrong:.1f}%;background:#E69F00"></div></div>'
        )
        return (
            f'<div class="lr-score-body" role="status" aria-live="polite" '
            f'style="border-left:4px solid #0072B2;padding-left:0.6em">'
            f"<p>{esc(SCORE_TEXT('score_title', t))}: {line}{retry}</p>{bar}</div>"
        )

    def fallback_html(self) -> str:
        note = open_live_note(SCORE_TEXT("score_static", self.taal))
        return f'<div class="lr-static lr-score">{note}</div>'

    def fallback_text(self) -> str:
        return SCORE_TEXT("score_static", self.taal)
