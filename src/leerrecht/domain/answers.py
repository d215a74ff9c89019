"""The answer store: trainees' answers as append-only JSON lines.

One file per trainee: ``<answers_dir>/<cohort>/<trainee>.jsonl``. Every answer is one JSON
object on one line, appended under a file lock, flushed and fsync'd; a file is never
rewritten in place, so a whole class answering at once loses nothing and a crash loses at
most the line being written. Reading skips a damaged line with a warning and keeps the rest.

Who is answering is resolved by the notebook runtime (:mod:`leerrecht.notebook`); with no
trainee, answers are not saved (the notebook says so). Pseudonyms only: names are checked to
be a safe slug so they can never point outside the answers folder.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from leerrecht.core import vocab
from leerrecht.core.errors import UserError
from leerrecht.core.i18n import Strings

KINDS = ("beslissing", "quiz", "reflectie", "standpunt")  # standpunt: 08_leerrecht stances
APPROACHES = vocab.AANPAKKEN


MESSAGES = Strings.load("domain/answers", "messages")


@dataclass(frozen=True)
class Answer:
    """One answer as stored on one line."""

    time: str
    cohort: str
    trainee: str
    notebook: str
    case: str
    question: str
    kind: str
    option: str | None = None
    approach: str | None = None
    text: str | None = None
    correct: bool | None = None

    def to_line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Answer:
        """Build from a parsed line; raise ValueError if required fields are wrong."""
        required = ("time", "cohort", "trainee", "notebook", "case", "question", "kind")
        for key in required:
            if not isinstance(data.get(key), str):
                raise ValueError(f"field {key!r} missing or not text")
        if data["kind"] not in KINDS:
            raise ValueError(f"unknown kind {data['kind']!r}")
        approach = data.get("approach")
        if approach is not None and approach not in APPROACHES:
            raise ValueError(f"unknown approach {approach!r}")
        for key in ("option", "text"):
            if data.get(key) is not None and not isinstance(data.get(key), str):
                raise ValueError(f"field {key!r} is not text")
        correct = data.get("correct")
        if correct is not None and not isinstance(correct, bool):
            raise ValueError("field 'correct' is not true/false")
        known = {f: data.get(f) for f in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


def now_iso() -> str:
    """The current time in UTC, ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def is_valid_pseudonym(name: str) -> bool:
    """True for a safe slug (no path separators, no leading dot, at most 64 characters)."""
    return vocab.is_pseudonym(name)


def check_pseudonym(name: str, field: str = "trainee") -> str:
    """Return ``name`` if it is a safe pseudonym, else raise :class:`UserError`."""
    if not is_valid_pseudonym(name):
        raise UserError.single(
            f"{name!r} is not a valid pseudonym",
            field=field,
            hint=vocab.PSEUDONYM_HINT,
        )
    return name


def answers_file(answers_dir: str | Path, cohort: str, trainee: str) -> Path:
    """``<answers_dir>/<cohort>/<trainee>.jsonl`` (both names checked)."""
    check_pseudonym(cohort, field="cohort")
    check_pseudonym(trainee, field="trainee")
    return Path(answers_dir) / cohort / f"{trainee}.jsonl"


def append_answer(path: str | Path, answer: Answer, timeout: float = 30.0) -> None:
    """Append one answer under a file lock, then flush and fsync.

    Raises OSError if the folder or file cannot be written.
    """
    from filelock import FileLock

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = answer.to_line().encode("utf-8")
    with FileLock(str(path) + ".lock", timeout=timeout), open(path, "a+b") as handle:
        # A line cut short by a crash must not swallow this answer: start on a new line.
        size = handle.seek(0, os.SEEK_END)
        if size:
            handle.seek(size - 1)
            if handle.read(1) != b"\n":
                line = b"\n" + line
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def read_answers(path: str | Path) -> list[Answer]:
    """All valid answers in one file, in the order written; damaged lines are skipped.

    A missing file gives an empty list. Each skipped line raises a warning naming it.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    answers: list[Answer] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            answers.append(Answer.from_mapping(data))
        except (ValueError, UnicodeDecodeError) as exc:
            warnings.warn(f"{path}:{number}: skipped a damaged answer line ({exc})", stacklevel=2)
    return answers


def read_cohort(answers_dir: str | Path, cohort: str) -> list[Answer]:
    """Every trainee's answers in one cohort (files sorted by name, lines in order).

    Only lines whose trainee is the file's owner and whose cohort is this one count.
    """
    folder = Path(answers_dir) / check_pseudonym(cohort, field="cohort")
    if not folder.is_dir():
        return []
    answers: list[Answer] = []
    for path in sorted(folder.glob("*.jsonl")):
        for answer in read_answers(path):
            # A trainee can write their own file: a line there in another's name is forged.
            if answer.trainee != path.stem or answer.cohort != cohort:
                warnings.warn(
                    f"{path}: skipped an answer claiming {answer.trainee}/{answer.cohort}",
                    stacklevel=2,
                )
                continue
            answers.append(answer)
    return answers


def latest_per_question(answers: Iterable[Answer]) -> dict[tuple[str, str, str], Answer]:
    """The last answer per (notebook, case, question); later lines win."""
    latest: dict[tuple[str, str, str], Answer] = {}
    for answer in answers:
        latest[(answer.notebook, answer.case, answer.question)] = answer
    return latest


@dataclass(frozen=True)
class QuizScore:
    """How many of a set of quiz questions are answered, and how many of those rightly."""

    correct: int
    answered: int
    total: int


def quiz_results(answers: Iterable[Answer], questions: Iterable[str]) -> dict[str, bool]:
    """Whether the latest quiz answer to each of ``questions`` was right (unanswered: absent).

    Only the trainee's last answer to a question counts, so changing an answer changes the
    score; answers to other questions and other kinds are ignored."""
    wanted = set(questions)
    results: dict[str, bool] = {}
    for answer in answers:
        if answer.kind == "quiz" and answer.question in wanted:
            results[answer.question] = answer.correct is True
    return results


def quiz_score(results: Mapping[str, bool], questions: Iterable[str]) -> QuizScore:
    """Count ``results`` (question → right?) over ``questions``."""
    asked = list(dict.fromkeys(questions))
    counted = [results[q] for q in asked if q in results]
    return QuizScore(correct=sum(counted), answered=len(counted), total=len(asked))


class AnswerStore:
    """One trainee's answers for one notebook (and case), as used by the exercise widgets.

    Never raises while a trainee works: when answers cannot be saved, :attr:`problem`
    holds a kind Dutch (or English) message that the widgets show instead.
    """

    def __init__(
        self,
        answers_dir: str | Path,
        cohort: str,
        trainee: str | None,
        *,
        notebook: str,
        case: str = "",
        taal: str = "nl",
    ):
        self.answers_dir = Path(answers_dir)
        self.cohort = check_pseudonym(cohort, field="cohort")
        self.trainee = check_pseudonym(trainee) if trainee else None
        self.notebook = notebook
        self.case = case
        self.taal = taal
        self.problem: str | None = None if self.trainee else MESSAGES("no_trainee", taal)

    @property
    def enabled(self) -> bool:
        return self.trainee is not None

    @property
    def path(self) -> Path | None:
        if self.trainee is None:
            return None
        return answers_file(self.answers_dir, self.cohort, self.trainee)

    def status(self) -> str:
        """One line for the notebook: where answers go, or why they are not saved."""
        if self.problem:
            return self.problem
        return MESSAGES("saving_to", self.taal, trainee=self.trainee, cohort=self.cohort)

    def check(self) -> bool:
        """Try to open the answers file for appending (writes nothing); on failure set
        :attr:`problem`, so a notebook can say so before the trainee starts answering."""
        path = self.path
        if path is None:
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "ab"):
                pass
        except OSError:
            self.problem = MESSAGES("unwritable", self.taal, folder=str(path.parent))
            return False
        return True

    def record(
        self,
        question: str,
        kind: str,
        *,
        option: str | None = None,
        approach: str | None = None,
        text: str | None = None,
        correct: bool | None = None,
    ) -> Answer | None:
        """Append one answer; return it, or None (with :attr:`problem` set) if not saved."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        if self.trainee is None:
            return None
        answer = Answer(
            time=now_iso(),
            cohort=self.cohort,
            trainee=self.trainee,
            notebook=self.notebook,
            case=self.case,
            question=question,
            kind=kind,
            option=option,
            approach=approach,
            text=text,
            correct=correct,
        )
        path = self.path
        assert path is not None
        try:
            append_answer(path, answer)
        except OSError:
            # A folder that cannot be written must not become a traceback for a trainee.
            self.problem = MESSAGES("unwritable", self.taal, folder=str(path.parent))
            return None
        self.problem = None
        return answer

    def history(self) -> list[Answer]:
        """This trainee's answers for this notebook and case, oldest first."""
        path = self.path
        if path is None:
            return []
        try:
            answers = read_answers(path)
        except OSError:
            return []
        return [a for a in answers if a.notebook == self.notebook and a.case == self.case]

    def latest(self, question: str) -> Answer | None:
        """The trainee's most recent answer to ``question`` (for restoring a widget)."""
        found = None
        for answer in self.history():
            if answer.question == question:
                found = answer
        return found
