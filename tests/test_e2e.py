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
from support.cohortrun import cohort_run
from support.testing import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "cohorts" / "voorbeeld.yml"


@pytest.fixture
def run(voorbeeld_run):
    """The example cohort, run once per test session (see conftest.py)."""
    return voorbeeld_run


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
    from leerrecht.domain.cohort import load_cohort

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


def _visible(page: str) -> str:
    """The text a reader sees: tags removed (code is split into highlighted spans)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _code_lines(stem: str) -> list[str]:
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines += [
                " ".join(ln.split())
                for ln in cell.source.splitlines()
                if len(ln.strip()) > 25 and not ln.strip().startswith("#")
            ]
    return lines


def _cell_texts(cell) -> list[str]:
    texts = [cell.source] if cell.cell_type == "markdown" else []
    for out in cell.get("outputs", []):
        texts.append(_visible(str(out.get("data", {}).get("text/html", ""))))
        texts.append(out.get("text", ""))
    return [_visible(t) for t in texts]


def _trainer_sentences(executed: Path) -> list[str]:
    """Sentences only cells tagged `trainer` show (a model answer may quote a question)."""
    nb = nbformat.read(executed, as_version=4)
    is_trainer = lambda c: "trainer" in c.get("metadata", {}).get("tags", [])  # noqa: E731
    elsewhere = " ".join(t for c in nb.cells if not is_trainer(c) for t in _cell_texts(c))
    sentences = []
    for cell in filter(is_trainer, nb.cells):
        for text in _cell_texts(cell):
            for sentence in re.split(r"[.!?\n]", text):
                sentence = sentence.strip()
                if len(sentence) >= 40 and sentence not in elsewhere:
                    sentences.append(sentence)
    return sentences


def test_trainee_pages_hold_no_code_and_no_trainer_cells(run):
    _, folder = run
    trainer_sentences_seen = 0
    for page in sorted((folder / "deelnemer").glob("*.html")):
        if page.stem == "cohort":
            continue
        text = _visible(page.read_text(encoding="utf-8"))
        raw = page.read_text(encoding="utf-8")
        stem = page.stem.split("--")[0]
        # No code cell shows its input box, and no line of code is readable.
        for cell_class in re.findall(r'class="(jp-Cell jp-CodeCell[^"]*)"', raw):
            assert "jp-mod-noInput" in cell_class, f"{page.name}: code input shown"
        for line in _code_lines(stem):
            assert line not in text, f"{page.name}: code visible: {line}"
        assert "Traceback" not in text
        trainer_text = _visible((folder / "trainer" / page.name).read_text(encoding="utf-8"))
        for sentence in _trainer_sentences(folder / "notebooks" / f"{page.stem}.ipynb"):
            if sentence in trainer_text:
                trainer_sentences_seen += 1
                assert sentence not in text, f"{page.name}: trainer text: {sentence}"
    assert trainer_sentences_seen, "no trainer-only text was found to check"


def test_research_pages_show_code_and_trainer_pages_do_not(run):
    _, folder = run
    text = _visible((folder / "onderzoek" / "00_welkom.html").read_text(encoding="utf-8"))
    assert "from leerrecht.views.welkom import" in text
    for page in sorted((folder / "trainer").glob("*.html")):
        text = _visible(page.read_text(encoding="utf-8"))
        for line in _code_lines(page.stem.split("--")[0]):
            assert line not in text, f"{page.name}: code visible: {line}"


def test_report_has_no_trainee_edition(run):
    _, folder = run
    assert (folder / "trainer" / "90_cohortrapport.html").is_file()
    assert not (folder / "deelnemer" / "90_cohortrapport.html").exists()


def test_rerun_is_idempotent(run, tmp_path):
    """A second run over the same folder replaces files and leaves no temporary files."""
    proc, folder = run
    second = cohort_run(folder.parent, "--only", "00_welkom", timeout=300)
    assert second.returncode == 0, second.stderr
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(".tmp") or ".staging" in p.parts]
    assert leftovers == []
    manifest = json.loads((folder / "manifest.json").read_text())
    from leerrecht.domain.cohort import load_cohort

    cohort = load_cohort(EXAMPLE)
    # Every notebook once, 02_casus once per case: the rerun of one notebook keeps them all.
    assert len(manifest["notebooks"]) == len(cohort.notebooks) - 1 + len(cohort.casussen)


@pytest.mark.parametrize(
    "notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem
)
def test_plain_papermill_cli_runs_each_notebook_with_defaults(notebook, tmp_path):
    """Researchers can run any notebook on its own, without the cohort runner."""
    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / notebook.name
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("LEERRECHT_")}
    env["LEERRECHT_ANSWERS"] = str(tmp_path / "answers")  # never write into the repository
    proc = subprocess.run(
        [str(papermill), str(notebook), str(out), "--cwd", str(notebook.parent)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
