"""Time from request to the first clickable decision point in `leerrecht app 02_casus`.

Three ways, in the same run (the machine is shared and noisy, so only ratios count):

1. baseline: plain ``voila`` serving a one-button notebook; time from starting the server
   until the button is clickable in Chromium;
2. cold: the command ``leerrecht app 02_casus`` builds (the project's Voila command and
   environment); server start until the first decision point's buttons are clickable;
3. preheated: the same server with Voila's preheated kernels (``--preheat_kernel=True
   --pool_size=1``), started and warmed beforehand; time from the page request until the
   decision point is clickable (what a trainee sees when the trainer started the app
   before class).

Prints each time and its ratio against the baseline of the same round; quote the medians.
Run:  .venv/bin/python benchmarks/app_start.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from support import lab as lh  # noqa: E402

from leerrecht.cli.app import app_environment, notebook_path, voila_command  # noqa: E402
from leerrecht.domain.cases import load_case  # noqa: E402
from leerrecht.notebook import resolve_case_id  # noqa: E402

BUTTON_NOTEBOOK = new_notebook(
    cells=[
        new_code_cell(
            "import ipywidgets as w\nw.Button(description='klik', _dom_classes=['lr-baseline'])"
        )
    ],
    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
)


def clickable_after(page, url: str, selector: str, started: float) -> float:
    page.goto(url, timeout=240_000)
    page.locator(selector).first.wait_for(state="visible", timeout=240_000)
    page.locator(selector).first.click(trial=True, timeout=60_000)  # clickable, not clicked
    return time.monotonic() - started


def start(cmd: list[str], env: dict, workdir: Path, name: str, port: int) -> lh.Server:
    token = lh.new_token()
    cmd = [c for c in cmd if c != "--no-browser"] + ["--no-browser", f"--token={token}"]
    return lh.start_server(name, cmd, env, workdir, workdir / f"{name}.log", port)


def one_round(pw, browser, workdir: Path, decision: str) -> dict[str, float]:
    times: dict[str, float] = {}
    base_nb = workdir / "knop.ipynb"
    nbformat.write(BUTTON_NOTEBOOK, base_nb)
    env = app_environment("", "deelnemer-01", "")
    case_nb = notebook_path("02_casus")
    runs = [
        ("baseline", voila_command(base_nb, lh.free_port(), False), ".lr-baseline", False),
        ("cold", voila_command(case_nb, lh.free_port(), False), decision, False),
        (
            "preheated",
            [
                *voila_command(case_nb, lh.free_port(), False),
                "--preheat_kernel=True",
                "--pool_size=1",
            ],
            decision,
            True,
        ),
    ]
    for name, cmd, selector, preheat in runs:
        port = int(next(a.split("=", 1)[1] for a in cmd if a.startswith("--port=")))
        started = time.monotonic()
        server = start(cmd, env, workdir, name, port)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            lh.wait_http_ok(server, "/", timeout=120, any_status=True)
            if preheat:
                # The pool fills after the server is up: wait until a warm kernel waits.
                wait_preheated(server)
                started = time.monotonic()
            times[name] = clickable_after(context.new_page(), server.url("/"), selector, started)
        finally:
            context.close()
            server.remember_children()
            lh.stop_process_tree(server)
    return times


def wait_preheated(server: lh.Server, timeout: float = 240.0) -> None:
    """Until the pool's kernel exists and has gone quiet (it runs the notebook ahead)."""
    import psutil

    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline and quiet < 4:
        pids = server_kernels(server)
        busy = 100.0
        if pids:
            with contextlib.suppress(psutil.NoSuchProcess):
                busy = psutil.Process(pids[0]).cpu_percent(interval=0.5)
        quiet = quiet + 1 if busy < 5 else 0
        time.sleep(0.5)


def server_kernels(server: lh.Server) -> list[int]:
    import psutil

    try:
        return [
            c.pid
            for c in psutil.Process(server.process.pid).children(recursive=True)
            if "ipykernel" in " ".join(c.cmdline())
        ]
    except psutil.NoSuchProcess:
        return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    point = load_case(resolve_case_id("", env={})).beslismomenten[0]
    decision = f".lr-decision-{point.id}:not(.lr-static) .lr-option-{point.opties[0].id}"
    results: list[dict[str, float]] = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(
            executable_path=lh.find_chromium(), args=list(lh.CHROMIUM_ARGS)
        )
        try:
            for number in range(1, args.rounds + 1):
                times = one_round(pw, browser, Path(tmp), decision)
                results.append(times)
                base = times["baseline"]
                print(
                    f"round {number}: baseline {base:.1f} s; "
                    + "; ".join(
                        f"{k} {v:.1f} s ({v / base:.2f}x)"
                        for k, v in times.items()
                        if k != "baseline"
                    ),
                    flush=True,
                )
        finally:
            browser.close()
    for key in ("cold", "preheated"):
        ratios = [r[key] / r["baseline"] for r in results]
        print(
            f"median {key}: {statistics.median(r[key] for r in results):.1f} s, "
            f"{statistics.median(ratios):.2f}x plain voila"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
