"""The class hub without a running hub: config files, bad input, links, answer collection."""

from __future__ import annotations

import json
import stat
import subprocess
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from leerrecht import hub
from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.domain.answers import Answer
from leerrecht.domain.cohort import Cohort

BASE = {
    "naam": "klas-a",
    "titel": "Klas A",
    "startdatum": "2026-09-07",
    "einddatum": "2026-12-14",
    "trainer": "trainer-a",
    "deelnemers": ["deelnemer-01", "deelnemer-02"],
    "notebooks": ["00_welkom", "02_casus"],
    "casussen": ["isk-nieuwkomer", "mbo-uitval-17"],
}


def cohort(**changes) -> Cohort:
    return Cohort.model_validate({**BASE, **changes})


def unchecked(**changes) -> Cohort:
    """A cohort that skips the model's own checks, to test the hub's checks alone."""
    return Cohort.model_construct(**{**cohort().__dict__, **changes})


def load_config(config_dir: Path, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("LEERRECHT_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("LEERRECHT_HUB_HOMES", str(tmp_path / "homes"))
    monkeypatch.setenv("LEERRECHT_HUB_PORT", "18300")
    monkeypatch.delenv("LEERRECHT_HUB_DIR", raising=False)
    return PyFileConfigLoader("jupyterhub_config.py", str(config_dir)).load_config()


def fake_spawner(name: str, **attrs):
    return SimpleNamespace(user=SimpleNamespace(name=name), **attrs)


# --- configuration -------------------------------------------------------------------------


def test_config_files_and_user_list(tmp_path):
    files = hub.write_hub_config(cohort(), tmp_path / "hub")
    names = sorted(p.relative_to(tmp_path / "hub").as_posix() for p in files)
    assert names == [
        "hub.json",
        "jupyterhub_config.py",
        "lab-settings/overrides.json",
        "secrets.json",
        "users.txt",
    ]
    settings = json.loads((tmp_path / "hub" / "hub.json").read_text())
    assert settings["trainees"] == ["deelnemer-01", "deelnemer-02"]
    assert settings["trainer"] == "trainer-a"
    assert settings["cohort"] == "klas-a"
    assert (tmp_path / "hub" / "users.txt").read_text() == "deelnemer-01\ndeelnemer-02\n"
    overrides = json.loads((tmp_path / "hub" / "lab-settings" / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"checkForUpdates": False, "fetchNews": "false"}


def test_secrets_are_private_and_survive_regeneration(tmp_path):
    out = tmp_path / "hub"
    hub.write_hub_config(cohort(), out)
    secrets_file = out / "secrets.json"
    first = json.loads(secrets_file.read_text())
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert len(first["user_password"]) >= 8 and len(first["admin_password"]) >= 32
    hub.write_hub_config(cohort(deelnemers=["deelnemer-01", "deelnemer-02", "x-3"]), out)
    assert json.loads(secrets_file.read_text()) == first
    assert "x-3" in (out / "users.txt").read_text()


def test_local_config_loads_and_describes_the_class(tmp_path, monkeypatch):
    hub.write_hub_config(cohort(), tmp_path / "hub")
    c = load_config(tmp_path / "hub", monkeypatch, tmp_path)
    secrets = json.loads((tmp_path / "hub" / "secrets.json").read_text())
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.Authenticator.allowed_users == {"deelnemer-01", "deelnemer-02"}
    assert c.Authenticator.admin_users == {"trainer-a"}
    assert c.SharedPasswordAuthenticator.user_password == secrets["user_password"]
    assert c.Spawner.default_url == "/lab"
    assert c.Spawner.start_timeout == 120
    assert c.Spawner.http_timeout == 120
    assert c.JupyterHub.spawner_class == "simple"
    assert c.JupyterHub.bind_url == "http://127.0.0.1:18300"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "homes/{username}")
    assert any(a.startswith("--LabApp.app_settings_dir=") for a in c.Spawner.args)
    role = c.JupyterHub.load_roles[0]
    assert "access:servers" in role["scopes"] and role["services"] == ["leerrecht-collect"]
    assert c.JupyterHub.services[0]["api_token"] == secrets["service_token"]


def test_spawner_environment_puts_answers_in_the_trainees_home(tmp_path, monkeypatch):
    hub.write_hub_config(cohort(), tmp_path / "hub")
    env = load_config(tmp_path / "hub", monkeypatch, tmp_path).Spawner.environment
    trainee = fake_spawner("deelnemer-01", home_dir="/homes/deelnemer-01")
    resolved = {k: v(trainee) if callable(v) else v for k, v in env.items()}
    assert resolved == {
        "LEERRECHT_COHORT": "klas-a",
        "LEERRECHT_TRAINEE": "deelnemer-01",
        "LEERRECHT_ANSWERS": "/homes/deelnemer-01/answers",
        "LEERRECHT_HOME": "/homes/deelnemer-01/course",
        "LEERRECHT_ROLE": "trainee",
    }
    # The trainer is nobody's trainee: their answers fall back to the course folder.
    trainer = fake_spawner("trainer-a", home_dir="/homes/trainer-a")
    assert env["LEERRECHT_TRAINEE"](trainer) == ""
    assert env["LEERRECHT_ANSWERS"](trainer) == ""
    assert env["LEERRECHT_ROLE"](trainer) == "trainer"


def test_tljh_config_leaves_ports_and_spawner_to_tljh(tmp_path, monkeypatch):
    hub.write_hub_config(cohort(), tmp_path / "hub", mode="tljh")
    c = load_config(tmp_path / "hub", monkeypatch, tmp_path)
    for key in ("bind_url", "spawner_class", "db_url"):
        assert key not in c.JupyterHub
    assert c.Authenticator.allowed_users == {"deelnemer-01", "deelnemer-02"}
    # SystemdSpawner: the home of the Unix user the template names (here: root's).
    spawner = fake_spawner("root", unix_username_template="{USERNAME}")
    assert c.Spawner.environment["LEERRECHT_HOME"](spawner) == "/root/course"


# --- bad input: clear errors before any hub starts ------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"deelnemers": []}, "has no trainees"),
        ({"deelnemers": ["deelnemer-01", "deelnemer-01"]}, "listed twice"),
        ({"deelnemers": ["01-deelnemer"]}, "not a valid hub user name"),
        ({"deelnemers": ["deelnemer-met-een-heel-lange-naam"]}, "not a valid hub user name"),
        ({"deelnemers": ["trainer-a"]}, "also listed as a trainee"),
        ({"trainer": "1trainer"}, "not a valid hub user name"),
    ],
)
def test_bad_class_is_refused(tmp_path, changes, expected):
    with pytest.raises(UserError) as caught:
        hub.write_hub_config(unchecked(**changes), tmp_path / "hub")
    assert expected in str(caught.value)
    assert not (tmp_path / "hub").exists(), "nothing may be written for a bad class"


def write_cohort_file(path: Path, **changes) -> Path:
    import yaml

    data = {**BASE, "notebooks": ["00_welkom"], "casussen": [], **changes}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_cli_config_writes_files(tmp_path, capsys):
    source = write_cohort_file(tmp_path / "klas.yml")
    assert main(["hub", "config", str(source), "--out", str(tmp_path / "hub")]) == 0
    out = capsys.readouterr().out
    assert "2 trainees" in out and "jupyterhub -f" in out
    assert (tmp_path / "hub" / "users.txt").read_text() == "deelnemer-01\ndeelnemer-02\n"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"deelnemers": []}, "deelnemers: the cohort has no trainees"),
        ({"deelnemers": ["deelnemer-01", "deelnemer-01"]}, "listed twice"),
        ({"deelnemers": ["Deelnemer Een"]}, "deelnemers"),
        ({"deelnemers": ["9-deelnemer"]}, "not a valid hub user name"),
    ],
)
def test_cli_config_bad_cohort_exits_2(tmp_path, capsys, changes, expected):
    source = write_cohort_file(tmp_path / "klas.yml", **changes)
    code = main(["hub", "config", str(source), "--out", str(tmp_path / "hub")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected in err and "Traceback" not in err
    assert str(source) in err
    assert not (tmp_path / "hub").exists()


# --- course repository and links -------------------------------------------------------------


@pytest.fixture
def bare_repo(tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "README.md").write_text("cursus\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=src, check=True)
    subprocess.run([*git, "add", "-A"], cwd=src, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], cwd=src, check=True)
    bare = tmp_path / "course"
    subprocess.run(["git", "clone", "-q", "--bare", str(src), str(bare)], check=True)
    return bare


def test_gitpuller_link_pulls_into_course_and_opens_the_notebook():
    link = hub.gitpuller_link(
        "https://hub.example/", "https://git.example/org/course", "main", "notebooks/02_casus.ipynb"
    )
    base, query = link.split("?", 1)
    assert base == "https://hub.example/hub/user-redirect/git-pull"
    params = dict(urllib.parse.parse_qsl(query))
    assert params == {
        "repo": "https://git.example/org/course",
        "branch": "main",
        "targetpath": "course",
        "urlpath": "lab/tree/course/notebooks/02_casus.ipynb",
    }


def test_local_repo_becomes_a_file_url(bare_repo):
    assert hub.repo_url(str(bare_repo)) == bare_repo.resolve().as_uri()
    assert hub.repo_url("git@git.example:org/course.git") == "git@git.example:org/course.git"


def test_links_one_per_notebook_and_the_case_it_opens():
    links = hub.course_links(cohort(), "https://hub.example", "https://git.example/c", "main")
    assert [(x.notebook, x.case) for x in links] == [
        ("00_welkom", ""),
        ("02_casus", "isk-nieuwkomer"),
    ]
    assert "00_welkom.ipynb" in urllib.parse.unquote(links[0].url)
    assert "02_casus.ipynb" in urllib.parse.unquote(links[1].url)
    # The other case of the cohort has no link of its own; the trainer is told so.
    assert hub.cases_without_link(cohort()) == ["mbo-uitval-17"]
    assert hub.cases_without_link(cohort(notebooks=["00_welkom"])) == []


def test_check_repo_accepts_a_real_repository(bare_repo):
    hub.check_repo(str(bare_repo), "main")


@pytest.mark.parametrize(
    ("repo", "branch", "expected"),
    [
        ("missing", "main", "does not exist"),
        ("plain", "main", "not a reachable git repository"),
        ("course", "release", "has no branch 'release'"),
    ],
)
def test_check_repo_refuses(bare_repo, tmp_path, repo, branch, expected):
    (tmp_path / "plain").mkdir()
    with pytest.raises(UserError) as caught:
        hub.check_repo(str(tmp_path / repo), branch)
    assert expected in str(caught.value)


def test_cli_links_refuses_missing_repository(tmp_path, capsys):
    source = write_cohort_file(tmp_path / "klas.yml")
    code = main(
        ["hub", "links", str(source), "--hub-url", "http://h", "--repo", str(tmp_path / "nope")]
    )
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_links_prints_one_line_per_notebook(tmp_path, capsys, bare_repo):
    source = write_cohort_file(tmp_path / "klas.yml")
    args = ["hub", "links", str(source), "--hub-url", "http://h", "--repo", str(bare_repo)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    label, url = lines[0].split("\t")
    assert label == "00_welkom"
    assert url.startswith("http://h/hub/user-redirect/git-pull?repo=file%3A%2F%2F")


# --- collecting answers ---------------------------------------------------------------------


def answer_line(trainee: str, cohort_name: str = "klas-a", option: str = "a") -> str:
    return Answer(
        time="2026-09-07T10:00:00.000+00:00",
        cohort=cohort_name,
        trainee=trainee,
        notebook="02_casus",
        case="isk-nieuwkomer",
        question="bm1",
        kind="beslissing",
        option=option,
        approach="zorg",
    ).to_line()


def test_owned_lines_refuses_answers_in_someone_elses_name():
    text = (
        answer_line("deelnemer-01")
        + answer_line("deelnemer-02")  # forged: written into 01's file
        + answer_line("deelnemer-01", cohort_name="andere-klas")
        + "{not json\n"
        + answer_line("deelnemer-01", option="b")
    )
    kept, rejected = hub.owned_lines(text, "klas-a", "deelnemer-01")
    assert [json.loads(line)["option"] for line in kept] == ["a", "b"]
    assert rejected == 3


class FakeHub:
    """Stands in for HubClient: two homes, one server stopped."""

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


def test_collect_copies_each_trainees_own_answers(tmp_path):
    files = {
        "deelnemer-01:answers/klas-a/deelnemer-01.jsonl": answer_line("deelnemer-01")
        + answer_line("deelnemer-02"),
        "deelnemer-02:answers/klas-a/deelnemer-02.jsonl": answer_line("deelnemer-02", option="c"),
    }
    fake = FakeHub(files, running={"deelnemer-01"})
    report = hub.collect_answers(cohort(), fake, tmp_path / "answers")
    assert report.collected == {"deelnemer-01": 1, "deelnemer-02": 1}
    assert report.rejected == {"deelnemer-01": 1}
    assert fake.calls == ["start deelnemer-02", "stop deelnemer-02"]
    got = json.loads((tmp_path / "answers" / "deelnemer-02.jsonl").read_text())
    assert (got["trainee"], got["option"]) == ("deelnemer-02", "c")


def test_collect_without_starting_reports_stopped_servers_as_missing(tmp_path):
    fake = FakeHub({}, running={"deelnemer-01"})
    report = hub.collect_answers(cohort(), fake, tmp_path / "answers", start_stopped=False)
    assert report.missing == ["deelnemer-01", "deelnemer-02"]
    assert fake.calls == []
    assert not (tmp_path / "answers").exists()


def test_cli_collect_needs_the_hub_secrets(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LEERRECHT_HUB_TOKEN", raising=False)
    source = write_cohort_file(tmp_path / "klas.yml")
    args = ["hub", "collect", str(source), "--hub-url", "http://127.0.0.1:9"]
    code = main([*args, "--config-dir", str(tmp_path / "none")])
    assert code == 2
    assert "no hub secrets here" in capsys.readouterr().err


def test_cli_collect_reports_an_unreachable_hub(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LEERRECHT_HUB_TOKEN", "x" * 32)
    source = write_cohort_file(tmp_path / "klas.yml")
    code = main(["hub", "collect", str(source), "--hub-url", "http://127.0.0.1:9"])
    assert code == 2
    assert "cannot reach the hub" in capsys.readouterr().err
