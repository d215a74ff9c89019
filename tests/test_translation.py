"""English course text: every notebook's markdown has a current translation, and the
mechanism that swaps it in refuses a missing or stale one, naming notebook and cell.

Run alone with ``python -m pytest -q -m translation``.
"""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from support.testing import ROOT, make_notebook, write_cohort

from leerrecht.core.errors import UserError
from leerrecht.run import translation as T

pytestmark = pytest.mark.translation

SUITE = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("stem", SUITE)
def test_every_markdown_cell_has_a_current_translation(stem):
    """One result per notebook: missing, stale and unknown cells are named."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    problems = [p.message for p in T.problems(nb, stem)]
    assert problems == [], "\n".join(problems)


def test_no_translation_file_for_a_notebook_that_does_not_exist():
    files = sorted(p.stem for p in (ROOT / "notebooks" / "en").glob("*.yml"))
    assert set(files) <= set(SUITE), set(files) - set(SUITE)


def _notebook():
    cells = [
        new_markdown_cell("# Welkom", id="90143070"),
        new_code_cell("# code blijft\nprint(1)", id="code1"),
        new_markdown_cell("Tekst met **vet**.", id="tekst"),
    ]
    return new_notebook(cells=cells)


def _write(notebooks_dir, entries: dict[str, tuple[str, str]]) -> None:
    lines = ["cells:"]
    for cell_id, (nl, en) in entries.items():
        lines += [f"  {cell_id}:", f"    nl: {nl}", "    en: |"]
        lines += [f"      {line}" for line in en.splitlines()]
    (notebooks_dir / "en").mkdir(exist_ok=True)
    (notebooks_dir / "en" / "proef.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _current(nb) -> dict[str, tuple[str, str]]:
    english = {"90143070": "# Welcome", "tekst": "Text in **bold**."}
    return {
        c.id: (T.cell_hash(c.source), english[c.id]) for c in nb.cells if c.cell_type == "markdown"
    }


def test_markdown_is_replaced_and_code_kept(notebooks_dir):
    nb = _notebook()
    _write(notebooks_dir, _current(nb))  # the all-digit id is written unquoted
    out = T.translate_notebook(nb, "en", "proef")
    assert [c.source for c in out.cells] == [
        "# Welcome",
        "# code blijft\nprint(1)",
        "Text in **bold**.",
    ]
    assert nb.cells[0].source == "# Welkom", "the input notebook is left as it was"
    assert T.translate_notebook(nb, "nl", "proef") is nb


def test_stale_translation_is_refused_naming_notebook_and_cell(notebooks_dir):
    nb = _notebook()
    _write(notebooks_dir, _current(nb))
    nb.cells[2].source = "Tekst met **vet**, en een nieuwe zin."
    with pytest.raises(UserError) as caught:
        T.translate_notebook(nb, "en", "proef")
    assert "proef: cell tekst is stale" in str(caught.value)
    assert "proef.yml:" in str(caught.value), "the entry's line is named"


def test_missing_and_unknown_cells_are_refused(notebooks_dir):
    nb = _notebook()
    entries = _current(nb)
    entries["weg"] = entries.pop("tekst")
    _write(notebooks_dir, entries)
    with pytest.raises(UserError) as caught:
        T.translate_notebook(nb, "en", "proef")
    assert "proef: cell tekst has no translation" in str(caught.value)
    assert "proef: no markdown cell has id weg" in str(caught.value)
    (notebooks_dir / "en" / "proef.yml").unlink()
    assert len(T.problems(nb, "proef")) == 2, "no file: every markdown cell is missing"


def test_papermill_error_cells_need_no_translation(notebooks_dir):
    nb = _notebook()
    _write(notebooks_dir, _current(nb))
    error = new_markdown_cell("<span>An Exception was encountered</span>")
    error.metadata["tags"] = ["papermill-error-cell-tag"]
    nb.cells.insert(1, error)
    out = T.translate_notebook(nb, "en", "proef")
    assert out.cells[1].source == error.source


def test_duplicate_cell_ids_are_refused(notebooks_dir):
    nb = _notebook()
    _write(notebooks_dir, _current(nb))
    path = notebooks_dir / "en" / "proef.yml"
    path.write_text(path.read_text() + "  tekst:\n    nl: abc\n    en: x\n", encoding="utf-8")
    with pytest.raises(UserError, match="tekst"):
        T.load("proef")


def test_english_cohort_with_a_missing_translation_does_not_start(tmp_path, notebooks_dir):
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.run.plan import plan_cohort

    make_notebook(notebooks_dir / "00_welkom.ipynb", "print(1)", title="Welkom")
    text = (
        "naam: proef\ntitel: Proef\nstartdatum: 2026-09-07\neinddatum: 2026-12-14\n"
        "trainer: trainer-a\ndeelnemers: [deelnemer-01]\nnotebooks: [00_welkom]\ntaal: {taal}\n"
    )
    dutch = write_cohort(tmp_path / "nl.yml", text.format(taal="nl"))
    assert plan_cohort(load_cohort(dutch), dutch)
    english = write_cohort(tmp_path / "en.yml", text.format(taal="en"))
    with pytest.raises(UserError, match="00_welkom: cell .* has no translation"):
        plan_cohort(load_cohort(english), english)


def test_every_quiz_question_has_a_current_english_text():
    from leerrecht.views import quizzes

    assert quizzes.translation_problems() == []


def test_a_quiz_question_changed_in_dutch_is_shown_in_dutch(monkeypatch):
    """Until its English text is updated: never an English text of another question."""
    from dataclasses import replace

    from leerrecht.views import quizzes

    spec = quizzes.QUIZZES["halt"]
    assert quizzes.in_language(spec, "en").vraag.startswith("Which young people")
    changed = replace(spec, vraag=spec.vraag + " (nieuw)")
    monkeypatch.setitem(quizzes.QUIZZES, "halt", changed)
    assert quizzes.in_language(changed, "en") == changed
    assert quizzes.translation_problems() == [
        f"quiz halt: stale (nl: {quizzes.spec_hash(spec)}, now {quizzes.spec_hash(changed)})"
    ]
