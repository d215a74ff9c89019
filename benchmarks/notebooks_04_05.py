"""How long notebooks 04 and 05 take under papermill with their defaults.

The machine is shared and noisy, so every round also runs a one-cell notebook (kernel start
plus papermill overhead) as the baseline. The script prints the wall time of each run and
the ratio against the baseline of the same round; the median over the rounds is the figure
to quote. Target (issue 7): each notebook well under 30 s on an unloaded 2-core machine.

Run:  .venv/bin/python benchmarks/notebooks_04_05.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [
    ROOT / "notebooks" / "04_landelijke_cijfers.ipynb",
    ROOT / "notebooks" / "05_escalatiemodel.ipynb",
]
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def run(notebook: Path, out_dir: Path) -> float:
    """Wall time of one papermill run in a fresh process (as a trainer would run it)."""
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            "--no-progress-bar",
            str(notebook),
            str(out_dir / notebook.name),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        baseline = out / "baseline.ipynb"
        nbformat.write(
            new_notebook(cells=[new_code_cell("x = 1")], metadata={"kernelspec": KERNEL}), baseline
        )
        ratios: dict[str, list[float]] = {nb.stem: [] for nb in NOTEBOOKS}
        times: dict[str, list[float]] = {nb.stem: [] for nb in NOTEBOOKS}
        for r in range(args.rounds):
            base = run(baseline, out)
            line = [f"round {r + 1}: baseline {base:5.1f} s"]
            for nb in NOTEBOOKS:
                t = run(nb, out)
                times[nb.stem].append(t)
                ratios[nb.stem].append(t / base)
                line.append(f"{nb.stem} {t:5.1f} s ({t / base:.2f}x)")
            print("; ".join(line), flush=True)
        for nb in NOTEBOOKS:
            print(
                f"{nb.stem}: median {statistics.median(times[nb.stem]):.1f} s, "
                f"median ratio to the one-cell baseline {statistics.median(ratios[nb.stem]):.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
