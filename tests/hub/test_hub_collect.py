"""Collecting answers: only each trainee's own lines, merged so the trainer's copy never shrinks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leerrecht import hub
from leerrecht.cli import main
from leerrecht.domain.answers import Answer, read_cohort
from leerrecht.domain.cohort import Cohort

BASE = {
    "naam": "klas-a",
    "titel": "Klas A",
    "startdatum": "2026-09-07",
    "einddatum": "2026-12-14",
    "trainer": "trainer-a",
    "deelnemers": ["deelnemer-01", "deelnemer-02"],
    "notebooks": ["00_welkom"],
    "casussen": [],
}


def cohort(**changes) -> Cohort:
    return Cohort.model_validate({**BASE, **changes})


def answer_line(trainee: str, cohort_name: str = "klas-a", option: str = "a", q="bm1") -> str:
    return Answer(
        time="2026-09-07T10:00:00.000+00:00",
        cohort=cohort_name,
        trainee=trainee,
        notebook="02_casus",
        case="isk-nieuwkomer",
        question=q,
        kind="beslissing",
        option=option,
        approach="zorg",
    ).to_line()


def home_file(name: str) -> str:
    return f"{name}:answers/klas-a/{name}.jsonl"


class FakeHub:
    """Stands in for HubClient: the trainees' homes, some servers stopped."""

    def __init__(self, files: dict[str, str], running: set[str]):
        self.files = files
        self.running = set(running)
        self.calls: list[str] = []

    def server_ready(self, name: str) -> bool:
        return name in self.running

    def start(self, name: str) -> None:
        self.calls.append(f"start {name}")
        self.running.add(name)

    def stop(self, name: str) -> None:
        self.calls.append(f"stop {name}")
        self.running.discard(name)

    def file_text(self, name: str, path: str) -> str | None:
        assert name in self.running, "files are only readable from a running server"
        return self.files.get(f"{name}:{path}")


def options_in(path: Path) -> list[str]:
    return [json.loads(line)["option"] for line in path.read_text().splitlines()]


def test_owned_answers_refuses_lines_in_someone_elses_name_and_says_why():
    text = (
        answer_line("deelnemer-01")
        + answer_line("deelnemer-02")  # forged: written into 01's file
        + answer_line("deelnemer-01", cohort_name="andere-klas")
        + "{not json\n"
        + answer_line("deelnemer-01", option="b")
    )
    kept, skipped = hub.owned_answers(text, "klas-a", "deelnemer-01")
    assert [a.option for a in kept] == ["a", "b"]
    assert skipped == {
        "claims trainee deelnemer-02": 1,
        "other cohort andere-klas": 1,
        "damaged line": 1,
    }


def test_collect_merges_each_trainees_own_answers(tmp_path):
    files = {
        home_file("deelnemer-01"): answer_line("deelnemer-01") + answer_line("deelnemer-02"),
        home_file("deelnemer-02"): answer_line("deelnemer-02", option="c"),
    }
    fake = FakeHub(files, running={"deelnemer-01"})
    report = hub.collect_answers(cohort(), fake, tmp_path / "answers")
    assert {n: r.added for n, r in report.trainees.items()} == {
        "deelnemer-01": 1,
        "deelnemer-02": 1,
    }
    assert report.trainees["deelnemer-01"].skipped == {"claims trainee deelnemer-02": 1}
    assert fake.calls == ["start deelnemer-02", "stop deelnemer-02"]
    got = json.loads((tmp_path / "answers" / "deelnemer-02.jsonl").read_text())
    assert (got["trainee"], got["option"]) == ("deelnemer-02", "c")
    assert report.backup is None  # nothing existed before, so nothing to back up


def test_collect_twice_adds_nothing_the_second_time(tmp_path):
    files = {
        home_file("deelnemer-01"): answer_line("deelnemer-01")
        + answer_line("deelnemer-01", q="bm2")
    }
    fake = FakeHub(files, running={"deelnemer-01", "deelnemer-02"})
    dest = tmp_path / "answers"
    hub.collect_answers(cohort(), fake, dest)
    before = (dest / "deelnemer-01.jsonl").read_bytes()
    second = hub.collect_answers(cohort(), fake, dest)
    assert (dest / "deelnemer-01.jsonl").read_bytes() == before
    assert (second.trainees["deelnemer-01"].added, second.trainees["deelnemer-01"].present) == (
        0,
        2,
    )
    assert second.backup is None


def test_collect_after_the_home_lost_its_file_keeps_the_trainers_copy(tmp_path):
    dest = tmp_path / "klas-a"
    files = {home_file("deelnemer-01"): answer_line("deelnemer-01", option="a")}
    fake = FakeHub(files, running={"deelnemer-01", "deelnemer-02"})
    hub.collect_answers(cohort(), fake, dest)
    # The file vanished from the home ...
    del fake.files[home_file("deelnemer-01")]
    report = hub.collect_answers(cohort(), fake, dest)
    assert options_in(dest / "deelnemer-01.jsonl") == ["a"]
    assert report.trainees["deelnemer-01"].note == "no answers file in their home"
    # ... then came back holding only a newer answer: both are in the trainer's copy.
    fake.files[home_file("deelnemer-01")] = answer_line("deelnemer-01", option="b")
    report = hub.collect_answers(cohort(), fake, dest)
    assert options_in(dest / "deelnemer-01.jsonl") == ["a", "b"]
    assert report.backup is not None and report.backup.parent.name == ".backup"
    assert options_in(report.backup / "deelnemer-01.jsonl") == ["a"]
    # The backup folder is not read as answers of the cohort.
    assert len(read_cohort(tmp_path, "klas-a")) == 2


def test_collect_keeps_the_files_of_a_trainee_removed_from_the_cohort(tmp_path):
    dest = tmp_path / "answers"
    dest.mkdir()
    (dest / "deelnemer-03.jsonl").write_text(answer_line("deelnemer-03"))
    report = hub.collect_answers(cohort(), FakeHub({}, {"deelnemer-01", "deelnemer-02"}), dest)
    assert report.not_in_cohort == ["deelnemer-03"]
    assert options_in(dest / "deelnemer-03.jsonl") == ["a"]


def test_collect_without_starting_reports_stopped_servers(tmp_path):
    fake = FakeHub({}, running={"deelnemer-01"})
    report = hub.collect_answers(cohort(), fake, tmp_path / "answers", start_stopped=False)
    assert report.missing == ["deelnemer-01", "deelnemer-02"]
    assert "not running" in report.trainees["deelnemer-02"].note
    assert fake.calls == []
    assert not (tmp_path / "answers").exists()


def write_cohort_file(path: Path) -> Path:
    import yaml

    path.write_text(yaml.safe_dump(BASE, sort_keys=False), encoding="utf-8")
    return path


def test_cli_collect_needs_the_hub_secrets(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LEERRECHT_HUB_TOKEN", raising=False)
    source = write_cohort_file(tmp_path / "klas.yml")
    args = ["hub", "collect", str(source), "--hub-url", "http://127.0.0.1:9"]
    code = main([*args, "--config-dir", str(tmp_path / "none")])
    assert code == 2
    assert "no hub secrets here" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "expected"),
    [("http://127.0.0.1:9", "cannot reach the hub"), ("127.0.0.1:9", "not a hub address")],
)
def test_cli_collect_reports_a_wrong_hub_url(tmp_path, capsys, monkeypatch, url, expected):
    monkeypatch.setenv("LEERRECHT_HUB_TOKEN", "x" * 32)
    source = write_cohort_file(tmp_path / "klas.yml")
    code = main(["hub", "collect", str(source), "--hub-url", url])
    assert code == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_cli_collect_refuses_a_server_that_is_not_a_hub(tmp_path, capsys, monkeypatch):
    """A web server that is not JupyterHub (e.g. the course site) gives a clear message."""
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("LEERRECHT_HUB_TOKEN", "x" * 32)
        monkeypatch.chdir(tmp_path)
        source = write_cohort_file(tmp_path / "klas.yml")
        url = f"http://127.0.0.1:{server.server_address[1]}"
        assert main(["hub", "collect", str(source), "--hub-url", url]) == 2
        assert "does not answer like a JupyterHub" in capsys.readouterr().err
    finally:
        server.shutdown()
        server.server_close()


def test_the_report_on_a_laptop_refuses_lines_claiming_another_trainee(tmp_path):
    folder = tmp_path / "klas-a"
    folder.mkdir()
    (folder / "deelnemer-01.jsonl").write_text(
        answer_line("deelnemer-01") + answer_line("deelnemer-02", option="forged")
    )
    (folder / "deelnemer-02.jsonl").write_text(answer_line("deelnemer-02", option="b"))
    with pytest.warns(UserWarning, match="claiming deelnemer-02"):
        answers = read_cohort(tmp_path, "klas-a")
    assert [(a.trainee, a.option) for a in answers] == [
        ("deelnemer-01", "a"),
        ("deelnemer-02", "b"),
    ]
