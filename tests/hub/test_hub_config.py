"""The class hub without a running hub: config files, bad input, links, answer collection."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from leerrecht import hub
from leerrecht.cli import main
from leerrecht.core.errors import UserError
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


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Hashing at the real cost takes a deliberate half second per user; not needed here."""
    monkeypatch.setattr(hub.kdf, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})


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
    files = hub.write_hub_config(cohort(), tmp_path / "hub").files
    names = sorted(p.relative_to(tmp_path / "hub").as_posix() for p in files)
    assert names == [
        "hub.json",
        "inloggegevens.csv",
        "inlogkaarten.html",
        "jupyterhub_config.py",
        "leerrecht_authenticator.py",
        "leerrecht_kdf.py",
        "logins.json",
        "secrets.json",
        "trainee-lab/config/custom/custom.css",
        "trainee-lab/settings/overrides.json",
        "users.txt",
    ]
    settings = json.loads((tmp_path / "hub" / "hub.json").read_text())
    assert settings["trainees"] == ["deelnemer-01", "deelnemer-02"]
    assert settings["trainer"] == "trainer-a"
    assert settings["cohort"] == "klas-a"
    assert (tmp_path / "hub" / "users.txt").read_text() == "deelnemer-01\ndeelnemer-02\n"
    lab = tmp_path / "hub" / "trainee-lab"
    overrides = json.loads((lab / "settings" / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"checkForUpdates": False, "fetchNews": "false"}
    assert overrides["@jupyterlab/translation-extension:plugin"] == {"locale": "nl_NL"}
    assert ".jp-InputPlaceholder" in (lab / "config" / "custom" / "custom.css").read_text()


def test_local_config_loads_and_describes_the_class(tmp_path, monkeypatch):
    hub.write_hub_config(cohort(), tmp_path / "hub")
    c = load_config(tmp_path / "hub", monkeypatch, tmp_path)
    secrets = json.loads((tmp_path / "hub" / "secrets.json").read_text())
    assert c.JupyterHub.authenticator_class.__name__ == "LeerrechtAuthenticator"
    assert c.LeerrechtAuthenticator.logins_file == str(tmp_path / "hub" / "logins.json")
    assert c.Authenticator.allowed_users == {"deelnemer-01", "deelnemer-02", "trainer-a"}
    assert c.Authenticator.admin_users == {"trainer-a"}
    assert c.Spawner.default_url == "/lab"
    assert c.Spawner.start_timeout == 120
    assert c.Spawner.http_timeout == 120
    assert c.JupyterHub.spawner_class == "simple"
    assert c.JupyterHub.bind_url == "http://127.0.0.1:18300"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "homes/{username}")
    lab = tmp_path / "hub" / "trainee-lab"
    assert f"--LabApp.app_settings_dir={lab / 'settings'}" in c.Spawner.args
    assert "--LabApp.custom_css=True" in c.Spawner.args
    role = c.JupyterHub.load_roles[0]
    assert role["services"] == ["leerrecht-collect"]
    # The collect token reaches the trainees' servers, and nothing else.
    assert sorted(role["scopes"]) == [
        "access:servers!user=deelnemer-01",
        "access:servers!user=deelnemer-02",
        "servers!user=deelnemer-01",
        "servers!user=deelnemer-02",
    ]
    assert c.JupyterHub.services[0]["api_token"] == secrets["service_token"]


@pytest.mark.parametrize("ip", ["0.0.0.0", "192.168.1.20", "hub.example"])
def test_local_mode_refuses_any_address_but_loopback(tmp_path, monkeypatch, ip):
    hub.write_hub_config(cohort(), tmp_path / "hub")
    monkeypatch.setenv("LEERRECHT_HUB_IP", ip)
    with pytest.raises(SystemExit, match="loopback only"):
        load_config(tmp_path / "hub", monkeypatch, tmp_path)


def test_local_mode_accepts_loopback(tmp_path, monkeypatch):
    hub.write_hub_config(cohort(), tmp_path / "hub")
    monkeypatch.setenv("LEERRECHT_HUB_IP", "127.0.0.2")
    c = load_config(tmp_path / "hub", monkeypatch, tmp_path)
    assert c.JupyterHub.bind_url == "http://127.0.0.2:18300"


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
        "JUPYTER_CONFIG_DIR": str(tmp_path / "hub" / "trainee-lab" / "config"),
        "JUPYTERLAB_SETTINGS_DIR": "/homes/deelnemer-01/.jupyter/lab/user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "/homes/deelnemer-01/.jupyter/lab/workspaces",
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
    assert c.Authenticator.allowed_users == {"deelnemer-01", "deelnemer-02", "trainer-a"}
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
    assert "2 trainees" in out and "jupyterhub -f" in out and "inloggegevens.csv" in out
    assert (tmp_path / "hub" / "users.txt").read_text() == "deelnemer-01\ndeelnemer-02\n"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"deelnemers": []}, "deelnemers: the cohort has no trainees"),
        ({"deelnemers": ["deelnemer-01", "deelnemer-01"]}, "staat twee keer in de lijst"),
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
    voila = hub.gitpuller_link(
        "https://h.example", "https://g.example/c", "main", "a.ipynb", view="voila"
    )
    assert dict(urllib.parse.parse_qsl(voila.split("?", 1)[1]))["urlpath"] == (
        "voila/render/course/a.ipynb"
    )


@pytest.mark.parametrize("url", ["hub.example", "ftp://hub.example", "http://", ""])
def test_wrong_hub_url_is_refused(url):
    with pytest.raises(UserError, match="not a hub address"):
        hub.gitpuller_link(url, "https://g.example/c", "main", "a.ipynb")


def test_local_repo_becomes_a_file_url(bare_repo):
    assert hub.repo_url(str(bare_repo)) == bare_repo.resolve().as_uri()
    assert hub.repo_url("git@git.example:org/course.git") == "git@git.example:org/course.git"


def test_links_one_per_notebook_and_the_case_it_opens():
    links = hub.course_links(cohort(), "https://hub.example", "https://git.example/c", "main")
    assert [(x.notebook, x.case) for x in links] == [
        ("00_welkom", ""),
        ("02_casus", "isk-nieuwkomer"),
    ]
    assert "voila/render/course/notebooks/00_welkom.ipynb" in urllib.parse.unquote(links[0].url)
    assert "lab/tree/course/notebooks/02_casus.ipynb" in urllib.parse.unquote(links[1].lab_url)
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


def test_leerrecht_lab_is_the_trainee_lab(tmp_path):
    """`leerrecht lab` uses the same Lab settings and CSS as the hub's trainee servers."""
    from leerrecht.cli.app import lab_command, trainee_lab_environment

    cmd = lab_command(8888, open_browser=False, lab_dir=tmp_path)
    assert f"--LabApp.app_settings_dir={tmp_path / 'settings'}" in cmd
    assert "--LabApp.custom_css=True" in cmd
    env = trainee_lab_environment({"JUPYTER_CONFIG_DIR": "/home/x/.jupyter"}, tmp_path)
    assert env["JUPYTER_CONFIG_DIR"] == str(tmp_path / "config")
    assert env["JUPYTERLAB_SETTINGS_DIR"] == "/home/x/.jupyter/lab/user-settings"
