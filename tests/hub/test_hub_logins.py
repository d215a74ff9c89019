"""One login per person: loaded through JupyterHub's own config loader and authenticator.

Also: the credential files are private from the first byte, regenerating keeps them, a
damaged or half-missing set is refused (exit 2, nothing rewritten), one login can be reset.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from leerrecht import hub
from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.domain.cohort import Cohort
from leerrecht.hub import kdf

BASE = {
    "naam": "klas-a",
    "titel": "Klas A",
    "startdatum": "2026-09-07",
    "einddatum": "2026-12-14",
    "trainer": "trainer-a",
    "deelnemers": ["deelnemer-01", "deelnemer-02", "deelnemer-03"],
    "notebooks": ["00_welkom"],
    "casussen": [],
}


def cohort(**changes) -> Cohort:
    return Cohort.model_validate({**BASE, **changes})


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """The real cost is a deliberate half second per hash; the logic is the same."""
    monkeypatch.setattr(kdf, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})


def credentials(folder: Path) -> dict[str, str]:
    with (folder / "inloggegevens.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["gebruiker", "wachtwoord"]
    return dict(rows[1:])


def hub_authenticator(folder: Path, monkeypatch, tmp_path: Path):
    """The authenticator exactly as a JupyterHub started with this config would build it."""
    from jupyterhub.app import JupyterHub

    monkeypatch.setenv("LEERRECHT_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("LEERRECHT_HUB_HOMES", str(tmp_path / "homes"))
    monkeypatch.delenv("LEERRECHT_HUB_IP", raising=False)
    app = JupyterHub()
    app.load_config_file(str(folder / "jupyterhub_config.py"))
    return app.authenticator_class(parent=app)


def log_in(authenticator, name: str, password: str) -> str | None:
    result = asyncio.run(
        authenticator.get_authenticated_user(None, {"username": name, "password": password})
    )
    return result["name"] if result else None


def test_hash_is_salted_and_verifies_only_the_password():
    first, second = kdf.hash_password("abcd-efgh"), kdf.hash_password("abcd-efgh")
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]
    assert kdf.verify_password("abcd-efgh", first)
    assert not kdf.verify_password("abcd-efgH", first)
    assert not kdf.verify_password("abcd-efgh", {**first, "hash": "00"})
    assert not kdf.verify_password("abcd-efgh", {"kdf": "plain"})


def test_everyone_logs_in_as_themselves_and_as_nobody_else(tmp_path, monkeypatch):
    out = tmp_path / "hub"
    hub.write_hub_config(cohort(), out)
    creds = credentials(out)
    assert set(creds) == {"deelnemer-01", "deelnemer-02", "deelnemer-03", "trainer-a"}
    assert len(set(creds.values())) == 4, "every password differs"
    stored = (out / "logins.json").read_text()
    assert not any(pw in stored for pw in creds.values()), "the hub's file holds no password"
    auth = hub_authenticator(out, monkeypatch, tmp_path)
    for name, password in creds.items():
        assert log_in(auth, name, password) == name
        for other in creds:
            if other != name:
                assert log_in(auth, other, password) is None, f"{name}'s password opened {other}"
    assert log_in(auth, "Deelnemer-01", creds["deelnemer-01"]) == "deelnemer-01"
    assert log_in(auth, "mallory", creds["deelnemer-01"]) is None
    assert log_in(auth, "deelnemer-01", "") is None
    assert auth.admin_users == {"trainer-a"}


def test_removed_trainee_can_no_longer_log_in_and_others_keep_theirs(tmp_path, monkeypatch):
    out = tmp_path / "hub"
    hub.write_hub_config(cohort(), out)
    before = credentials(out)
    result = hub.write_hub_config(cohort(deelnemers=["deelnemer-01", "deelnemer-03", "x-4"]), out)
    assert (result.added, result.removed, result.kept) == (["x-4"], ["deelnemer-02"], True)
    after = credentials(out)
    assert after["deelnemer-01"] == before["deelnemer-01"]
    assert after["trainer-a"] == before["trainer-a"]
    assert "deelnemer-02" not in after
    auth = hub_authenticator(out, monkeypatch, tmp_path)
    assert log_in(auth, "deelnemer-02", before["deelnemer-02"]) is None
    assert log_in(auth, "x-4", after["x-4"]) == "x-4"
    assert log_in(auth, "deelnemer-01", before["deelnemer-01"]) == "deelnemer-01"


def test_reset_login_changes_one_password_and_a_running_hub_sees_it(tmp_path, monkeypatch):
    out = tmp_path / "hub"
    hub.write_hub_config(cohort(), out)
    before = credentials(out)
    auth = hub_authenticator(out, monkeypatch, tmp_path)
    assert log_in(auth, "deelnemer-02", before["deelnemer-02"]) == "deelnemer-02"
    os.utime(out / "logins.json", ns=(0, 0))  # the reset must be seen even within one tick
    new = hub.reset_login(cohort(), out, "deelnemer-02")
    after = credentials(out)
    assert after == {**before, "deelnemer-02": new}
    assert log_in(auth, "deelnemer-02", before["deelnemer-02"]) is None
    assert log_in(auth, "deelnemer-02", new) == "deelnemer-02"
    assert new in (out / "inlogkaarten.html").read_text()
    with pytest.raises(UserError, match="not in cohort klas-a"):
        hub.reset_login(cohort(), out, "mallory")


def test_cards_one_per_trainee_with_address_and_link(tmp_path):
    out = tmp_path / "hub"
    link = "https://hub.example/hub/user-redirect/git-pull?repo=x&urlpath=voila"
    hub.write_hub_config(cohort(), out, hub_url="https://hub.example", course_link=link)
    page = (out / "inlogkaarten.html").read_text()
    creds = credentials(out)
    assert page.count('class="lr-card"') == 3
    for name in BASE["deelnemers"]:
        assert name in page and creds[name] in page
    assert creds["trainer-a"] not in page, "the trainer's password is not on a trainee card"
    assert "https://hub.example" in page and link.replace("&", "&amp;") in page


def test_default_folder_is_outside_output(tmp_path):
    folder = hub.default_config_dir("klas-a", env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert folder == tmp_path / "leerrecht" / "hub" / "klas-a"
    assert "output" not in folder.parts
    home = hub.default_config_dir("klas-a", env={})
    assert home == Path.home() / ".config" / "leerrecht" / "hub" / "klas-a"


def test_a_wide_folder_is_narrowed_before_anything_is_written(tmp_path):
    out = tmp_path / "hub"
    out.mkdir(mode=0o755)
    os.chmod(out, 0o755)
    hub.write_hub_config(cohort(), out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.rglob("*"):
        if "trainee-lab" in path.relative_to(out).parts:
            continue  # Lab settings and CSS for trainee servers: no secret, meant to be read
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


# --- damaged or missing credentials: refused, nothing regenerated -----------------------------


def write_cohort_file(path: Path) -> Path:
    path.write_text(yaml.safe_dump(BASE, sort_keys=False), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: (d / "secrets.json").unlink(), "secrets.json missing"),
        (lambda d: (d / "logins.json").unlink(), "logins.json missing"),
        (lambda d: (d / "secrets.json").write_text("{"), "no readable service_token"),
        (lambda d: (d / "inloggegevens.csv").write_text("naam\n"), "header"),
        (
            lambda d: (d / "inloggegevens.csv").write_text("gebruiker,wachtwoord\nx\n"),
            "inloggegevens.csv:2",
        ),
        (lambda d: (d / "logins.json").write_text('{"users": {}}'), "disagree"),
    ],
)
def test_damaged_credentials_exit_2_and_nothing_is_regenerated(tmp_path, capsys, damage, expected):
    source = write_cohort_file(tmp_path / "klas.yml")
    out = tmp_path / "hub"
    assert main(["hub", "config", str(source), "--out", str(out)]) == 0
    damage(out)
    before = snapshot(out)
    capsys.readouterr()
    code = main(["hub", "config", str(source), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected in err and "--new-logins" in err and "Traceback" not in err
    assert snapshot(out) == before, "nothing may be rewritten"
    assert main(["hub", "reset-login", str(source), "deelnemer-01", "--out", str(out)]) == 2
    assert snapshot(out) == before


def test_new_logins_replaces_everyone_on_purpose(tmp_path, capsys):
    source = write_cohort_file(tmp_path / "klas.yml")
    out = tmp_path / "hub"
    assert main(["hub", "config", str(source), "--out", str(out)]) == 0
    (out / "secrets.json").unlink()
    before = credentials(out)
    assert main(["hub", "config", str(source), "--out", str(out), "--new-logins"]) == 0
    after = credentials(out)
    assert set(after) == set(before)
    assert all(after[n] != before[n] for n in after)


def test_cli_reset_login_prints_the_new_password(tmp_path, capsys):
    source = write_cohort_file(tmp_path / "klas.yml")
    out = tmp_path / "hub"
    assert main(["hub", "config", str(source), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["hub", "reset-login", str(source), "deelnemer-03", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"new password for deelnemer-03: {credentials(out)['deelnemer-03']}" in printed


# --- privacy at every moment ----------------------------------------------------------------


def test_no_secret_is_readable_by_others_at_any_moment_of_hub_config(tmp_path):
    """Watch the folder while `hub config` runs with umask 000 (the worst case).

    The real KDF cost makes the run last seconds, so the watcher sees every file, the
    temporary ones included, many times.
    """
    source = write_cohort_file(tmp_path / "klas.yml")
    out = tmp_path / "private" / "hub"
    seen: dict[str, set[int]] = {}
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                seen.setdefault(".", set()).add(stat.S_IMODE(os.stat(out).st_mode))
                for entry in os.scandir(out):
                    seen.setdefault(entry.name, set()).add(
                        stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)
                    )
            except FileNotFoundError:
                continue

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    code = (
        "import os, sys; os.umask(0); from leerrecht.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    try:
        subprocess.run(
            [sys.executable, "-c", code, "hub", "config", str(source), "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
        )
    finally:
        stop.set()
        watcher.join()
    secret_names = {"logins.json", "inloggegevens.csv", "secrets.json", "inlogkaarten.html"}
    assert secret_names <= set(seen), f"the watcher missed files: {sorted(seen)}"
    assert any(name.endswith(".tmp") for name in seen), "temporary files were not watched"
    seen.pop("trainee-lab")  # no secret: trainee servers read it
    wide = {name: sorted(oct(m) for m in modes if m & 0o077) for name, modes in seen.items()}
    assert not {k: v for k, v in wide.items() if v}, f"readable by others at some moment: {wide}"
    # Outside the tests the hashes carry the OWASP scrypt cost.
    records = json.loads((out / "logins.json").read_text())["users"].values()
    assert {(r["n"], r["r"], r["p"]) for r in records} == {(2**14, 8, 5)}
