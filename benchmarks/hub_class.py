"""A whole class starting at once on one JupyterHub: time until all ready, memory per trainee.

Starts the project's class hub (deploy/hub, ``local`` mode: SimpleLocalProcessSpawner) on
loopback with fresh temporary folders, then

1. baseline: one trainee server started alone (time to ready);
2. the class: 25 trainee servers requested at the same moment (time until all are ready;
   ratio against 25 x the baseline, i.e. against starting them one after another);
3. memory: every trainee server idle (RSS and USS of its process tree), and an *active*
   trainee: the server plus a kernel that imported what the case notebook imports;
4. shutdown: time to stop, and every started process must be gone.

Targets (issue 9): all 25 ready in under 60 s; under 250 MB per active trainee.
Run:  .venv/bin/python benchmarks/hub_class.py [--trainees 25] [--active 3]
Needs the pinned proxy (``npm ci``) or configurable-http-proxy on PATH.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support import hubrun  # noqa: E402

PORT = 18200  # the hub test uses 18100
CASE_NOTEBOOK = ROOT / "notebooks" / "02_casus.ipynb"
FALLBACK_CODE = "import ipywidgets\nimport leerrecht.domain.answers, leerrecht.domain.cases, leerrecht.views.widgets.walk\n"


def active_code() -> tuple[str, str]:
    """What an active trainee's kernel runs: the case notebook's code cells (or imports)."""
    if not CASE_NOTEBOOK.exists():
        return "imports of the case notebook's modules", FALLBACK_CODE
    import nbformat

    nb = nbformat.read(CASE_NOTEBOOK, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    return f"all {len(cells)} code cells of notebooks/02_casus.ipynb", "\n".join(cells)


TARGET_READY_S = 60.0
TARGET_MB = 250.0


def make_class(n: int):  # -> Cohort
    from leerrecht.domain.cohort import Cohort

    return Cohort.model_validate(
        {
            "naam": "bench",
            "titel": "Benchmarkklas",
            "startdatum": "2026-09-07",
            "einddatum": "2026-12-14",
            "trainer": "trainer-b",
            "deelnemers": [f"bench-{i:02d}" for i in range(n + 1)],  # bench-00: baseline
            "notebooks": ["02_casus"],
        }
    )


def spawn(hub: hubrun.LocalHub, names: list[str]) -> None:
    """Request every server at the same moment (each POST may wait for its spawn)."""
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        codes = list(pool.map(lambda n: hub.api("POST", f"/hub/api/users/{n}/server")[0], names))
    bad = {n: c for n, c in zip(names, codes, strict=True) if c not in (201, 202)}
    if bad:
        raise RuntimeError(f"spawn refused: {bad}\n{hub.log_tail()}")


def server_pids(hub: hubrun.LocalHub) -> dict[str, int]:
    """The jupyterhub-singleuser process of each user (SimpleLocalProcessSpawner)."""
    import psutil

    found = {}
    for proc in psutil.Process(hub.server.process.pid).children(recursive=True):
        try:
            env = proc.environ()
            cmd = " ".join(proc.cmdline())
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if "jupyterhub-singleuser" in cmd and env.get("JUPYTERHUB_USER"):
            found[env["JUPYTERHUB_USER"]] = proc.pid
    return found


async def run_in_new_kernel(hub: hubrun.LocalHub, name: str, code: str) -> None:
    """Start a kernel in ``name``'s server and execute ``code`` over its websocket."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    status, body = hub.api("POST", f"/user/{name}/api/kernels")
    if status != 201:
        raise RuntimeError(f"kernel start for {name}: HTTP {status} {body[:200]!r}")
    kernel_id = json.loads(body)["id"]
    token = hub.secrets["service_token"]
    url = f"ws://127.0.0.1:{hub.port}/user/{name}/api/kernels/{kernel_id}/channels"
    conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "username": name,
        "session": uuid.uuid4().hex,
        "msg_type": "execute_request",
        "version": "5.3",
        "date": "",
    }
    content = {"code": code, "silent": False, "store_history": False, "user_expressions": {}}
    message = {"header": header, "parent_header": {}, "metadata": {}, "content": content}
    await conn.write_message(json.dumps({**message, "channel": "shell", "buffers": []}))
    while True:
        raw = await asyncio.wait_for(conn.read_message(), timeout=120)
        if raw is None:
            raise RuntimeError(f"websocket of {name} closed")
        reply = json.loads(raw)
        if reply["parent_header"].get("msg_id") == msg_id and reply["msg_type"] == "execute_reply":
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"{name}: {reply['content']}")
            break
    conn.close()


def describe(trees: list[dict[str, float]]) -> str:
    """Mean (min-max) of RSS, USS and PSS over process trees, in MB."""
    parts = []
    for key in ("rss", "uss", "pss"):
        values = [t[key] for t in trees]
        parts.append(
            f"{key.upper()} {statistics.mean(values):.0f} ({min(values):.0f}-{max(values):.0f})"
        )
    return ", ".join(parts) + " MB"


def link_course(homes: Path, names: list[str]) -> None:
    """Each home's ``course`` (LEERRECHT_HOME) points at the project, as if pulled."""
    for name in names:
        (homes / name).mkdir(parents=True, exist_ok=True)
        (homes / name / "course").symlink_to(ROOT, target_is_directory=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=25)
    parser.add_argument("--active", type=int, default=3, help="trainees that run a kernel")
    args = parser.parse_args()

    from leerrecht.hub import write_hub_config

    with tempfile.TemporaryDirectory(prefix="leerrecht-hub-bench-") as tmp:
        work = Path(tmp)
        write_hub_config(make_class(args.trainees), work / "config", mode="local")
        hub = hubrun.LocalHub(work / "config", work, PORT)
        link_course(hub.homes, [f"bench-{i:02d}" for i in range(args.trainees + 1)])
        left: list[str] = []
        try:
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"machine: {os.cpu_count()} cores, load average {load} (other work slows it)")
            health = hub.start()
            print(f"hub ready (/hub/health) in {health:.1f} s")

            t0 = time.monotonic()
            spawn(hub, ["bench-00"])
            hubrun.wait_servers_ready(hub, ["bench-00"], timeout=120)
            alone = time.monotonic() - t0
            hub.api("DELETE", "/hub/api/users/bench-00/server")
            print(f"baseline: one trainee server alone ready in {alone:.1f} s")

            names = [f"bench-{i:02d}" for i in range(1, args.trainees + 1)]
            t0 = time.monotonic()
            spawn(hub, names)
            per_user = hubrun.wait_servers_ready(hub, names, timeout=240, partial=True)
            wall = time.monotonic() - t0
            if len(per_user) < len(names):
                print(
                    f"class: only {len(per_user)} of {len(names)} servers became ready; the "
                    f"others failed or passed the 120 s start timeout (after {wall:.0f} s)"
                )
                reasons = [ln for ln in hub.log_tail(200_000).splitlines() if "failed" in ln]
                print("\n".join(f"  hub log: {ln[:200]}" for ln in reasons[:3]))
                names = sorted(per_user)
                if not names:
                    raise RuntimeError("no server became ready: machine too busy?")
            else:
                print(
                    f"class: {len(names)} servers requested at once, all ready in {wall:.1f} s "
                    f"(first {min(per_user.values()):.1f} s); ratio to {len(names)} x alone "
                    f"({len(names) * alone:.0f} s): {wall / (len(names) * alone):.2f}"
                )

            time.sleep(3)  # let start-up garbage settle before measuring
            pids = server_pids(hub)
            idle = [hubrun.tree_memory_mb(pid) for n, pid in pids.items() if n in names]
            print(f"idle trainee server ({len(idle)}): {describe(idle)}")
            hub_mem = hubrun.tree_memory_mb(hub.server.process.pid)
            print(f"hub + proxy + all servers: {describe([hub_mem])}")

            active_names = names[: args.active]
            what, code = active_code()
            t0 = time.monotonic()

            async def run_all() -> None:
                await asyncio.gather(*(run_in_new_kernel(hub, n, code) for n in active_names))

            asyncio.run(run_all())
            took = time.monotonic() - t0
            print(f"{len(active_names)} kernels started and ran {what} in {took:.1f} s")
            active = [hubrun.tree_memory_mb(pids[n]) for n in active_names]
            print(f"active trainee (server + kernel): {describe(active)}")
            pss = statistics.mean(m["pss"] for m in active)

            hub.remember_children()
            t0 = time.monotonic()
            left = hub.stop()
            print(f"hub stopped with {len(names)} servers in {time.monotonic() - t0:.1f} s")
        finally:
            if hub.server is not None and hub.server.process.poll() is None:
                left = hub.stop()
        if left:
            print("processes left after shutdown:\n" + "\n".join(left))
            return 1
        print("no process left after shutdown")
        ok_time = wall < TARGET_READY_S and len(per_user) == args.trainees
        ok_mem = pss < TARGET_MB
        print(
            f"targets: all ready < {TARGET_READY_S:.0f} s: {'met' if ok_time else 'MISSED'} "
            f"({wall:.1f} s); active trainee < {TARGET_MB:.0f} MB (PSS): "
            f"{'met' if ok_mem else 'MISSED'} ({pss:.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
