"""The editions speak the cohort's language (issue 17): an English cohort's pages hold no
Dutch sentence, a Dutch cohort's pages no English one.

Left out of the check: code, ``<script>``/``<style>``, addresses, and every element marked as
the other language (``lang="nl"``: a case's own text, which stays Dutch, and Dutch titles of
sources; WCAG 3.1.2). One English run per test session, of every notebook whose translation
is complete; a notebook without one fails here, naming what is missing.
"""

from __future__ import annotations

import nbformat
import pytest
from support.cohortrun import cohort_run
from support.language import DUTCH, ENGLISH, visible_text, words_of
from support.testing import ROOT

from leerrecht.run import translation as T
from leerrecht.run.jobs import TRAINER_ONLY

pytestmark = pytest.mark.slow

SUITE = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
CASE = "isk-nieuwkomer"

ENGLISH_COHORT = f"""\
naam: english
titel: "Example cohort of attendance officers, autumn 2026"
startdatum: 2026-09-07
einddatum: 2026-12-14
trainer: trainer-a
deelnemers: [deelnemer-01, deelnemer-02]
taal: en
notebooks: [{", ".join(SUITE)}]
casussen: [{CASE}]
programma:
  - datum: 2026-09-07
    onderwerp: "Introduction; the Compulsory Education Act and the duty to report"
  - datum: 2026-12-14
    onderwerp: "Looking back with the cohort report"
"""


def _untranslated(stem: str) -> list[str]:
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    return [p.message for p in T.problems(nb, stem)]


def _selected_stems(session) -> set[str]:
    """The notebooks whose English check this session runs (``-k`` may pick a few)."""
    return {
        item.callspec.params["stem"]
        for item in session.items
        if getattr(item, "originalname", "") == "test_english_editions_hold_no_dutch"
    }


@pytest.fixture(scope="session")
def english_run(request, tmp_path_factory):
    """Every translated notebook the session checks, run once with ``taal: en``."""
    folder = tmp_path_factory.mktemp("english")
    cohort = folder / "english.yml"
    cohort.write_text(ENGLISH_COHORT, encoding="utf-8")
    selected = _selected_stems(request.session)
    ready = [stem for stem in SUITE if stem in selected and not _untranslated(stem)]
    only = [arg for stem in ready for arg in ("--only", stem)]
    proc = cohort_run(folder / "out", *only, cohort=cohort) if ready else None
    return proc, folder / "out" / "english"


def _pages(folder, stem: str) -> list:
    key = f"{stem}--{CASE}" if stem == "02_casus" else stem
    editions = ("trainer",) if stem in TRAINER_ONLY else ("deelnemer", "trainer")
    return [folder / edition / f"{key}.html" for edition in editions]


@pytest.mark.parametrize("stem", SUITE)
def test_english_editions_hold_no_dutch(english_run, stem):
    missing = _untranslated(stem)
    assert not missing, f"{stem} has no complete English text:\n" + "\n".join(missing[:5])
    proc, folder = english_run
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    for page in _pages(folder, stem):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en">' in html
        text = visible_text(html, other="nl")
        assert len(text.split()) > 40, f"{page.name}: hardly any text to check"
        dutch = words_of(text, DUTCH)
        assert not dutch, f"{page.parent.name}/{page.name}: Dutch text:\n" + "\n".join(dutch[:8])


@pytest.mark.parametrize("stem", SUITE)
def test_dutch_editions_hold_no_english(example_run, stem):
    proc, folder = example_run
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    for page in _pages(folder, stem):
        html = page.read_text(encoding="utf-8")
        text = visible_text(html, other="en")
        assert len(text.split()) > 40, f"{page.name}: hardly any text to check"
        english = words_of(text, ENGLISH)
        assert not english, f"{page.parent.name}/{page.name}: English:\n" + "\n".join(english[:8])


def test_the_check_sees_dutch_and_respects_lang():
    """The checker itself: a Dutch sentence is found, unless it is marked lang="nl"."""
    page = (
        '<html lang="en"><body><p>Click the button. Klik op de knop.</p>'
        '<p lang="nl">Wat doe je als leerplichtambtenaar?</p>'
        '<div class="highlight"><pre>voor x in een: pass</pre></div>'
        "<p>See https://example.invalid/wat-is-het</p></body></html>"
    )
    text = visible_text(page, other="nl")
    assert [w.split("'")[1] for w in words_of(text, DUTCH)] == ["Klik"]
    dutch_page = page.replace('<html lang="en">', '<html lang="nl">')
    assert [w.split("'")[1] for w in words_of(visible_text(dutch_page, other="en"), ENGLISH)] == [
        "Click",
        "the",
    ]
