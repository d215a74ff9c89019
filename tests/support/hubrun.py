"""Start and stop a real class JupyterHub on loopback (used by tests/hub and the benchmark).

A plain module so ``benchmarks/hub_class.py`` can import it. The hub runs the project's own
``deploy/hub/jupyterhub_config.py`` (written by ``leerrecht.hub.write_hub_config``) in
``local`` mode, with fresh state and home folders, and is stopped with its whole process
tree: :meth:`LocalHub.stop` returns every process that outlived the shutdown.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

from support import lab as lh

REPO_ROOT = Path(__file__).resolve().parents[2]

HUB_PORT = 18100  # proxy API on 18101, hub on 18181 (LocalHub)
TRAINEES = ("deelnemer-a", "deelnemer-b", "deelnemer-c")
TRAINER = "trainer-t"
COHORT = "klas-hub-test"

# What a hub server needs of the project to run the course notebooks (LEERRECHT_HOME).
COURSE_CONTENT = ("notebooks", "casestudies", "data", "protocols", "cohorts", "src")


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # As the servers do: a port whose old connections linger in TIME_WAIT is free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_hub_port(first: int = HUB_PORT, tries: int = 200) -> int:
    """A public port whose companions (+1 proxy API, +81 hub) are free too.

    Several test sessions may share a machine: each takes the first free block.
    """
    for port in range(first, first + tries * 3, 3):
        if all(port_is_free(p) for p in (port, port + 1, port + 81)):
            return port
    raise RuntimeError(f"no free block of loopback ports from {first}")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=leerrecht-test", "-c", "user.email=test@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def build_course_repo(workdir: Path, extra_files: dict[str, str] | None = None) -> Path:
    """A bare git repository ``<workdir>/repos/course`` holding the project's course content.

    No ``.git`` suffix: nbgitpuller names the target folder after the URL otherwise.
    """
    src = workdir / "course-src"
    src.mkdir(parents=True)
    for name in COURSE_CONTENT:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(
                source,
                src / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
            )
    (src / ".gitignore").write_text("/answers/\n/output/\n__pycache__/\n")
    for rel, text in (extra_files or {}).items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    git("init", "-q", "-b", "main", cwd=src)
    git("add", "-A", cwd=src)
    git("commit", "-q", "-m", "course", cwd=src)
    bare = workdir / "repos" / "course"
    bare.parent.mkdir(parents=True)
    git("clone", "-q", "--bare", str(src), str(bare), cwd=workdir)
    return bare


@dataclass
class LocalHub:
    """A JupyterHub process started from a config folder written by ``write_hub_config``."""

    config_dir: Path
    workdir: Path
    port: int
    server: lh.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def secrets(self) -> dict[str, str]:
        return json.loads((self.config_dir / "secrets.json").read_text())

    @property
    def passwords(self) -> dict[str, str]:
        """Everyone's own password, from the trainer's list ``inloggegevens.csv``."""
        from leerrecht.hub import read_logins

        return read_logins(self.config_dir).passwords

    @property
    def homes(self) -> Path:
        return self.workdir / "homes"

    @property
    def log_path(self) -> Path:
        return self.workdir / "hub.log"

    def start(self, timeout: float = 60.0) -> float:
        """Start the hub (it starts the proxy); return seconds until /hub/health answers."""
        busy = [p for p in (self.port, self.port + 1, self.port + 81) if not port_is_free(p)]
        if busy:
            raise RuntimeError(f"loopback ports in use: {busy}; is another hub test running?")
        state = self.workdir / "state"
        state.mkdir(parents=True, exist_ok=True)
        env = lh.isolated_jupyter_env(
            self.workdir / "jupyter",
            {
                "LEERRECHT_HUB_STATE": str(state),
                "LEERRECHT_HUB_HOMES": str(self.homes),
                "LEERRECHT_HUB_PORT": str(self.port),
            },
        )
        command = [
            str(Path(sys.executable).parent / "jupyterhub"),
            "-f",
            str(self.config_dir / "jupyterhub_config.py"),
        ]
        with self.log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=state,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.server = lh.Server(
            "jupyterhub",
            process,
            self.url,
            self.secrets["service_token"],
            self.log_path,
            {process.pid},
        )
        return lh.wait_http_ok(self.server, "/hub/health", timeout=timeout)

    def api(self, method: str, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
        """Call the hub with the collect service's token; returns (status, body)."""
        req = urllib.request.Request(
            self.url + path,
            method=method,
            headers={"Authorization": f"token {self.secrets['service_token']}"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def remember_children(self) -> None:
        if self.server is not None:
            self.server.remember_children()

    def stop(self, grace: float = 30.0) -> list[str]:
        """SIGTERM the hub (it stops the proxy and every server); return what was left."""
        if self.server is None:
            return []
        left = lh.stop_process_tree(self.server, grace=grace)
        for port in (self.port, self.port + 1, self.port + 81):
            if not port_is_free(port):
                left.append(f"port {port} still in use")
        return left

    def log_tail(self, chars: int = 6000) -> str:
        return self.server.log_tail(chars) if self.server else ""


def tree_memory_mb(pid: int) -> dict[str, float]:
    """RSS, USS and PSS in MB of one process and its descendants.

    RSS counts shared libraries once per process (too high for many servers); USS is what
    the tree alone uses; PSS adds its fair share of shared pages (the honest per-trainee cost).
    """
    rss = uss = pss = 0.0
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return {"rss": 0.0, "uss": 0.0, "pss": 0.0}
    for p in procs:
        try:
            info = p.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        uss += info.uss
        pss += getattr(info, "pss", info.uss)
    return {"rss": rss / 2**20, "uss": uss / 2**20, "pss": pss / 2**20}


def wait_servers_ready(
    hub: LocalHub, names: list[str], timeout: float, *, partial: bool = False
) -> dict[str, float]:
    """Poll the API until every user's server is ready; return seconds to ready per user.

    A server whose spawn failed (it disappears from the user's servers) stops the wait for
    that user. With ``partial`` the users that never became ready are left out of the
    result; otherwise a missing user raises.
    """
    start = time.monotonic()
    ready: dict[str, float] = {}
    failed: set[str] = set()
    while len(ready) + len(failed) < len(names) and time.monotonic() - start < timeout:
        for name in names:
            if name in ready or name in failed:
                continue
            status, body = hub.api("GET", f"/hub/api/users/{name}")
            server = json.loads(body).get("servers", {}).get("") if status == 200 else None
            if server and server.get("ready"):
                ready[name] = time.monotonic() - start
            elif status == 200 and server is None:
                failed.add(name)
        time.sleep(0.5)
    missing = sorted(set(names) - set(ready))
    if missing and not partial:
        raise TimeoutError(f"not ready after {time.monotonic() - start:.0f} s: {missing}")
    return ready
