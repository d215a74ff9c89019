"""Printable editions: a PDF per page and one per cohort, printed by headless Chromium.

The editions carry print CSS (A4, a decision point kept on one page); Chromium prints them
as a reader's browser would. One browser serves every page of a run (playwright), which
is several times faster than a Chromium process per page.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from leerrecht.core.errors import UserError
from leerrecht.core.fileio import atomic_write_text

PRINTED = ("deelnemer", "trainer")  # the editions a trainer prints; research stays on screen
COHORT_STEM = "cohort"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium() -> str | None:
    """``LEERRECHT_CHROMIUM``, else the Debian Chromium, else any Chromium or Chrome on PATH."""
    named = os.environ.get("LEERRECHT_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def check_printing() -> str:
    """The Chromium to print with; a clear message before anything runs if there is none."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise UserError.single(
            "--pdf needs the Python package playwright",
            field="--pdf",
            hint="pip install playwright (never `playwright install`: it uses your Chromium)",
        ) from None
    chromium = find_chromium()
    if chromium is None:
        raise UserError.single(
            "--pdf needs Chromium, which was not found",
            field="--pdf",
            hint="install it (Debian: apt-get install chromium) or set LEERRECHT_CHROMIUM "
            "to its path",
        )
    return chromium


@contextlib.contextmanager
def _browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        try:
            yield browser.new_page()
        finally:
            browser.close()


def _print(page: Any, html_file: Path, pdf_file: Path) -> None:
    page.goto(html_file.resolve().as_uri(), wait_until="load")
    tmp = pdf_file.with_name(f".{pdf_file.name}.tmp")
    page.pdf(path=str(tmp), format="A4", print_background=True, prefer_css_page_size=True)
    os.replace(tmp, pdf_file)


def combined_html(pages: list[Path]) -> str:
    """One HTML document holding ``pages`` (same edition) one after another, each on a new
    sheet; the first page's head carries the shared styles."""
    texts = [p.read_text(encoding="utf-8") for p in pages]
    head = re.search(r"^.*?<main>", texts[0], flags=re.S)
    bodies = [re.search(r"<main>(.*)</main>", t, flags=re.S) for t in texts]
    parts = [
        f'<div style="break-before: page">{m.group(1)}</div>' if i else m.group(1)
        for i, m in enumerate(bodies)
        if m
    ]
    return (
        (head.group(0) if head else "<html><body><main>")
        + "\n".join(parts)
        + ("</main></body></html>")
    )


def print_cohort(out_dir: Path, entries: list[dict[str, Any]], chromium: str) -> None:
    """PDFs next to each printed edition's HTML (redone when the HTML is newer) and one per
    cohort and edition; records their paths in ``entries`` (the manifest's)."""
    with _browser(chromium) as page:
        for edition in PRINTED:
            pages = []
            for entry in entries:
                rel = entry.get("trainee_html" if edition == "deelnemer" else "trainer_html")
                html_file = out_dir / rel if rel else None
                if html_file is None or not html_file.is_file():
                    continue
                pages.append(html_file)
                pdf_file = html_file.with_suffix(".pdf")
                if not pdf_file.exists() or pdf_file.stat().st_mtime < html_file.stat().st_mtime:
                    _print(page, html_file, pdf_file)
                entry.setdefault("pdf", {})[edition] = pdf_file.relative_to(out_dir).as_posix()
            if pages:
                joined = out_dir / ".staging" / f"{COHORT_STEM}-{edition}.html"
                atomic_write_text(joined, combined_html(pages))
                _print(page, joined, out_dir / edition / f"{COHORT_STEM}.pdf")
                joined.unlink()
