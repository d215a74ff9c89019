"""A values file for zero-to-jupyterhub (JupyterHub on Kubernetes) for one class.

The same class as on one server: the :mod:`leerrecht.hub.authenticator` with the class's
hashes, the allow-list, the trainer as admin, the trainee Lab settings, the collect
service with its scoped token and the trainee's environment. Files travel in
``hub.extraFiles`` and ``singleuser.extraFiles`` (the chart keeps those in a Kubernetes
Secret); the logic is a small ``hub.extraConfig`` snippet. The values file holds the
token and the hashes, so it is written 0600 like the rest of the folder.

Chart reference: https://z2jh.jupyter.org/en/stable/resources/reference.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from leerrecht.hub.private import write_private_text
from leerrecht.hub.traineelab import lab_files

VALUES = "z2jh-values.yaml"
HUB_DIR = "/usr/local/etc/jupyterhub/leerrecht"
LAB_DIR = "/etc/leerrecht/trainee-lab"
HOME = "/home/jovyan"

# Runs inside the hub: the same rules as deploy/hub/jupyterhub_config.py, for KubeSpawner.
EXTRA_CONFIG = f"""
import json, os, sys
sys.path.insert(0, "{HUB_DIR}")
from leerrecht_authenticator import LeerrechtAuthenticator

with open("{HUB_DIR}/hub.json", encoding="utf-8") as handle:
    SETTINGS = json.load(handle)
TRAINEES = list(SETTINGS["trainees"])
c.JupyterHub.authenticator_class = LeerrechtAuthenticator
c.LeerrechtAuthenticator.logins_file = "{HUB_DIR}/logins.json"
c.Authenticator.allowed_users = {{*TRAINEES, SETTINGS["trainer"]}}
c.Authenticator.admin_users = {{SETTINGS["trainer"]}}


def _trainee(spawner):
    return spawner.user.name in TRAINEES


c.KubeSpawner.environment.update({{
    "LEERRECHT_COHORT": SETTINGS["cohort"],
    "LEERRECHT_TRAINEE": lambda sp: sp.user.name if _trainee(sp) else "",
    "LEERRECHT_ANSWERS": lambda sp: "{HOME}/answers" if _trainee(sp) else "",
    "LEERRECHT_ROLE": lambda sp: "trainee" if _trainee(sp) else "trainer",
}})
"""


def values(settings: dict[str, Any], logins_json: str, token: str, hub_url: str) -> dict:
    """The values for ``helm upgrade --install`` (merged over the chart's own defaults)."""
    here = Path(__file__).resolve().parent
    trainees = list(settings["trainees"])
    service = settings["service"]
    lab = lab_files()
    hub_files = {
        "leerrecht-authenticator": ("leerrecht_authenticator.py", here / "authenticator.py"),
        "leerrecht-kdf": ("leerrecht_kdf.py", here / "kdf.py"),
    }
    extra_files: dict[str, dict[str, str]] = {
        key: {"mountPath": f"{HUB_DIR}/{name}", "stringData": path.read_text(encoding="utf-8")}
        for key, (name, path) in hub_files.items()
    }
    extra_files["leerrecht-hub-json"] = {
        "mountPath": f"{HUB_DIR}/hub.json",
        "stringData": json.dumps(settings, indent=2) + "\n",
    }
    extra_files["leerrecht-logins"] = {
        "mountPath": f"{HUB_DIR}/logins.json",
        "stringData": logins_json,
    }
    result: dict[str, Any] = {
        "hub": {
            "extraFiles": extra_files,
            "extraConfig": {"leerrecht": EXTRA_CONFIG.lstrip()},
            "services": {service: {"apiToken": token}},
            "loadRoles": {
                service: {
                    "services": [service],
                    "scopes": [
                        f"{scope}!user={n}"
                        for n in trainees
                        for scope in ("servers", "access:servers")
                    ],
                }
            },
        },
        "singleuser": {
            "defaultUrl": "/lab",
            "startTimeout": 120,
            "extraEnv": {
                "LEERRECHT_HOME": f"{HOME}/{settings['course_dir']}",
                "JUPYTER_CONFIG_DIR": f"{LAB_DIR}/config",
                "JUPYTERLAB_SETTINGS_DIR": f"{HOME}/.jupyter/lab/user-settings",
                "JUPYTERLAB_WORKSPACES_DIR": f"{HOME}/.jupyter/lab/workspaces",
            },
            "extraFiles": {
                "leerrecht-" + rel.replace("/", "-").replace(".", "-"): {
                    "mountPath": f"{LAB_DIR}/{rel}",
                    "stringData": text,
                }
                for rel, text in lab.items()
            },
            "cmd": ["jupyterhub-singleuser"],
        },
    }
    result["hub"]["config"] = {
        "KubeSpawner": {
            "args": [f"--LabApp.app_settings_dir={LAB_DIR}/settings", "--LabApp.custom_css=True"],
        }
    }
    if hub_url:
        result["ingress"] = {"enabled": True, "hosts": [hub_url.split("://", 1)[1].split("/")[0]]}
    return result


def write_values(folder: Path, hub_url: str = "") -> Path:
    """Write ``z2jh-values.yaml`` from the files ``hub config`` just wrote into ``folder``."""
    from leerrecht.hub.logins import read_token

    settings = json.loads((folder / "hub.json").read_text(encoding="utf-8"))
    logins_json = (folder / "logins.json").read_text(encoding="utf-8")
    data = values(settings, logins_json, read_token(folder), hub_url)
    header = (
        "# zero-to-jupyterhub values for one leerrecht class, written by `leerrecht hub config "
        "--target z2jh`.\n# Holds the collect token and the login hashes: keep it private. "
        "The single-user image needs\n# leerrecht, voila, nbgitpuller and the Dutch language "
        "pack (set singleuser.image; see docs/hub.md).\n"
    )
    return write_private_text(folder / VALUES, header + yaml.safe_dump(data, sort_keys=False))
