"""A whole class on one JupyterHub.

- :mod:`.users`: who may log in (the cohort's trainees and trainer, checked);
- :mod:`.logins`, :mod:`.kdf`, :mod:`.cards`: one login per person, salted slow hashes,
  the trainer's list and printable cards; :mod:`.authenticator` is what the hub runs;
- :mod:`.private`: files only their owner can read, from the first byte;
- :mod:`.config`: ``leerrecht hub config`` (the folder ``deploy/hub`` config reads);
- :mod:`.links`: nbgitpuller links to the Voila app (or JupyterLab) of each notebook;
- :mod:`.client`: the hub's REST API, with the collect service's scoped token;
- :mod:`.collect`: merge every trainee's own answers into the trainer's copy;
- :mod:`.live`, :mod:`.liveserver`: the trainer's live view for the room;
- :mod:`.z2jh`: a values file for zero-to-jupyterhub on Kubernetes.

The names below are the ones other packages and tests use.
"""

from leerrecht.hub.client import HubClient
from leerrecht.hub.collect import CollectReport, collect_answers, owned_answers, owned_lines
from leerrecht.hub.config import (
    MODES,
    SERVICE,
    default_config_dir,
    find_proxy,
    reset_login,
    template_dir,
    write_hub_config,
)
from leerrecht.hub.links import (
    CASE_NOTEBOOK,
    COURSE_DIR,
    CourseLink,
    cases_without_link,
    check_hub_url,
    check_repo,
    course_links,
    gitpuller_link,
    repo_url,
)
from leerrecht.hub.logins import read_logins, read_token
from leerrecht.hub.users import USERNAME, ClassUsers, class_users

__all__ = [
    "CASE_NOTEBOOK",
    "COURSE_DIR",
    "MODES",
    "SERVICE",
    "USERNAME",
    "ClassUsers",
    "CollectReport",
    "CourseLink",
    "HubClient",
    "cases_without_link",
    "check_hub_url",
    "check_repo",
    "class_users",
    "collect_answers",
    "course_links",
    "default_config_dir",
    "find_proxy",
    "gitpuller_link",
    "owned_answers",
    "owned_lines",
    "read_logins",
    "read_token",
    "repo_url",
    "reset_login",
    "template_dir",
    "write_hub_config",
]
