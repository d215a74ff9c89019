"""The fast path (one warm kernel reused across notebooks) gives the outputs of isolated runs.

The slow test runs the whole suite twice with the parameters `runner.plan` gives each job:
once through ``runner.execute(jobs, workers=1)``, so every notebook shares one kernel in
course order, and once with ``papermill.execute_notebook`` and a fresh kernel per notebook.
It then compares the notebooks cell by cell. Only what legitimately differs between two
runs is normalised: timestamps, durations, widget model ids, memory addresses and the
temporary folders. The fast self-tests prove the comparison finds real differences.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from support.notebooks import WIDGET_VIEW, notebook_differences

from leerrecht.core import paths
from leerrecht.domain.cohort import SUITE
from leerrecht.run import runner


def _png(pixel: tuple[int, int, int] = (0, 0, 0), note: str = "") -> str:
    from PIL import Image, PngImagePlugin

    image = Image.new("RGB", (8, 6), (255, 255, 255))
    image.putpixel((3, 2), pixel)
    info = PngImagePlugin.PngInfo()
    if note:
        info.add_text("Comment", note)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return base64.b64encode(buffer.getvalue()).decode()


def _sample(
    text: str = "Casus: isk-nieuwkomer\n",
    png: str | None = None,
    model_id: str = "a" * 32,
    address: str = "0x7f00aa",
    tags: tuple[str, ...] = ("hide-input",),
) -> Any:
    """A small executed notebook with the kinds of output the suite produces."""
    code = new_code_cell("print(...)", metadata={"tags": list(tags)}, execution_count=1)
    code.outputs = [
        new_output("stream", name="stdout", text=text[:5]),
        new_output("stream", name="stdout", text=text[5:]),
        new_output(
            "display_data",
            data={"text/plain": f"<Figure at {address}>", "image/png": png or _png()},
        ),
        new_output(
            "display_data",
            data={WIDGET_VIEW: {"model_id": model_id, "version_major": 2}, "text/plain": "Vraag 1"},
        ),
    ]
    code.metadata["papermill"] = {"duration": 0.123, "start_time": "2026-11-29T04:00:00.1Z"}
    return new_notebook(cells=[new_markdown_cell("# Proef"), code])


def test_comparison_ignores_what_legitimately_differs():
    fast = _sample()
    isolated = _sample(png=_png(note="another encoder"), model_id="b" * 32, address="0x55d1c0")
    isolated.cells[1].outputs[0:2] = [
        new_output("stream", name="stdout", text="Casus: isk-nieuwkomer\n")
    ]
    isolated.cells[1].metadata["papermill"] = {
        "duration": 9.9,
        "start_time": "2026-11-30T01:00:00Z",
    }
    assert (
        fast.cells[1].outputs[2].data["image/png"] != isolated.cells[1].outputs[1].data["image/png"]
    )
    assert notebook_differences(fast, isolated, "proef") == []


def test_comparison_detects_a_changed_text_output():
    problems = notebook_differences(_sample(), _sample(text="Casus: angst-na-corona\n"), "02_casus")
    assert len(problems) == 1
    assert problems[0].startswith("02_casus cell 1 output 0: text at char 7")
    assert "isk-nieuwkomer" in problems[0] and "angst-na-corona" in problems[0]


def test_comparison_detects_a_changed_image():
    problems = notebook_differences(_sample(), _sample(png=_png(pixel=(0, 0, 1))), "03_protocollen")
    assert problems == ["03_protocollen cell 1 output 1: image/png: the pixels differ"]


def test_comparison_detects_changed_cells_and_missing_outputs():
    assert notebook_differences(_sample(), _sample(tags=("trainer",)), "x") == [
        "x cell 1: tags differs: fast ['hide-input'] vs isolated ['trainer']"
    ]
    shorter = _sample()
    del shorter.cells[1].outputs[-1]
    (problem,) = notebook_differences(_sample(), shorter, "x")
    assert problem.startswith("x cell 1: 3 outputs (fast) vs 2 (isolated)") and "Vraag 1" in problem


# --------------------------------------------------------------------------- the suite
def _cohort_file(folder: Path, cases: list[str]) -> Path:
    data = yaml.safe_load((paths.COHORTS / "voorbeeld.yml").read_text(encoding="utf-8"))
    data.update(
        naam="fastpath",
        casussen=cases,
        uitvoermap=str(folder / "out"),
        antwoordenmap=str(folder / "answers"),
    )
    path = folder / "fastpath.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_plan_runs_the_case_notebook_once_per_case(tmp_path):
    """02_casus must get its case (and the cohort's files) from the runner, per case."""
    cases = ["isk-nieuwkomer", "angst-na-corona"]
    _, jobs = runner.plan([_cohort_file(tmp_path, cases)])
    casus = [job for job in jobs if job.stem == "02_casus"]
    assert [job.case_id for job in casus] == cases
    for job in casus:
        assert job.parameters["case_id"] == job.case_id
        assert job.parameters["answers_dir"] == str((tmp_path / "answers").resolve())


@pytest.mark.slow
def test_fast_path_outputs_equal_isolated_runs(tmp_path, monkeypatch):
    import papermill

    monkeypatch.setenv("LEERRECHT_ANSWERS", str(tmp_path / "answers"))
    for name in ("LEERRECHT_TRAINEE", "JUPYTERHUB_USER", "LEERRECHT_CASE", "MPLBACKEND"):
        monkeypatch.delenv(name, raising=False)
    _, planned = runner.plan([_cohort_file(tmp_path, ["angst-na-corona"])])
    assert [job.stem for job in planned] == SUITE  # every notebook of the suite, in course order
    # Both runs read one frozen copy of each notebook, so an edit made meanwhile cannot differ.
    frozen = tmp_path / "sources"
    frozen.mkdir()
    for job in planned:
        shutil.copy(job.source, frozen / Path(job.source).name)
    jobs = [dataclasses.replace(job, source=str(frozen / Path(job.source).name)) for job in planned]

    results = runner.execute(jobs, workers=1, progress=False)
    failed = [f"{r.job.key}: {r.error}" for r in results if r.status != "ok"]
    assert not failed, f"fast path failed: {failed}"

    problems: list[str] = []
    roots = (str(tmp_path), str(tmp_path.resolve()))
    for job in jobs:
        isolated = tmp_path / "isolated" / f"{job.key}.ipynb"
        isolated.parent.mkdir(exist_ok=True)
        papermill.execute_notebook(
            job.source,
            str(isolated),
            parameters=job.parameters,
            kernel_name=runner.KERNEL,
            cwd=str(paths.NOTEBOOKS),  # where the runner's kernels start, too
            progress_bar=False,
        )
        problems += notebook_differences(
            nbformat.read(job.executed, as_version=4),
            nbformat.read(isolated, as_version=4),
            job.key,
            roots,
        )
    assert not problems, "fast path differs from isolated runs:\n" + "\n".join(problems)
