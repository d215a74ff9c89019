"""`leerrecht lab` / `leerrecht app`: the environment and command they build (no server)."""

from __future__ import annotations

import pytest

from leerrecht.cli import main
from leerrecht.cli.app import app_environment, lab_command, voila_command
from leerrecht.core import paths


def dry(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--dry-run"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_app_passes_cohort_settings(capsys) -> None:
    code, out, _ = dry(
        capsys,
        "app",
        "02_casus",
        "--trainee",
        "deelnemer-01",
        "--port",
        "9001",
        "--case",
        "isk-nieuwkomer",
    )
    assert code == 0
    assert "LEERRECHT_COHORT=voorbeeld" in out
    assert f"LEERRECHT_ANSWERS={paths.ROOT / 'answers'}" in out
    assert "LEERRECHT_TRAINEE=deelnemer-01" in out
    assert "LEERRECHT_ROLE=deelnemer" in out and "LEERRECHT_CASE=isk-nieuwkomer" in out
    assert "-m voila" in out and "02_casus.ipynb" in out
    assert "--Voila.ip=127.0.0.1" in out and "--port=9001" in out and "--strip_sources=True" in out


def test_lab_binds_to_localhost_and_trainer_role(capsys) -> None:
    code, out, _ = dry(capsys, "lab", "--trainee", "trainer-a", "--no-browser")
    assert code == 0
    assert "LEERRECHT_ROLE=trainer" in out
    assert "-m jupyterlab" in out and "--ServerApp.ip=127.0.0.1" in out and "--no-browser" in out


def test_unknown_trainee_is_refused_with_names(capsys) -> None:
    code, _, err = dry(capsys, "lab", "--trainee", "onbekend")
    assert code == 2
    assert "'onbekend' is not a trainee or the trainer of cohort voorbeeld" in err
    assert "deelnemer-01" in err


def test_unsafe_trainee_unknown_notebook_and_case(capsys) -> None:
    assert dry(capsys, "lab", "--trainee", "../x")[0] == 2
    code, _, err = dry(capsys, "app", "99_bestaat_niet")
    assert code == 2 and "unknown notebook '99_bestaat_niet'" in err
    code, _, err = dry(capsys, "app", "02_casus", "--case", "geen-casus")
    assert code == 2 and "unknown case 'geen-casus'" in err and "isk-nieuwkomer" in err


def test_environment_drops_stale_identity() -> None:
    env = app_environment(base={"LEERRECHT_TRAINEE": "oud", "PATH": "/bin"})
    assert "LEERRECHT_TRAINEE" not in env and env["PATH"] == "/bin"
    assert env["LEERRECHT_ROLE"] == "deelnemer"


def test_commands_never_bind_publicly() -> None:
    assert "--ServerApp.ip=127.0.0.1" in lab_command(8888)
    assert "--Voila.ip=127.0.0.1" in voila_command(paths.NOTEBOOKS / "02_casus.ipynb", 8866)
    assert not any("0.0.0.0" in part for part in lab_command(1) + voila_command(paths.ROOT, 1))


def test_help_lists_both_commands(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "lab" in out and "app" in out
