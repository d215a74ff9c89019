"""axe-core on what a cohort run writes: the index and every edition, WCAG 2.1 AA.

Municipalities, the officers' employers, are bound to WCAG 2.1 AA; axe-core (pinned in
package.json, installed by `npm ci`) finds what a machine can find. Serious and critical
violations fail the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import lab as lh

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = lh.REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def cohort_output(example_run) -> Path:
    if not AXE.is_file():
        message = "axe-core not installed: run `npm ci` in the repository"
        if os.environ.get("CI"):  # CI installs npm packages: never skip there
            pytest.fail(message)
        pytest.skip(message)
    proc, folder = example_run  # the session's one run of the example cohort
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder


def _pages(folder: Path) -> list[Path]:
    editions = [
        p for e in ("deelnemer", "trainer", "onderzoek") for p in (folder / e).glob("*.html")
    ]
    return [folder / "index.html", *sorted(editions)]


def _serious(page, html_file: Path) -> list[str]:
    page.goto(html_file.as_uri(), wait_until="load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    problems = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            where = [" ".join(n["target"]) for n in violation["nodes"][:3]]
            problems.append(f"{violation['id']} ({violation['impact']}): {where}")
    return problems


def test_index_and_every_edition_pass_axe(cohort_output, page):
    pages = _pages(cohort_output)
    assert len(pages) >= 1 + 3 * 7, [p.name for p in pages]
    found = {}
    for html_file in pages:
        problems = _serious(page, html_file)
        if problems:
            found[html_file.relative_to(cohort_output).as_posix()] = problems
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_axe_finds_a_violation_when_there_is_one(cohort_output, page, tmp_path):
    # The check itself works: an image without alt text and colour-only links are caught.
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        '<p style="color:#000">Tekst <a href="#" style="color:#111;text-decoration:none">link</a>'
        ' meer tekst</p><img src="data:image/png;base64,iVBORw0KGgo="></main></body></html>',
        encoding="utf-8",
    )
    assert _serious(page, bad)
