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
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from leerrecht.core import paths
from leerrecht.domain.cohort import SUITE
from leerrecht.run import runner

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml")

# What may differ between two runs of the same notebook, and what it becomes.
VOLATILE = [
    (
        re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"),
        "<time>",
    ),
    (re.compile(r"\b\d+\.\d+\s?(?:ms|s|sec|seconds|seconden)\b"), "<duration>"),
    (re.compile(r"IPY_MODEL_[0-9a-f]{32}"), "IPY_MODEL_<id>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<id>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<id>"),
    (re.compile(r"\b0x[0-9a-fA-F]+\b"), "0x<addr>"),
    (re.compile(re.escape(tempfile.gettempdir()) + r"/tmp[\w-]+"), "<tmp>"),
]


# --------------------------------------------------------------------------- comparison
def normalise(text: str, tmp_roots: tuple[str, ...] = ()) -> str:
    for root in sorted(tmp_roots, key=len, reverse=True):
        text = text.replace(root, "<tmp>")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _merged_streams(outputs: list[dict]) -> list[dict]:
    """Join consecutive stream outputs of one stream: how text is chunked depends on timing."""
    merged: list[dict] = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == out.get("name")
        ):
            last["text"] = _text(last["text"]) + _text(out["text"])
        else:
            merged.append(dict(out))
    return merged


def canonical_output(out: dict, tmp_roots: tuple[str, ...]) -> dict[str, Any]:
    """The parts of an output that must agree, with volatile parts normalised."""
    kind = out.get("output_type")
    if kind == "stream":
        return {
            "type": kind,
            "name": out.get("name"),
            "text": normalise(_text(out["text"]), tmp_roots),
        }
    if kind == "error":
        return {
            "type": kind,
            "ename": out.get("ename"),
            "evalue": normalise(out.get("evalue", ""), tmp_roots),
        }
    data: dict[str, Any] = {}
    for mime, value in out.get("data", {}).items():
        if mime == WIDGET_VIEW:
            data[mime] = {k: v for k, v in value.items() if k != "model_id"}
        elif mime == "image/png":
            data[mime] = _text(value).replace("\n", "")
        elif mime in TEXT_MIMES or mime.startswith("text/"):
            data[mime] = normalise(_text(value), tmp_roots)
        else:
            data[mime] = normalise(json.dumps(value, sort_keys=True), tmp_roots)
    return {"type": kind, "data": data}


def png_pixels(encoded: str):
    """Decoded RGBA pixels of a base64 PNG."""
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
        return np.asarray(image.convert("RGBA"))


def images_equal(a: str, b: str) -> bool:
    """Byte-equal, or equal pixels (PNG metadata such as text chunks may differ)."""
    if a == b:
        return True
    import numpy as np

    pa, pb = png_pixels(a), png_pixels(b)
    return pa.shape == pb.shape and bool(np.array_equal(pa, pb))


def _first_difference(a: str, b: str, context: int = 50) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, i - context)
    return f"at char {i}: fast {a[start : i + context]!r} vs isolated {b[start : i + context]!r}"


def output_difference(fast: dict, isolated: dict) -> str | None:
    """How two canonical outputs differ (the first difference), or None when they agree."""
    for key in ("type", "name", "ename"):
        if fast.get(key) != isolated.get(key):
            return f"{key}: fast {fast.get(key)!r} vs isolated {isolated.get(key)!r}"
    for key in ("text", "evalue"):
        if fast.get(key) != isolated.get(key):
            return f"{key} {_first_difference(fast.get(key, ''), isolated.get(key, ''))}"
    da, db = fast.get("data", {}), isolated.get("data", {})
    if sorted(da) != sorted(db):
        return f"mime types: fast {sorted(da)} vs isolated {sorted(db)}"
    for mime in da:
        if mime == "image/png":
            if not images_equal(da[mime], db[mime]):
                return "image/png: the pixels differ"
        elif da[mime] != db[mime]:
            return f"{mime} {_first_difference(str(da[mime]), str(db[mime]))}"
    return None


def widget_states(nb: Any, tmp_roots: tuple[str, ...]) -> list[str]:
    """The notebook's saved widget models, ids normalised, as a sorted list."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return sorted(
        normalise(json.dumps(model, sort_keys=True), tmp_roots) for model in state.values()
    )


def notebook_differences(
    fast: Any, isolated: Any, name: str, tmp_roots: tuple[str, ...] = ()
) -> list[str]:
    """Every cell whose source, type, tags, execution count or outputs differ (first difference
    per cell), as messages naming the notebook and the cell index."""
    problems: list[str] = []
    if len(fast.cells) != len(isolated.cells):
        problems.append(
            f"{name}: {len(fast.cells)} cells (fast) vs {len(isolated.cells)} (isolated)"
        )
    for index, (a, b) in enumerate(zip(fast.cells, isolated.cells, strict=False)):
        where = f"{name} cell {index}"
        for label, va, vb in (
            ("cell type", a.cell_type, b.cell_type),
            ("source", a.source, b.source),
            ("tags", a.metadata.get("tags", []), b.metadata.get("tags", [])),
            ("execution count", a.get("execution_count"), b.get("execution_count")),
        ):
            if va != vb:
                shown = (
                    _first_difference(va, vb)
                    if isinstance(va, str) and isinstance(vb, str)
                    else f"fast {va!r} vs isolated {vb!r}"
                )
                problems.append(f"{where}: {label} differs: {shown}")
                break
        else:
            oa = [canonical_output(o, tmp_roots) for o in _merged_streams(a.get("outputs", []))]
            ob = [canonical_output(o, tmp_roots) for o in _merged_streams(b.get("outputs", []))]
            for number, (x, y) in enumerate(zip(oa, ob, strict=False)):
                difference = output_difference(x, y)
                if difference:
                    problems.append(f"{where} output {number}: {difference}")
                    break
            else:
                if len(oa) != len(ob):
                    extra = (oa if len(oa) > len(ob) else ob)[min(len(oa), len(ob))]
                    problems.append(
                        f"{where}: {len(oa)} outputs (fast) vs {len(ob)} (isolated); "
                        f"first unmatched: {json.dumps(extra)[:200]}"
                    )
    if widget_states(fast, tmp_roots) != widget_states(isolated, tmp_roots):
        wa, wb = widget_states(fast, tmp_roots), widget_states(isolated, tmp_roots)
        problems.append(
            f"{name}: saved widget models differ ({len(wa)} fast vs {len(wb)} isolated)"
        )
    return problems


# --------------------------------------------------------------------------- self-tests
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
