"""The course repository and the nbgitpuller links a trainer shares.

One click logs the trainee in, starts their server, pulls the course into ``~/course``
(never overwriting the trainee's own edits) and opens the notebook: by default as a Voila
app (no code, widgets live at once), or in JupyterLab for those who want the code.
"""

from __future__ import annotations

import os
import re
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from leerrecht.core.errors import UserError
from leerrecht.notebook import CASE_NOTEBOOK

if TYPE_CHECKING:
    from leerrecht.domain.cohort import Cohort

COURSE_DIR = "course"  # the folder in each home that nbgitpuller pulls the course into
VIEWS = {"voila": "voila/render", "lab": "lab/tree"}


def repo_url(repo: str) -> str:
    """A git URL for nbgitpuller; a local folder becomes ``file://`` (shallow clones work)."""
    if "://" in repo or re.match(r"^[\w.-]+@[\w.-]+:", repo):
        return repo
    return Path(repo).expanduser().resolve().as_uri()


def check_hub_url(hub_url: str, field: str = "hub-url") -> str:
    """``hub_url`` without a trailing slash; :class:`UserError` unless it is http(s)://host."""
    parsed = urllib.parse.urlparse(hub_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UserError.single(
            f"{hub_url!r} is not a hub address",
            field=field,
            hint="give the address trainees open, e.g. https://hub.example.nl",
        )
    return hub_url.rstrip("/")


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
    hub_url: str,
    repo: str,
    branch: str,
    open_path: str,
    targetpath: str = COURSE_DIR,
    view: str = "lab",
) -> str:
    """One nbgitpuller link: log in, start the server, pull the course, open ``open_path``.

    ``open_path`` is relative to the course folder, e.g. ``notebooks/02_casus.ipynb``;
    ``view`` is ``voila`` (the app, no code) or ``lab``.
    """
    query = urllib.parse.urlencode(
        {
            "repo": repo_url(repo),
            "branch": branch,
            "targetpath": targetpath,
            "urlpath": str(PurePosixPath(VIEWS[view]) / targetpath / open_path),
        },
        quote_via=urllib.parse.quote,
    )
    return f"{check_hub_url(hub_url)}/hub/user-redirect/git-pull?{query}"


@dataclass(frozen=True)
class CourseLink:
    notebook: str
    case: str  # the case the notebook opens; "" for notebooks without a case
    url: str  # the Voila app: what trainees click
    lab_url: str  # the same notebook in JupyterLab, code included


def course_links(cohort: Cohort, hub_url: str, repo: str, branch: str = "main") -> list[CourseLink]:
    """The links a trainer shares: one per notebook of the cohort, in the cohort's order.

    The case notebook opens its default case on a hub (no ``LEERRECHT_CASE`` there): a link
    can open a file but cannot set a notebook parameter. :func:`cases_without_link` names
    the cohort's other cases.
    """
    from leerrecht.notebook import resolve_case_id

    links = []
    for stem in cohort.notebooks:
        path = f"notebooks/{stem}.ipynb"
        case = resolve_case_id("", env={}) if stem == CASE_NOTEBOOK else ""
        links.append(
            CourseLink(
                stem,
                case,
                gitpuller_link(hub_url, repo, branch, path, view="voila"),
                gitpuller_link(hub_url, repo, branch, path, view="lab"),
            )
        )
    return links


def cases_without_link(cohort: Cohort) -> list[str]:
    """The cohort's cases that no link opens directly (all but the case notebook's default)."""
    from leerrecht.notebook import resolve_case_id

    if CASE_NOTEBOOK not in cohort.notebooks:
        return []
    default = resolve_case_id("", env={})
    return [case for case in cohort.casussen if case != default]
