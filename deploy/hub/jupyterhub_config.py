"""JupyterHub configuration for one leerrecht class (cohort).

Do not edit per class: ``leerrecht hub config COHORT.yml --out DIR`` copies this file into
DIR next to the files it reads:

- ``hub.json``      the cohort name, the trainer (admin), the trainees (allow-list), the mode
- ``users.txt``     the same user list, one name a line, for people
- ``logins.json``   one salted scrypt hash per trainee and for the trainer (no passwords)
- ``secrets.json``  the token of the ``leerrecht-collect`` service
- ``inloggegevens.csv``, ``inlogkaarten.html``  the trainer's list and printable cards
- ``leerrecht_authenticator.py``, ``leerrecht_kdf.py``  the authenticator (stdlib + JupyterHub)
- ``trainee-lab/``  JupyterLab for trainees: ``settings/overrides.json`` (Dutch, no news
                    toast, kernel starts without asking) and ``config/custom/custom.css``
                    (hidden code leaves no placeholder line)

The folder is 0700 and every file in it 0600; regenerating keeps everyone's credentials.

Two modes (``hub.json`` → ``mode``):

- ``local``: a complete hub on one machine for tests and trials. Loopback only, every
  trainee's home in ``$LEERRECHT_HUB_HOMES/<name>``, all servers as the hub's own Unix user
  (SimpleLocalProcessSpawner: no isolation between homes beyond the hub's HTTP auth).
  Environment: ``LEERRECHT_HUB_STATE`` (database, cookie secret, pid files),
  ``LEERRECHT_HUB_HOMES``, ``LEERRECHT_HUB_PORT`` (public port; proxy API on +1, hub on +81),
  ``LEERRECHT_HUB_IP`` (default 127.0.0.1).
- ``tljh``: loaded by The Littlest JupyterHub from ``/opt/tljh/config/jupyterhub_config.d/``
  (see docs/hub.md). TLJH keeps its own ports, proxy and spawner (SystemdSpawner: one Unix
  user ``jupyter-<name>`` and one systemd unit per trainee); this file only adds the class:
  authenticator, allow-list, admin, start page, timeouts, environment, collect service.
"""

# ``c`` comes from the config loader:
# ruff: noqa: F821

import ipaddress
import json
import os
import pwd
import sys
from pathlib import Path

HERE = Path(os.environ.get("LEERRECHT_HUB_DIR") or Path(__file__).resolve().parent)
SETTINGS = json.loads((HERE / "hub.json").read_text(encoding="utf-8"))
SECRETS = json.loads((HERE / "secrets.json").read_text(encoding="utf-8"))
MODE = SETTINGS["mode"]
COURSE_DIR = SETTINGS["course_dir"]  # the folder nbgitpuller pulls the course into
TRAINEES = list(SETTINGS["trainees"])

# --- who may log in ------------------------------------------------------------------------
# Everyone has a login of their own (logins.json: salted hashes only); a trainee's password
# opens that trainee's account and no other. Nobody outside the allow-list gets in.
sys.path.insert(0, str(HERE))
from leerrecht_authenticator import LeerrechtAuthenticator  # noqa: E402

c.JupyterHub.authenticator_class = LeerrechtAuthenticator
c.LeerrechtAuthenticator.logins_file = str(HERE / "logins.json")
c.Authenticator.allowed_users = {*TRAINEES, SETTINGS["trainer"]}
c.Authenticator.admin_users = {SETTINGS["trainer"]}

# --- every trainee's server ------------------------------------------------------------------
c.Spawner.default_url = "/lab"
# A whole class logging in at once is CPU-bound: 25 servers took ~60 s on 2 cores. Both
# limits count: start_timeout until the spawner has started the server (systemd unit,
# pod), http_timeout until the started server answers (for a local process: all of it).
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# JupyterLab for everyone: Dutch, no news/update toast over the notebook, and no line of
# hidden code on screen (custom.css, found in JUPYTER_CONFIG_DIR below).
TRAINEE_LAB = HERE / SETTINGS.get("trainee_lab_dir", "trainee-lab")
c.Spawner.args = [
    f"--LabApp.app_settings_dir={TRAINEE_LAB / 'settings'}",
    "--LabApp.custom_css=True",
]


def _home(spawner):
    """The trainee's home folder, for either spawner."""
    home = getattr(spawner, "home_dir", None)  # SimpleLocalProcessSpawner
    if home:
        return home
    unix_name = spawner.user.name
    template = getattr(spawner, "unix_username_template", None)  # SystemdSpawner (TLJH)
    if template:
        unix_name = template.format(USERNAME=spawner.user.name, username=spawner.user.name)
    try:
        return pwd.getpwnam(unix_name).pw_dir
    except KeyError:
        return os.path.expanduser(f"~{unix_name}")


def _is_trainee(spawner):
    return spawner.user.name in TRAINEES


# Answers live in each trainee's own home: <home>/answers/<cohort>/<trainee>.jsonl. The
# trainer collects them through the hub API (`leerrecht hub collect`). The course that
# nbgitpuller pulled is the project folder (cases, data) for the leerrecht package.
c.Spawner.environment = {
    "LEERRECHT_COHORT": SETTINGS["cohort"],
    "LEERRECHT_TRAINEE": lambda sp: sp.user.name if _is_trainee(sp) else "",
    "LEERRECHT_ANSWERS": lambda sp: os.path.join(_home(sp), "answers") if _is_trainee(sp) else "",
    "LEERRECHT_HOME": lambda sp: os.path.join(_home(sp), COURSE_DIR),
    # Trainer-only cells (discussion guide, model answers) show for the trainer alone.
    "LEERRECHT_ROLE": lambda sp: "trainee" if _is_trainee(sp) else "trainer",
    # custom.css comes from the shared folder; what JupyterLab writes stays in the home.
    "JUPYTER_CONFIG_DIR": str(TRAINEE_LAB / "config"),
    "JUPYTERLAB_SETTINGS_DIR": lambda sp: os.path.join(_home(sp), ".jupyter/lab/user-settings"),
    "JUPYTERLAB_WORKSPACES_DIR": lambda sp: os.path.join(_home(sp), ".jupyter/lab/workspaces"),
}

# --- the trainer's collect service -----------------------------------------------------------
# `leerrecht hub collect` (and `leerrecht live --hub-url`) read each trainee's answers file
# through /user/<name>/api/contents and may start a stopped server for that (then stop it
# again). The token can do exactly that for this cohort's trainees: see their server state,
# start and stop their servers, reach them. Nothing of the trainer's, no admin rights.
SERVICE = SETTINGS.get("service", "leerrecht-collect")
c.JupyterHub.services = [{"name": SERVICE, "api_token": SECRETS["service_token"]}]
c.JupyterHub.load_roles = [
    {
        "name": SERVICE,
        "services": [SERVICE],
        "scopes": [
            f"{scope}!user={name}" for name in TRAINEES for scope in ("servers", "access:servers")
        ],
    }
]

if MODE == "local":
    STATE = Path(os.environ.get("LEERRECHT_HUB_STATE") or HERE / "state")
    HOMES = Path(os.environ.get("LEERRECHT_HUB_HOMES") or HERE / "homes")
    IP = os.environ.get("LEERRECHT_HUB_IP") or "127.0.0.1"
    PORT = int(os.environ.get("LEERRECHT_HUB_PORT") or 8000)
    # Every server runs as the hub's own Unix user here, so a trainee's terminal could read
    # this folder: a local hub is for trials on one machine, never on a network.
    try:
        _loopback = ipaddress.ip_address(IP).is_loopback
    except ValueError:
        _loopback = IP == "localhost"
    if not _loopback:
        raise SystemExit(
            f"leerrecht: LEERRECHT_HUB_IP={IP!r}: a 'local' hub listens on loopback only "
            "(127.0.0.1 or ::1); for a class on a network use --mode tljh (docs/hub.md)"
        )
    STATE.mkdir(parents=True, exist_ok=True)
    HOMES.mkdir(parents=True, exist_ok=True)

    c.JupyterHub.bind_url = f"http://{IP}:{PORT}"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = PORT + 81
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 1}"
    c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
    c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
    if SETTINGS.get("proxy_command"):
        c.ConfigurableHTTPProxy.command = [SETTINGS["proxy_command"]]

    # Tests and trials only: every server runs as the hub's own Unix user.
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
    c.Spawner.ip = "127.0.0.1"
    # The single-user server of the same environment as the hub, whatever PATH says.
    c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    if os.geteuid() == 0:  # CI and containers run as root; jupyter-server refuses otherwise
        c.Spawner.args.append("--allow-root")
elif MODE != "tljh":
    raise ValueError(f"hub.json: unknown mode {MODE!r} (expected 'local' or 'tljh')")
