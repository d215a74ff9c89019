"""``leerrecht lab`` and ``leerrecht app NOTEBOOK``: JupyterLab or a Voila app on this computer.

Both bind to 127.0.0.1 and pass the cohort's settings to the notebooks through environment
variables (the contract of :mod:`leerrecht.notebook`, which reads them):
``LEERRECHT_COHORT`` (cohort name), ``LEERRECHT_COHORT_FILE``, ``LEERRECHT_ANSWERS``
(answers folder), ``LEERRECHT_TRAINEE`` (pseudonym, when given), ``LEERRECHT_CASE`` (case
for 02_casus, when given) and ``LEERRECHT_ROLE`` (trainer or deelnemer: trainer notes show
only for the cohort's trainer).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

DEFAULT_LAB_PORT = 8888
DEFAULT_APP_PORT = 8866


def _port(text: str) -> int:
    """A TCP port number for argparse: 1-65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r} (e.g. 8888)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 1-65535 (e.g. 8888)")
    return port


def _common(parser: argparse.ArgumentParser, port: int) -> None:
    parser.add_argument(
        "--cohort",
        metavar="FILE",
        default="",
        help="cohort file (default: cohorts/voorbeeld.yml); sets the answers folder",
    )
    parser.add_argument(
        "--trainee",
        metavar="NAME",
        default="",
        help="pseudonym of the trainee (or the trainer) who works here; "
        "without it answers are not saved",
    )
    parser.add_argument("--case", metavar="ID", default="", help="case for 02_casus")
    parser.add_argument("--port", type=_port, default=port, help=f"port (default {port})")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the command and environment instead of starting the server",
    )


def register(subparsers) -> None:
    lab = subparsers.add_parser(
        "lab",
        help="start JupyterLab on this computer with a cohort's settings",
        description="Start JupyterLab on 127.0.0.1 in the project folder. Answers are saved "
        "in the cohort's answers folder under the trainee's pseudonym.",
    )
    _common(lab, DEFAULT_LAB_PORT)
    lab.set_defaults(group_parser=lab, func=run_lab)

    app = subparsers.add_parser(
        "app",
        help="open a notebook as an app without code (Voila)",
        description="Serve one notebook with Voila on 127.0.0.1: only text, buttons and "
        "plots, never code.",
    )
    app.add_argument("notebook", help="notebook name or path, e.g. 02_casus")
    _common(app, DEFAULT_APP_PORT)
    app.set_defaults(group_parser=app, func=run_app)


def app_environment(
    cohort_file: str = "",
    trainee: str = "",
    case: str = "",
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment for the server: ``base`` plus the cohort's settings.

    Raises :class:`UserError` for a bad cohort file, an unsafe pseudonym, a trainee who is
    not in the cohort, or an unknown case.
    """
    from leerrecht import notebook as nb
    from leerrecht.core import paths
    from leerrecht.core.errors import UserError
    from leerrecht.domain.answers import check_pseudonym
    from leerrecht.domain.cases import case_files
    from leerrecht.domain.cohort import load_cohort

    path = Path(cohort_file) if cohort_file else paths.COHORTS / "voorbeeld.yml"
    # The file itself must be valid; a notebook it names that is missing must not block
    # opening the others.
    cohort = load_cohort(path, check_references_exist=False)
    env = dict(os.environ if base is None else base)
    for key in (nb.ENV_TRAINEE, nb.ENV_CASE, nb.ENV_ROLE):
        env.pop(key, None)  # only what this command says counts
    env[nb.ENV_COHORT] = cohort.naam
    env[nb.ENV_COHORT_FILE] = str(path.resolve())
    env[nb.ENV_ANSWERS] = str(cohort.answers_root)
    if trainee:
        check_pseudonym(trainee, field="--trainee")
        allowed = [*cohort.deelnemers, cohort.trainer]
        if trainee not in allowed:
            raise UserError.single(
                f"{trainee!r} is not a trainee or the trainer of cohort {cohort.naam}",
                file=path,
                field="--trainee",
                hint=f"use one of: {', '.join(allowed)}",
            )
        env[nb.ENV_TRAINEE] = trainee
    env[nb.ENV_ROLE] = nb.ROLE_TRAINER if trainee and trainee == cohort.trainer else nb.ROLE_TRAINEE
    if case:
        known = [p.stem for p in case_files()]
        if case not in known:
            raise UserError.single(
                f"unknown case {case!r}", field="--case", hint=f"use one of: {', '.join(known)}"
            )
        env[nb.ENV_CASE] = case
    return env


def notebook_path(name: str) -> Path:
    """A notebook by stem (``02_casus``), file name or path; UserError if it does not exist."""
    from leerrecht.core import paths
    from leerrecht.core.errors import UserError

    candidates = [Path(name), paths.NOTEBOOKS / name, paths.NOTEBOOKS / f"{name}.ipynb"]
    for candidate in candidates:
        if candidate.is_file() and candidate.suffix == ".ipynb":
            return candidate.resolve()
    known = sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb"))
    raise UserError.single(
        f"unknown notebook {name!r}", field="NOTEBOOK", hint=f"use one of: {', '.join(known)}"
    )


def lab_command(port: int, open_browser: bool = True, lab_dir: Path | None = None) -> list[str]:
    """The JupyterLab command; with ``lab_dir`` (see :mod:`leerrecht.hub.traineelab`) it is
    the trainee's Lab: Dutch, no news toast, no placeholder lines of hidden code."""
    from leerrecht.core import paths

    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={paths.ROOT}",
        "--ServerApp.default_url=/lab/tree/notebooks",
    ]
    if lab_dir is not None:
        from leerrecht.hub.traineelab import lab_arguments

        cmd += lab_arguments(lab_dir)
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def trainee_lab_environment(env: dict[str, str], lab_dir: Path) -> dict[str, str]:
    """custom.css from ``lab_dir``; the user's own Lab settings stay where they were."""
    home_config = Path(env.get("JUPYTER_CONFIG_DIR") or Path.home() / ".jupyter")
    env.setdefault("JUPYTERLAB_SETTINGS_DIR", str(home_config / "lab" / "user-settings"))
    env.setdefault("JUPYTERLAB_WORKSPACES_DIR", str(home_config / "lab" / "workspaces"))
    env["JUPYTER_CONFIG_DIR"] = str(lab_dir / "config")
    return env


def voila_command(notebook: Path, port: int, open_browser: bool = True) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--show_tracebacks=False",
    ]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def _run(cmd: list[str], env: dict[str, str], dry_run: bool) -> int:
    if dry_run:
        for key in sorted(k for k in env if k.startswith("LEERRECHT_")):
            print(f"{key}={env[key]}")
        print(" ".join(cmd))
        return 0
    print(f"Starting {cmd[3]} on 127.0.0.1 (stop with Ctrl+C)", flush=True)
    if os.name == "posix":
        # Become the server: whoever started `leerrecht lab/app` can stop it by this PID,
        # and no orphaned server is left behind.
        os.execve(cmd[0], cmd, env)
    try:  # pragma: no cover - Windows
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:  # pragma: no cover
        return 130


def run_lab(args: argparse.Namespace) -> int:
    from leerrecht.hub.traineelab import default_lab_dir, write_lab_files

    env = app_environment(args.cohort, args.trainee, args.case)
    lab_dir = default_lab_dir(env)
    if not args.dry_run:
        write_lab_files(lab_dir)
    env = trainee_lab_environment(env, lab_dir)
    return _run(lab_command(args.port, not args.no_browser, lab_dir), env, args.dry_run)


def run_app(args: argparse.Namespace) -> int:
    notebook = notebook_path(args.notebook)
    env = app_environment(args.cohort, args.trainee, args.case)
    return _run(voila_command(notebook, args.port, not args.no_browser), env, args.dry_run)
