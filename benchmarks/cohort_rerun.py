"""Rerunning the whole suite for many cohorts: plain papermill against `leerrecht cohort run`.

Run from the project root:

    .venv/bin/python benchmarks/cohort_rerun.py            # six cohorts (several minutes)
    .venv/bin/python benchmarks/cohort_rerun.py --quick    # two cohorts, a sanity check

It writes N copies of cohorts/voorbeeld.yml (own `naam`, own case selection, output and
answers under a temporary folder) and measures, in the same run on the same files:

(a) the plain baseline: a serial loop of the `papermill` command-line tool, one call per
    notebook (and case) and cohort, each with exactly the parameters `runner.plan` gives
    that job (passed with ``-y``);
(b) `leerrecht cohort run` over the same cohort files (the real CLI, default --jobs),
    which also writes the HTML editions, index pages and manifests;
(c) the floor: kernel start plus the notebooks' imports, measured here (best of a few
    tries), plus the notebooks' own compute (the per-cell durations papermill records in
    the notebooks (b) executed) spread over the cores.

It prints a table and one `RESULT` line to quote. The machine may be shared: the load
average before and after is printed, as the figures move with it.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
import yaml

from leerrecht.core import paths
from leerrecht.run import runner

BIN = Path(sys.executable).parent  # the venv's bin/ (not resolved: that would leave the venv)
BASE_COHORT = paths.COHORTS / "voorbeeld.yml"
ALWAYS_IMPORTED = "import pandas, matplotlib.pyplot, ipywidgets"


# --------------------------------------------------------------------------- set-up
def case_ids() -> list[str]:
    return sorted(p.stem for p in paths.CASESTUDIES.glob("*.yml") if p.stem != "fictief")


def write_cohorts(folder: Path, count: int) -> list[Path]:
    """Copies of the example cohort with own names, cases, output and answers folders."""
    base = yaml.safe_load(BASE_COHORT.read_text(encoding="utf-8"))
    cases = case_ids()
    per_cohort = max(1, len(base.get("casussen") or []))
    files = []
    for i in range(count):
        data = dict(base)
        data["naam"] = f"bench-{i + 1}"
        data["casussen"] = [cases[(i * per_cohort + k) % len(cases)] for k in range(per_cohort)]
        data["uitvoermap"] = str(folder / "fast")
        data["antwoordenmap"] = str(folder / "answers")
        path = folder / "cohorts" / f"bench-{i + 1}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        files.append(path)
    return files


def clean_env(folder: Path) -> dict[str, str]:
    """The environment for every run: answers go to the temporary folder, nobody is signed in."""
    env = dict(os.environ)
    env["LEERRECHT_ANSWERS"] = str(folder / "answers")
    for name in ("LEERRECHT_TRAINEE", "JUPYTERHUB_USER", "MPLBACKEND"):
        env.pop(name, None)
    return env


# --------------------------------------------------------------------------- (a) and (b)
def run_baseline(jobs: list[runner.Job], out: Path, env: dict[str, str]) -> tuple[float, list]:
    """One `papermill` CLI call per job, one after another; returns wall time and failures."""
    failures = []
    start = time.perf_counter()
    for job in jobs:
        target = out / job.cohort / f"{job.key}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(BIN / "papermill"),
            job.source,
            str(target),
            "-y",
            yaml.safe_dump(job.parameters, allow_unicode=True),
            "-k",
            runner.KERNEL,
            "--cwd",
            str(Path(job.source).parent),
            "--no-progress-bar",
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            failures.append((job.cohort, job.key, done.stderr.strip().splitlines()[-1:]))
    return time.perf_counter() - start, failures


def run_fast(files: list[Path], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    command = [str(BIN / "leerrecht"), "cohort", "run", *map(str, files), "--no-progress"]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done


# --------------------------------------------------------------------------- (c) the floor
def notebook_imports(stems: list[str]) -> list[str]:
    """Every import statement in the suite's code cells, in order, without duplicates."""
    seen: dict[str, None] = {ALWAYS_IMPORTED: None}
    for stem in stems:
        nb = nbformat.read(paths.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue  # a cell with IPython magics: its imports are not needed here
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    seen[ast.unparse(node)] = None
    return list(seen)


def start_and_import(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds to start a kernel until it answers, and to run ``code`` (the imports) in it."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=runner.KERNEL)
    start = time.perf_counter()
    km.start_kernel(cwd=str(paths.NOTEBOOKS), env=env, stderr=subprocess.DEVNULL)
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        started = time.perf_counter()
        reply = client.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
        imported = time.perf_counter()
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"imports failed in the kernel: {reply['content'].get('evalue')}")
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)
    return started - start, imported - started


def compute_seconds(notebooks: list[Path]) -> float:
    """Sum of the per-cell durations papermill recorded in executed notebooks."""
    total = 0.0
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            duration = cell.get("metadata", {}).get("papermill", {}).get("duration")
            total += duration or 0.0
    return total


# --------------------------------------------------------------------------- report
def manifest_totals(out: Path) -> dict[str, Any]:
    """Per-job statuses and the execute / render split that `cohort run` recorded."""
    import json

    statuses: list[str] = []
    failed: list[str] = []
    execute_s = render_s = 0.0
    for manifest in sorted(out.glob("*/manifest.json")):
        for entry in json.loads(manifest.read_text())["notebooks"]:
            statuses.append(entry["status"])
            if entry["status"] != "ok":
                failed.append(f"{manifest.parent.name}/{entry['key']}: {entry['error']}")
            execute_s += entry["timings"].get("execute_s", 0.0)
            render_s += entry["timings"].get("render_s", 0.0)
    return {"statuses": statuses, "failed": failed, "execute_s": execute_s, "render_s": render_s}


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"  {label.ljust(width)}  {value}" for label, value in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cohorts", type=int, default=6, help="number of cohorts (default 6)")
    parser.add_argument("--quick", action="store_true", help="two cohorts: a fast sanity check")
    parser.add_argument("--tries", type=int, default=3, help="kernel start measurements (best)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    count = 2 if args.quick else args.cohorts
    cores = os.cpu_count() or 1

    folder = Path(tempfile.mkdtemp(prefix="leerrecht-bench-"))
    try:
        files = write_cohorts(folder, count)
        env = clean_env(folder)
        cohorts, jobs = runner.plan(files)
        stems = list(dict.fromkeys(job.stem for job in jobs))
        load_before = os.getloadavg()[0]
        print(
            f"{count} cohorts x {len(jobs) // count} notebook runs = {len(jobs)} runs, "
            f"{cores} cores, load average {load_before:.1f}; temp folder {folder}",
            flush=True,
        )

        print("(a) serial papermill CLI ...", flush=True)
        a_s, failures = run_baseline(jobs, folder / "baseline", env)
        print(f"    {a_s:.1f} s, {len(failures)} failed", flush=True)

        print("(b) leerrecht cohort run ...", flush=True)
        b_s, done = run_fast(files, env)
        totals = manifest_totals(folder / "fast")
        b_runs = len(totals["statuses"])
        b_ok = sum(s == "ok" for s in totals["statuses"])
        print(f"    {b_s:.1f} s, exit {done.returncode}, {b_ok}/{b_runs} ok", flush=True)
        if b_runs != len(jobs):
            # Someone changed the notebooks while (a) ran: the two did different work.
            print(f"    WARNING: (a) ran {len(jobs)} notebooks, (b) {b_runs}", file=sys.stderr)
        for line in totals["failed"]:
            print(f"    (b) failed: {line}", file=sys.stderr)

        print("(c) kernel start + imports ...", flush=True)
        code = "\n".join(notebook_imports(stems))
        tries = [start_and_import(code, env) for _ in range(max(1, args.tries))]
        kernel_s = min(t[0] for t in tries)
        import_s = min(t[1] for t in tries)
        fast_nbs = sorted((folder / "fast").glob("*/notebooks/*.ipynb"))
        compute_s = compute_seconds(fast_nbs)
        compute_a = compute_seconds(sorted((folder / "baseline").glob("*/*.ipynb")))
        floor_s = kernel_s + import_s + compute_s / cores
        load_after = os.getloadavg()[0]
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    ratio = a_s / b_s
    closeness = b_s / floor_s
    verdict = "met" if ratio >= 4 else "NOT met"
    print()
    print(
        table(
            [
                (
                    "runs",
                    f"{len(jobs)} ({count} cohorts x {len(stems)} notebooks, "
                    "case notebooks once per case)",
                ),
                ("(a) serial papermill CLI", f"{a_s:7.1f} s  ({a_s / len(jobs):.2f} s per run)"),
                (
                    "(b) leerrecht cohort run",
                    f"{b_s:7.1f} s  ({b_s / max(b_runs, 1):.2f} s per run)",
                ),
                ("a/b", f"{ratio:7.2f}x  (target >= 4x: {verdict})"),
                ("kernel start (best)", f"{kernel_s:7.2f} s  (of {len(tries)} tries)"),
                ("imports (best)", f"{import_s:7.2f} s  ({len(code.splitlines())} statements)"),
                (
                    "compute in (b)",
                    f"{compute_s:7.1f} s  (per-cell durations; in (a): {compute_a:.1f} s)",
                ),
                ("(c) floor", f"{floor_s:7.1f} s  = start + imports + compute / {cores} cores"),
                ("b/floor", f"{closeness:7.2f}x"),
                (
                    "(b) execute / render",
                    f"{totals['execute_s']:.1f} s / {totals['render_s']:.1f} s summed over jobs",
                ),
                (
                    "load average",
                    f"{load_before:.1f} before, {load_after:.1f} after (shared machine)",
                ),
            ]
        )
    )
    problems = len(failures) + (b_runs - b_ok) + abs(b_runs - len(jobs))
    print(
        f"RESULT cohorts={count} runs={len(jobs)} a={a_s:.1f}s b={b_s:.1f}s a/b={ratio:.2f} "
        f"floor={floor_s:.1f}s b/floor={closeness:.2f} load={load_before:.1f}->{load_after:.1f} "
        f"failed={problems}"
    )
    for cohort, key, last in failures:
        print(f"baseline failure: {cohort}/{key}: {' '.join(last)}", file=sys.stderr)
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
