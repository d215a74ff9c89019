"""The answer store: append-only lines, locking, damaged lines, identity, folders."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from leerrecht.core.errors import UserError
from leerrecht.domain import answers as A

WRITERS = 8
PER_WRITER = 200


def _write_many(folder: str, writer: int) -> None:
    store = A.AnswerStore(folder, "klas1", "samen", notebook="02_casus", case="isk-nieuwkomer")
    for i in range(PER_WRITER):
        saved = store.record(f"w{writer}-q{i}", "beslissing", option="a", approach="zorg")
        assert saved is not None, store.problem


@pytest.mark.slow  # ~3 s on an idle 2-core machine, more when it is shared
def test_eight_concurrent_processes_lose_nothing(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_write_many, args=(str(tmp_path), w)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * WRITERS
    path = tmp_path / "klas1" / "samen.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == WRITERS * PER_WRITER
    parsed = [json.loads(line) for line in lines]  # every line is whole, valid JSON
    assert {p["question"] for p in parsed} == {
        f"w{w}-q{i}" for w in range(WRITERS) for i in range(PER_WRITER)
    }
    # Each writer's own answers stay in the order it wrote them.
    for w in range(WRITERS):
        mine = [
            int(p["question"].split("-q")[1]) for p in parsed if p["question"].startswith(f"w{w}-")
        ]
        assert mine == list(range(PER_WRITER))


def test_record_appends_and_latest_restores(tmp_path: Path) -> None:
    store = A.AnswerStore(tmp_path, "klas1", "uil-07", notebook="02_casus", case="c1")
    store.record("bm1", "beslissing", option="a", approach="handhaving")
    first = (tmp_path / "klas1" / "uil-07.jsonl").read_bytes()
    store.record("bm1", "beslissing", option="b", approach="zorg")
    assert store.check() is True and store.problem is None
    store.record("r1", "reflectie", text="Eerst praten.")
    data = (tmp_path / "klas1" / "uil-07.jsonl").read_bytes()
    assert data.startswith(first)  # appended, never rewritten
    assert store.latest("bm1").option == "b"
    assert store.latest("r1").text == "Eerst praten."
    assert store.latest("bm2") is None
    # Answers for another case or notebook do not leak into this one.
    other = A.AnswerStore(tmp_path, "klas1", "uil-07", notebook="02_casus", case="c2")
    assert other.latest("bm1") is None
    assert [a.option for a in store.history() if a.question == "bm1"] == ["a", "b"]


def test_corrupt_line_is_skipped_with_warning(tmp_path: Path) -> None:
    store = A.AnswerStore(tmp_path, "klas1", "vos", notebook="01", case="")
    store.record("q1", "quiz", option="a", correct=True)
    path = store.path
    with open(path, "ab") as fh:
        fh.write(b'{"time": "x", "half a line\n')
        fh.write(b'["not", "an", "object"]\n')
        fh.write(b"\xff\xfe not utf-8\n")
    store.record("q2", "quiz", option="c", correct=False)
    with pytest.warns(UserWarning) as caught:
        answers = A.read_answers(path)
    assert [a.question for a in answers] == ["q1", "q2"]
    messages = [str(w.message) for w in caught]
    assert len(messages) == 3
    assert all("skipped a damaged answer line" in m for m in messages)
    assert [m.split("vos.jsonl:")[1].split(":")[0] for m in messages] == ["2", "3", "4"]


def test_line_cut_short_does_not_swallow_next_answer(tmp_path: Path) -> None:
    store = A.AnswerStore(tmp_path, "klas1", "vos", notebook="01")
    store.record("q1", "quiz", option="a")
    with open(store.path, "ab") as fh:
        fh.write(b'{"time": "2026-')  # a crash mid-line: no newline at the end
    store.record("q2", "quiz", option="b")
    with pytest.warns(UserWarning):
        answers = A.read_answers(store.path)
    assert [a.question for a in answers] == ["q1", "q2"]


def test_unknown_kind_or_approach_in_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    good = A.Answer("t", "k", "p", "nb", "c", "q", "quiz").to_line()
    bad = json.loads(good) | {"approach": "straf"}
    path.write_text(good + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="unknown approach"):
        assert len(A.read_answers(path)) == 1


def test_unwritable_folder_gives_dutch_message_not_exception(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("in the way")  # a file where the folder should be (fails even as root)
    store = A.AnswerStore(blocker / "answers", "klas1", "uil", notebook="02_casus")
    assert store.check() is False and "niet beschrijfbaar" in store.problem
    assert store.record("bm1", "beslissing", option="a") is None
    assert "niet beschrijfbaar" in store.problem
    assert "meld dit aan je trainer" in store.status()
    assert store.latest("bm1") is None
    en = A.AnswerStore(blocker / "answers", "klas1", "uil", notebook="02_casus", taal="en")
    en.record("bm1", "beslissing")
    assert "not writable" in en.problem


def test_no_trainee_means_not_saved_and_said_kindly(tmp_path: Path) -> None:
    store = A.AnswerStore(tmp_path, "klas1", None, notebook="02_casus")
    assert not store.enabled and store.check() is False
    assert store.record("bm1", "beslissing", option="a") is None
    assert "niet bewaard" in store.status()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["../etc", "..", ".verborgen", "a/b", "a\\b", "", "x" * 65, "naam met spatie", "é"]
)
def test_unsafe_pseudonyms_are_refused(name: str) -> None:
    assert not A.is_valid_pseudonym(name)
    with pytest.raises(UserError):
        A.answers_file("/tmp", "klas1", name)


def test_free_text_round_trips_unchanged(tmp_path: Path) -> None:
    # Stored as given (escaping happens where it is shown), including HTML and newlines.
    text = '<script>alert("x")</script>\nregel 2 & "quotes"'
    store = A.AnswerStore(tmp_path, "klas1", "vos", notebook="02_casus")
    store.record("r1", "reflectie", text=text)
    assert store.path.read_text(encoding="utf-8").count("\n") == 1
    assert store.latest("r1").text == text


def test_read_cohort_reads_every_trainee(tmp_path: Path) -> None:
    for name in ("a1", "b2"):
        A.AnswerStore(tmp_path, "klas1", name, notebook="nb").record("q", "quiz", option="a")
    (tmp_path / "klas1" / "notes.txt").write_text("ignored")
    got = A.read_cohort(tmp_path, "klas1")
    assert sorted(a.trainee for a in got) == ["a1", "b2"]
    assert A.read_cohort(tmp_path, "leeg") == []
