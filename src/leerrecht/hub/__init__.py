"""A whole class on one JupyterHub: hub configuration, nbgitpuller links, answer collection.

- :func:`write_hub_config` turns a cohort into the files ``deploy/hub/jupyterhub_config.py``
  reads: the allow-list (trainees), the admin (trainer), passwords and the collect token.
- :func:`course_links` builds the nbgitpuller links a trainer shares: one click logs the
  trainee in, starts their server, pulls the course into ``~/course`` (never overwriting
  the trainee's own edits) and opens the notebook.
- :func:`collect_answers` fetches every trainee's answers file from their own home through
  the hub's API (service token, scope ``access:servers``) into the trainer's answers folder,
  where the cohort report reads them. Only lines that carry the file owner's name and the
  cohort's name are kept, so a trainee cannot put answers in another trainee's name.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.core.fileio import atomic_write_json, atomic_write_text
from leerrecht.notebook import CASE_NOTEBOOK

if TYPE_CHECKING:
    from leerrecht.domain.cohort import Cohort

# A hub user becomes the Unix user ``jupyter-<name>`` on The Littlest JupyterHub; Linux
# user names start with a letter and are at most 32 characters, "jupyter-" takes 8.
USERNAME = re.compile(r"[a-z][a-z0-9_-]{0,23}")
USERNAME_HINT = (
    "a hub user name starts with a lower-case letter, then lower-case letters, digits, "
    "'-' or '_', at most 24 characters in all"
)
COURSE_DIR = "course"  # the folder in each home that nbgitpuller pulls the course into
SERVICE = "leerrecht-collect"
MODES = ("local", "tljh")


@dataclass(frozen=True)
class ClassUsers:
    """Who may use the hub for one cohort."""

    cohort: str
    trainer: str
    trainees: tuple[str, ...]


def class_users(cohort: Cohort, source: str | Path | None = None) -> ClassUsers:
    """The hub's users for ``cohort``; raise :class:`UserError` before any hub starts.

    Checks: at least one trainee, no name twice, every name a valid hub user name, and the
    trainer not also listed as a trainee (the trainer logs in with the admin password).
    """
    problems: list[Problem] = []
    if not cohort.deelnemers:
        problems.append(
            Problem(
                "the cohort has no trainees, so nobody could log in to the hub",
                file=source,
                field="deelnemers",
                hint="list the trainees' pseudonyms under 'deelnemers'",
            )
        )
    seen: set[str] = set()
    for i, name in enumerate(cohort.deelnemers):
        if name in seen:
            problems.append(
                Problem(
                    f"trainee {name!r} is listed twice",
                    file=source,
                    field=f"deelnemers.{i}",
                    hint="every trainee needs a name of their own",
                )
            )
        seen.add(name)
        if not USERNAME.fullmatch(name):
            problems.append(
                Problem(
                    f"{name!r} is not a valid hub user name",
                    file=source,
                    field=f"deelnemers.{i}",
                    hint=USERNAME_HINT,
                )
            )
    if not USERNAME.fullmatch(cohort.trainer):
        problems.append(
            Problem(
                f"{cohort.trainer!r} is not a valid hub user name",
                file=source,
                field="trainer",
                hint=USERNAME_HINT,
            )
        )
    if cohort.trainer in seen:
        problems.append(
            Problem(
                f"the trainer {cohort.trainer!r} is also listed as a trainee",
                file=source,
                field="trainer",
                hint="use a separate pseudonym for the trainer (the hub's admin)",
            )
        )
    if problems:
        raise UserError(problems)
    return ClassUsers(cohort.naam, cohort.trainer, tuple(cohort.deelnemers))


# --- configuration ---------------------------------------------------------------------------


def template_dir() -> Path:
    """``deploy/hub`` of the project (the configuration template lives there)."""
    return paths.ROOT / "deploy" / "hub"


def find_proxy() -> str | None:
    """The project's pinned configurable-http-proxy (``npm ci``), else the one on PATH."""
    pinned = paths.ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
    if pinned.exists():
        return str(pinned)
    return shutil.which("configurable-http-proxy")


def new_secrets() -> dict[str, str]:
    """Fresh passwords and token. The trainee password is short enough to type."""
    return {
        "user_password": secrets.token_urlsafe(9),  # 12 characters; the hub wants >= 8
        "admin_password": secrets.token_urlsafe(33),  # 44 characters; the hub wants >= 32
        "service_token": secrets.token_hex(32),
    }


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
        "proxy_command": proxy_command if mode == "local" else None,
    }


OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    }
}


def write_hub_config(
    cohort: Cohort,
    out_dir: str | Path,
    *,
    mode: str = "local",
    source: str | Path | None = None,
) -> list[Path]:
    """Write the hub's configuration for ``cohort`` into ``out_dir``; return the files.

    Existing secrets are kept, so regenerating the configuration for a running class
    (a trainee added) does not change anyone's password.
    """
    users = class_users(cohort, source)
    settings = hub_settings(users, mode, find_proxy())
    template = template_dir() / "jupyterhub_config.py"
    if not template.is_file():
        raise UserError.single(
            "the hub configuration template is missing",
            file=template,
            hint="run this command from a full copy of the leerrecht repository",
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        atomic_write_text(out / "jupyterhub_config.py", template.read_text(encoding="utf-8")),
        atomic_write_json(out / "hub.json", settings),
        atomic_write_text(out / "users.txt", "".join(f"{n}\n" for n in users.trainees)),
        atomic_write_json(out / "lab-settings" / "overrides.json", OVERRIDES),
    ]
    secrets_file = out / "secrets.json"
    if not secrets_file.exists():
        atomic_write_json(secrets_file, new_secrets())
    secrets_file.chmod(0o600)
    written.append(secrets_file)
    return written


def read_secrets(config_dir: str | Path) -> dict[str, str]:
    """The secrets written by :func:`write_hub_config`."""
    path = Path(config_dir) / "secrets.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError.single(
            "no hub secrets here", file=path, hint="run `leerrecht hub config COHORT.yml` first"
        ) from None


# --- the course repository and nbgitpuller links ---------------------------------------------


def repo_url(repo: str) -> str:
    """A git URL for nbgitpuller; a local folder becomes ``file://`` (shallow clones work)."""
    if "://" in repo or re.match(r"^[\w.-]+@[\w.-]+:", repo):
        return repo
    return Path(repo).expanduser().resolve().as_uri()


def check_repo(repo: str, branch: str, timeout: float = 30.0) -> None:
    """Raise :class:`UserError` unless ``repo`` is a git repository with ``branch``."""
    url = repo_url(repo)
    if url.startswith("file://"):
        local = Path(urllib.parse.unquote(urllib.parse.urlparse(url).path))
        if not local.exists():
            raise UserError.single(
                f"the course repository {repo!r} does not exist",
                field="repo",
                hint="give the URL of the course's git repository (or a local bare repository)",
            )
    try:
        result = subprocess.run(
            ["git", "ls-remote", "--heads", url, branch],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UserError.single(
            f"could not reach the course repository {repo!r}: {exc}", field="repo"
        ) from None
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or ["git ls-remote failed"]
        raise UserError.single(
            f"{repo!r} is not a reachable git repository ({detail[0]})",
            field="repo",
            hint="check the URL; the hub must be able to clone it",
        )
    if not result.stdout.strip():
        raise UserError.single(
            f"the course repository {repo!r} has no branch {branch!r}",
            field="branch",
            hint="push the course to that branch or pass --branch",
        )


def gitpuller_link(
    hub_url: str, repo: str, branch: str, open_path: str, targetpath: str = COURSE_DIR
) -> str:
    """One nbgitpuller link: log in, start the server, pull the course, open ``open_path``.

    ``open_path`` is relative to the course folder, e.g. ``notebooks/02_casus.ipynb``.
    """
    query = urllib.parse.urlencode(
        {
            "repo": repo_url(repo),
            "branch": branch,
            "targetpath": targetpath,
            "urlpath": str(PurePosixPath("lab/tree") / targetpath / open_path),
        },
        quote_via=urllib.parse.quote,
    )
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


@dataclass(frozen=True)
class CourseLink:
    notebook: str
    case: str  # the case the notebook opens; "" for notebooks without a case
    url: str


def course_links(cohort: Cohort, hub_url: str, repo: str, branch: str = "main") -> list[CourseLink]:
    """The links a trainer shares: one per notebook of the cohort, in the cohort's order.

    The case notebook opens its default case on a hub (no ``LEERRECHT_CASE`` there): a link
    can open a file but cannot set a notebook parameter. :func:`cases_without_link` names
    the cohort's other cases.
    """
    from leerrecht.notebook import resolve_case_id

    links = []
    for stem in cohort.notebooks:
        url = gitpuller_link(hub_url, repo, branch, f"notebooks/{stem}.ipynb")
        case = resolve_case_id("", env={}) if stem == CASE_NOTEBOOK else ""
        links.append(CourseLink(stem, case, url))
    return links


def cases_without_link(cohort: Cohort) -> list[str]:
    """The cohort's cases that no link opens directly (all but the case notebook's default)."""
    from leerrecht.notebook import resolve_case_id

    if CASE_NOTEBOOK not in cohort.notebooks:
        return []
    default = resolve_case_id("", env={})
    return [case for case in cohort.casussen if case != default]


# --- collecting answers -------------------------------------------------------------------


def owned_lines(text: str, cohort: str, trainee: str) -> tuple[list[str], int]:
    """The answer lines of ``trainee``'s own file that are really theirs, and how many not.

    A line is kept only if it is a valid answer with this cohort and this trainee: the file
    lives in the trainee's home, which they can write, so its content is not trusted.
    """
    from leerrecht.domain.answers import Answer

    kept: list[str] = []
    rejected = 0
    for raw in text.splitlines():
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            answer = Answer.from_mapping(data)
        except ValueError:
            rejected += 1
            continue
        if answer.trainee != trainee or answer.cohort != cohort:
            rejected += 1
            continue
        kept.append(answer.to_line())
    return kept, rejected


class HubClient:
    """The few calls of the JupyterHub REST API the collector needs (standard library only)."""

    def __init__(self, hub_url: str, token: str, timeout: float = 30.0):
        self.base = hub_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str) -> tuple[int, bytes]:
        req = urllib.request.Request(
            self.base + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (urllib.error.URLError, OSError) as exc:
            raise UserError.single(
                f"cannot reach the hub at {self.base}: {exc}",
                field="hub-url",
                hint="check the hub URL and that the hub is running",
            ) from None

    def user(self, name: str) -> dict[str, Any] | None:
        status, body = self.request("GET", f"/hub/api/users/{urllib.parse.quote(name)}")
        if status == 404:
            return None
        self._check(status, body, f"reading user {name}")
        return json.loads(body)

    def server_ready(self, name: str) -> bool:
        info = self.user(name)
        return bool(info and info.get("servers", {}).get("", {}).get("ready"))

    def start(self, name: str) -> None:
        status, body = self.request("POST", f"/hub/api/users/{urllib.parse.quote(name)}/server")
        if status not in (201, 202, 400):  # 400: already running
            self._check(status, body, f"starting {name}'s server")

    def stop(self, name: str) -> None:
        status, body = self.request("DELETE", f"/hub/api/users/{urllib.parse.quote(name)}/server")
        if status not in (202, 204, 400):
            self._check(status, body, f"stopping {name}'s server")

    def file_text(self, name: str, path: str) -> str | None:
        """A text file from ``name``'s home, or None if it does not exist."""
        quoted = urllib.parse.quote(path)
        status, body = self.request(
            "GET",
            f"/user/{urllib.parse.quote(name)}/api/contents/{quoted}?type=file&format=text&content=1",
        )
        if status == 404:
            return None
        self._check(status, body, f"reading {path} of {name}")
        return json.loads(body)["content"]

    def _check(self, status: int, body: bytes, what: str) -> None:
        if status >= 300:
            hint = "the token needs the scopes of the leerrecht-collect service"
            raise UserError.single(
                f"the hub refused {what}: HTTP {status} {body[:200]!r}", hint=hint
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect means 'log in' or 'server not running': report it, do not follow it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class CollectReport:
    collected: dict[str, int] = field(default_factory=dict)  # trainee -> answers kept
    rejected: dict[str, int] = field(default_factory=dict)  # trainee -> lines refused
    missing: list[str] = field(default_factory=list)  # no answers file yet
    started: list[str] = field(default_factory=list)  # servers started (and stopped) for this


def collect_answers(
    cohort: Cohort,
    client: HubClient,
    dest: str | Path | None = None,
    *,
    start_stopped: bool = True,
    ready_timeout: float = 120.0,
) -> CollectReport:
    """Copy every trainee's answers from their home to ``dest`` (default: the cohort's folder).

    Each trainee's file is replaced as a whole (written beside and renamed), so a report
    never reads half a file. Servers that are not running are started for the copy and
    stopped again when ``start_stopped``; otherwise they count as missing.
    """
    users = class_users(cohort)
    dest = Path(dest) if dest is not None else cohort.answers_path
    report = CollectReport()
    stopped = [n for n in users.trainees if not client.server_ready(n)]
    if start_stopped and stopped:
        for name in stopped:
            client.start(name)
        _wait_ready(client, stopped, ready_timeout)
        report.started = list(stopped)
    try:
        for name in users.trainees:
            if name in stopped and not start_stopped:
                report.missing.append(name)
                continue
            text = client.file_text(name, f"answers/{users.cohort}/{name}.jsonl")
            if text is None:
                report.missing.append(name)
                continue
            kept, rejected = owned_lines(text, users.cohort, name)
            atomic_write_text(dest / f"{name}.jsonl", "".join(kept))
            report.collected[name] = len(kept)
            if rejected:
                report.rejected[name] = rejected
    finally:
        for name in report.started:
            client.stop(name)
    return report


def _wait_ready(client: HubClient, names: Iterable[str], timeout: float) -> None:
    waiting = set(names)
    deadline = time.monotonic() + timeout
    while waiting:
        waiting = {n for n in waiting if not client.server_ready(n)}
        if not waiting:
            return
        if time.monotonic() > deadline:
            raise UserError.single(
                f"servers not ready after {timeout:.0f} s: {', '.join(sorted(waiting))}",
                hint="try again, or collect with --no-start while the class is online",
            )
        time.sleep(0.5)
