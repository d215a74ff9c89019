"""``leerrecht hub config``: the files a class hub reads, written privately.

The configuration folder (default: outside ``output/``, see :func:`default_config_dir`) is
0700 and every file holding a secret is 0600 from its first byte. Regenerating keeps the
credentials (see :mod:`leerrecht.hub.logins`); ``new_logins`` replaces them on purpose.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leerrecht.core import paths
from leerrecht.core.errors import UserError
from leerrecht.hub import logins as lg
from leerrecht.hub.cards import write_cards
from leerrecht.hub.links import COURSE_DIR, check_hub_url
from leerrecht.hub.private import private_dir, write_private_json, write_private_text
from leerrecht.hub.traineelab import lab_files, write_lab_files
from leerrecht.hub.users import ClassUsers, class_users

if TYPE_CHECKING:
    from leerrecht.domain.cohort import Cohort

SERVICE = "leerrecht-collect"
MODES = ("local", "tljh")
LOCAL_HUB_URL = "http://127.0.0.1:8000"
TRAINEE_LAB = "trainee-lab"  # JupyterLab settings and CSS for trainee servers (not secret)

# Files copied next to the configuration, so the hub needs no leerrecht package to load it.
_MODULES = {"leerrecht_authenticator.py": "authenticator.py", "leerrecht_kdf.py": "kdf.py"}


def default_config_dir(cohort_name: str, env: dict[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/leerrecht/hub/<cohort>`` (default ``~/.config``): never in
    ``output/``, whose editions a trainer shares."""
    env = dict(os.environ) if env is None else env
    base = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "leerrecht" / "hub" / cohort_name


def template_dir() -> Path:
    """``deploy/hub`` of the project (the configuration template lives there)."""
    return paths.ROOT / "deploy" / "hub"


def find_proxy() -> str | None:
    """The project's pinned configurable-http-proxy (``npm ci``), else the one on PATH."""
    pinned = paths.ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
    if pinned.exists():
        return str(pinned)
    return shutil.which("configurable-http-proxy")


def hub_settings(users: ClassUsers, mode: str, proxy_command: str | None) -> dict[str, Any]:
    """The content of ``hub.json``."""
    if mode not in MODES:
        raise UserError.single(
            f"unknown hub mode {mode!r}", field="mode", hint=f"use one of: {', '.join(MODES)}"
        )
    return {
        "cohort": users.cohort,
        "trainer": users.trainer,
        "trainees": list(users.trainees),
        "mode": mode,
        "course_dir": COURSE_DIR,
        "service": SERVICE,
        "proxy_command": proxy_command if mode == "local" else None,
        # Trainee servers must read this folder: on TLJH copy it somewhere world-readable
        # and put that path here (docs/hub.md).
        "trainee_lab_dir": TRAINEE_LAB,
    }


@dataclass
class HubConfig:
    folder: Path
    files: list[Path]
    added: list[str] = field(default_factory=list)  # users who got new credentials
    removed: list[str] = field(default_factory=list)  # users whose login was withdrawn
    kept: bool = False  # existing credentials were kept


def _template() -> Path:
    template = template_dir() / "jupyterhub_config.py"
    if not template.is_file():
        raise UserError.single(
            "the hub configuration template is missing",
            file=template,
            hint="run this command from a full copy of the leerrecht repository",
        )
    return template


def write_hub_config(
    cohort: Cohort,
    out_dir: str | Path,
    *,
    mode: str = "local",
    source: str | Path | None = None,
    new_logins: bool = False,
    hub_url: str = "",
    course_link: str = "",
) -> HubConfig:
    """Write the hub's configuration for ``cohort`` into ``out_dir``.

    Every check runs before the first byte is written: a bad class, a bad mode or damaged
    credentials leave ``out_dir`` as it was.
    """
    users = class_users(cohort, source)
    settings = hub_settings(users, mode, find_proxy())
    template = _template()
    hub_url = check_hub_url(hub_url) if hub_url else LOCAL_HUB_URL
    settings.update(hub_url=hub_url, course_link=course_link)
    out = Path(out_dir)
    keep_hashes: dict[str, dict] = {}
    if out.exists() and lg.existing_state(out) and not new_logins:
        old = lg.read_logins(out)  # raises for missing or damaged files: nothing regenerated
        keep_hashes = lg.read_records(out)
        class_logins, added, removed = old.for_users(users)
        kept = True
    else:
        class_logins, added, removed, kept = lg.issue(users), list(users.everyone), [], False
    keep_hashes = {n: r for n, r in keep_hashes.items() if n in class_logins.passwords}
    private_dir(out)
    here = Path(__file__).resolve().parent
    files = [
        write_private_text(out / "jupyterhub_config.py", template.read_text(encoding="utf-8")),
        *(
            write_private_text(out / name, (here / module).read_text(encoding="utf-8"))
            for name, module in _MODULES.items()
        ),
        write_private_json(out / "hub.json", settings),
        write_private_text(out / "users.txt", "".join(f"{n}\n" for n in users.trainees)),
    ]
    lab = write_lab_files(out / TRAINEE_LAB)
    files += [lab / rel for rel in lab_files()]
    files += lg.write_logins(out, users, class_logins, keep_hashes)
    files.append(write_cards(out, users, class_logins, hub_url, course_link))
    return HubConfig(out, files, added, removed, kept)


def reset_login(cohort: Cohort, out_dir: str | Path, name: str) -> str:
    """A new password for ``name`` alone; returns it. Everyone else's stays as it was."""
    users = class_users(cohort)
    if name not in users.everyone:
        raise UserError.single(
            f"{name!r} is not in cohort {users.cohort}",
            field="name",
            hint=f"one of: {', '.join(users.everyone)}",
        )
    out = Path(out_dir)
    old = lg.read_logins(out)
    if name not in old.passwords:
        raise UserError.single(
            f"{name!r} has no login yet",
            file=out,
            hint="run `leerrecht hub config COHORT.yml` to give new trainees a login",
        )
    hashes = {n: r for n, r in lg.read_records(out).items() if n != name}
    password = lg.new_password(5 if name == users.trainer else 3)
    passwords = {n: (password if n == name else pw) for n, pw in old.passwords.items()}
    logins = lg.ClassLogins(passwords, old.service_token)
    private_dir(out)
    lg.write_logins(out, _users_of(users, passwords), logins, hashes)
    settings = _read_settings(out)
    write_cards(
        out,
        users,
        logins,
        settings.get("hub_url") or LOCAL_HUB_URL,
        settings.get("course_link") or "",
    )
    return password


def _read_settings(out: Path) -> dict[str, Any]:
    import json

    try:
        return json.loads((out / "hub.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _users_of(users: ClassUsers, passwords: dict[str, str]) -> ClassUsers:
    """The users as the credential files know them (a reset never adds or removes anyone)."""
    trainees = tuple(n for n in passwords if n != users.trainer)
    return ClassUsers(users.cohort, users.trainer, trainees)
