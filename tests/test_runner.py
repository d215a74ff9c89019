"""The cohort runner: warm kernels stay clean, failures and hangs stay contained."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import nbformat
import pytest
from support.testing import make_notebook, write_cohort

from leerrecht.cli import main
from leerrecht.run import runner
from leerrecht.run.execute import execute_one
from leerrecht.run.warm import WarmKernel

COHORT = """\
naam: proef
titel: "Proef <script>"
startdatum: 2026-09-07
einddatum: 2026-12-14
trainer: trainer-a
deelnemers: [deelnemer-01]
notebooks: [{notebooks}]
"""

PARAMS = 'cohort: str = "x"  # the cohort\n'


def _outputs_text(path) -> str:
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") or json.dumps(out.get("data", {})))
    return "".join(parts)


@pytest.mark.slow
def test_warm_kernel_is_reset_between_notebooks(tmp_path, notebooks_dir):
    # a_vervuil leaves a variable, a figure, a changed rcParam and a warning filter behind;
    # b_controle, run next on the same kernel (one worker), must see none of it.
    make_notebook(
        notebooks_dir / "a_vervuil.ipynb",
        "import warnings, matplotlib, matplotlib.pyplot as plt\n"
        "achtergebleven = 1\nplt.figure()\nmatplotlib.rcParams['lines.linewidth'] = 9\n"
        "warnings.simplefilter('error')",
        parameters=PARAMS,
    )
    make_notebook(
        notebooks_dir / "b_controle.ipynb",
        "import warnings, matplotlib, matplotlib.pyplot as plt\n"
        "print('leak' if 'achtergebleven' in globals() else 'clean-ns')\n"
        "print('figures', len(plt.get_fignums()))\n"
        "print('linewidth', matplotlib.rcParams['lines.linewidth'])\n"
        "print('error-filter', any(f[0] == 'error' and f[2] is Warning for f in warnings.filters))",
        parameters=PARAMS,
    )
    cohort_file = write_cohort(tmp_path / "c.yml", COHORT.format(notebooks="a_vervuil, b_controle"))
    results, _ = runner.run([cohort_file], workers=1, out_base=tmp_path / "out", progress=False)
    assert [r.status for r in results] == ["ok", "ok"]
    text = _outputs_text(results[1].job.executed)
    assert "clean-ns" in text and "leak" not in text
    assert "figures 0" in text
    assert "linewidth 1.5" in text
    assert "error-filter False" in text
    # Execution counts look like those of a fresh kernel.
    nb = nbformat.read(results[1].job.executed, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.slow
def test_crash_and_hang_do_not_poison_the_run(tmp_path, notebooks_dir, capsys):
    make_notebook(notebooks_dir / "a_goed.ipynb", "print('goed', cohort)", parameters=PARAMS)
    make_notebook(notebooks_dir / "b_fout.ipynb", "print('voor de fout')", "1/0", parameters=PARAMS)
    make_notebook(notebooks_dir / "c_sterft.ipynb", "import os\nos._exit(3)", parameters=PARAMS)
    make_notebook(
        notebooks_dir / "d_hangt.ipynb",
        "print('begint')",
        "import time\ntime.sleep(600)",
        parameters=PARAMS,
    )
    make_notebook(notebooks_dir / "e_daarna.ipynb", "print('daarna', cohort)", parameters=PARAMS)
    names = "a_goed, b_fout, c_sterft, d_hangt, e_daarna"
    cohort_file = write_cohort(tmp_path / "c.yml", COHORT.format(notebooks=names))
    out = tmp_path / "out"
    code = main(
        [
            "cohort",
            "run",
            str(cohort_file),
            "--out",
            str(out),
            "--timeout",
            "8",
            "--jobs",
            "2",
            "--no-progress",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 1
    manifest = json.loads((out / "proef" / "manifest.json").read_text())
    status = {e["stem"]: e["status"] for e in manifest["notebooks"]}
    assert status == {
        "a_goed": "ok",
        "b_fout": "failed",
        "c_sterft": "failed",
        "d_hangt": "timeout",
        "e_daarna": "ok",
    }
    errors = {e["stem"]: e["error"] for e in manifest["notebooks"]}
    assert errors["b_fout"].startswith("ZeroDivisionError")
    assert errors["c_sterft"].startswith("DeadKernelError")
    # The hang is caught by the cell timeout inside the worker, not by killing the worker.
    assert "cell ran longer than 8 s" in errors["d_hangt"]
    assert "daarna proef" in _outputs_text(out / "proef" / "notebooks" / "e_daarna.ipynb")
    # The failing notebook keeps its partial output; the trainee edition hides the traceback.
    assert "voor de fout" in _outputs_text(out / "proef" / "notebooks" / "b_fout.ipynb")
    trainee = (out / "proef" / "deelnemer" / "b_fout.html").read_text()
    assert "ZeroDivisionError" not in trainee
    assert "kon niet volledig worden uitgevoerd" in trainee
    assert "ZeroDivisionError" in (out / "proef" / "trainer" / "b_fout.html").read_text()
    # Summary table and index.
    assert "2 of 5 notebooks ran without errors." in printed
    index = (out / "proef" / "index.html").read_text()
    assert "Proef &lt;script&gt;" in index and "<script>" not in index
    assert not (out / "proef" / ".staging").exists()


@pytest.mark.slow
def test_only_reruns_one_notebook_and_keeps_the_rest(tmp_path, notebooks_dir):
    make_notebook(notebooks_dir / "a.ipynb", "print('a', cohort)", parameters=PARAMS)
    make_notebook(notebooks_dir / "b.ipynb", "print('b', cohort)", parameters=PARAMS)
    cohort_file = write_cohort(tmp_path / "c.yml", COHORT.format(notebooks="a, b"))
    out = tmp_path / "out"
    runner.run([cohort_file], out_base=out, progress=False)
    first = json.loads((out / "proef" / "manifest.json").read_text())
    runner.run([cohort_file], out_base=out, only=["b"], progress=False)
    second = json.loads((out / "proef" / "manifest.json").read_text())
    assert [e["key"] for e in second["notebooks"]] == ["a", "b"]
    assert second["notebooks"][0] == first["notebooks"][0]
    leftovers = [p.name for p in (out / "proef").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to count descriptors")
def test_warm_kernel_leaks_no_file_descriptors(tmp_path, notebooks_dir):
    # Each notebook run opens a kernel client (~28 descriptors); left open, a worker that
    # runs many cohorts would hit the open-files limit.
    source = make_notebook(notebooks_dir / "t.ipynb", "print(1)", parameters=PARAMS)
    kernel = WarmKernel(str(tmp_path))
    try:
        counts = []
        for _ in range(4):
            job = runner.Job("p", "t", None, {}, str(source), str(tmp_path / "out"))
            assert execute_one(job, kernel, 60).status == "ok"
            kernel.reset()
            counts.append(len(os.listdir("/proc/self/fd")))
    finally:
        kernel.stop()
    assert counts[-1] <= counts[0], counts


def test_second_run_into_the_same_folder_refuses(tmp_path, notebooks_dir, monkeypatch, capsys):
    from filelock import FileLock

    from leerrecht.run import lock

    make_notebook(notebooks_dir / "a.ipynb", "print('a')", parameters=PARAMS)
    cohort_file = write_cohort(tmp_path / "c.yml", COHORT.format(notebooks="a"))
    folder = tmp_path / "out" / "proef"
    folder.mkdir(parents=True)
    (folder / ".staging").mkdir()
    (folder / ".staging" / "a.ipynb").write_text("of the other run")
    monkeypatch.setattr(lock, "WAIT_S", 0.3)
    with FileLock(str(folder / lock.LOCK_NAME)):  # as the first run holds it
        code = main(["cohort", "run", str(cohort_file), "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert "another `leerrecht cohort run` is writing to this folder" in err
    assert str(folder) in err and "--out" in err
    assert (folder / ".staging" / "a.ipynb").read_text() == "of the other run"
    assert not (folder / "notebooks").exists() and not (folder / "manifest.json").exists()


RUN_IN_CHILD = """
import sys
from pathlib import Path
from leerrecht.core import paths
paths.NOTEBOOKS = Path(sys.argv[1])
from leerrecht.cli import main
sys.exit(main(["cohort", "run", sys.argv[2], "--out", sys.argv[3], "--jobs", "2", "--no-progress"]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_stopped_runner_leaves_no_process_behind(tmp_path, notebooks_dir, how):
    import signal
    import subprocess
    import sys
    import time

    import psutil

    for name in ("a", "b"):
        make_notebook(
            notebooks_dir / f"{name}.ipynb", "import time\ntime.sleep(300)", parameters=PARAMS
        )
    cohort_file = write_cohort(tmp_path / "c.yml", COHORT.format(notebooks="a, b"))
    runner_proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUN_IN_CHILD,
            str(notebooks_dir),
            str(cohort_file),
            str(tmp_path / "out"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    family: list[psutil.Process] = []
    try:
        parent = psutil.Process(runner_proc.pid)
        deadline = time.monotonic() + 120
        # Wait for two workers, each with its kernel, both busy with a notebook.
        while time.monotonic() < deadline:
            family = parent.children(recursive=True)
            kernels = [p for p in family if "ipykernel" in " ".join(p.cmdline())]
            if len(kernels) >= 2:
                break
            time.sleep(0.5)
        assert len(kernels) >= 2, [p.cmdline() for p in family]
        time.sleep(2)  # the notebooks are running now
        family = parent.children(recursive=True)
        runner_proc.send_signal(getattr(signal, how))
        runner_proc.wait(30)
        gone, alive = psutil.wait_procs(family, timeout=10)
        assert alive == [], [(p.pid, p.cmdline()) for p in alive]
    finally:
        if runner_proc.poll() is None:
            runner_proc.kill()
        for proc in family:  # a failing run must not leave orphans on the machine
            with contextlib.suppress(psutil.Error):
                proc.kill()
