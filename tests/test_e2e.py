"""End to end: `leerrecht cohort run cohorts/voorbeeld.yml` as a trainer runs it."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from lr_testing import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "cohorts" / "voorbeeld.yml"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("e2e")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "leerrecht",
            "cohort",
            "run",
            str(EXAMPLE),
            "--out",
            str(out),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return proc, out / "voorbeeld"


def test_run_succeeds_and_prints_summary(run):
    proc, folder = run
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "notebooks ran without errors" in proc.stdout
    assert f"index: {folder / 'index.html'}" in proc.stdout


def test_every_index_link_resolves(run):
    _, folder = run
    index = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert len(links) >= 3 * 8  # three editions for each notebook run (02_casus per case)
    for link in links:
        assert (folder / html.unescape(link)).is_file(), link


def test_manifest_is_complete(run):
    from leerrecht.cohort import load_cohort

    _, folder = run
    manifest = json.loads((folder / "manifest.json").read_text())
    cohort = load_cohort(EXAMPLE)
    expected = set()
    for stem in cohort.notebooks:
        expected |= {f"{stem}--{c}" for c in cohort.casussen} if stem == "02_casus" else {stem}
    assert {e["key"] for e in manifest["notebooks"]} == expected
    for key in ("python", "leerrecht", "papermill", "nbclient", "nbconvert", "pandas"):
        assert manifest["versions"][key]
    for entry in manifest["notebooks"]:
        assert entry["status"] == "ok", entry
        assert entry["error"] is None
        assert entry["duration_s"] > 0
        assert entry["parameters"].get("taal") == "nl" or entry["stem"] == "00_welkom"
    casus = [e for e in manifest["notebooks"] if e["stem"] == "02_casus"]
    assert {e["parameters"]["case_id"] for e in casus} == set(cohort.casussen)


def _code_lines(stem: str) -> list[str]:
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines += [ln.strip() for ln in cell.source.splitlines() if len(ln.strip()) > 25]
    return lines


def _trainer_snippets(executed: Path) -> list[str]:
    """Distinctive text from cells tagged `trainer` in an executed notebook."""
    nb = nbformat.read(executed, as_version=4)
    snippets = []
    for cell in nb.cells:
        if "trainer" not in cell.get("metadata", {}).get("tags", []):
            continue
        texts = [cell.source] if cell.cell_type == "markdown" else []
        for out in cell.get("outputs", []):
            texts.append(out.get("text", ""))
            texts.append(str(out.get("data", {}).get("text/plain", "")))
        for text in texts:
            words = re.findall(r"[A-Za-zÀ-ÿ]{6,}(?: [A-Za-zÀ-ÿ]{3,}){3}", text)
            snippets += words[:3]
    return snippets


def test_trainee_pages_hold_no_code_and_no_trainer_cells(run):
    _, folder = run
    trainer_cells_seen = 0
    for page in sorted((folder / "deelnemer").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        stem = page.stem.split("--")[0]
        # No code cell shows its input box.
        for cell_class in re.findall(r'class="(jp-Cell jp-CodeCell[^"]*)"', text):
            assert "jp-mod-noInput" in cell_class, f"{page.name}: code input shown"
        for line in _code_lines(stem):
            assert html.escape(line) not in text, f"{page.name}: code visible: {line}"
        assert "Traceback" not in text
        snippets = _trainer_snippets(folder / "notebooks" / f"{page.stem}.ipynb")
        trainer_text = (folder / "trainer" / page.name).read_text(encoding="utf-8")
        for snippet in snippets:
            if html.escape(snippet) in trainer_text:
                trainer_cells_seen += 1
                assert html.escape(snippet) not in text, f"{page.name}: trainer text: {snippet}"
    assert trainer_cells_seen, "no trainer-only text was found to check"


def test_trainer_pages_show_code(run):
    _, folder = run
    text = (folder / "trainer" / "00_welkom.html").read_text(encoding="utf-8")
    assert html.escape("from leerrecht.welkom import") in text


def test_rerun_is_idempotent(run, tmp_path):
    """A second run over the same folder replaces files and leaves no temporary files."""
    proc, folder = run
    second = subprocess.run(
        [
            sys.executable,
            "-m",
            "leerrecht",
            "cohort",
            "run",
            str(EXAMPLE),
            "--out",
            str(folder.parent),
            "--only",
            "00_welkom",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(".tmp") or ".staging" in p.parts]
    assert leftovers == []
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(manifest["notebooks"]) == 8
