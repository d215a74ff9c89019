"""The cohort's index page: what a trainer opens after a run and shares in two parts.

"Voor deelnemers" holds only handouts (and interactive links where a hub is configured);
"voor de trainer" holds the trainer and research editions, the report and the executed
notebooks as downloads. Rendered through an autoescaping Jinja2 template.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from leerrecht.core.formats import format_date, format_datetime, format_number
from leerrecht.core.i18n import Strings
from leerrecht.run.jobs import TRAINER_ONLY

TEMPLATES = Path(__file__).parent / "templates"

TEXT = Strings.load("run/index", "text")


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every value is text: cohort titles and errors come from users
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _title(entry: dict[str, Any], taal: str) -> str:
    if entry.get("case_title"):
        return TEXT("case", taal, titel=entry["case_title"])
    return entry.get("title") or entry["stem"]


def _exists(out_dir: Path | None, rel: str | None) -> str | None:
    if not rel or out_dir is None:
        return None
    return rel if (out_dir / rel).is_file() else None


def index_html(
    cohort: Any,
    entries: list[dict[str, Any]],
    version: str,
    *,
    out_dir: Path | None = None,
    live: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The cohort's index page; ``entries`` come from the manifest (paths relative to it).

    ``live`` maps a manifest key to its interactive link (a hub); PDFs are linked when they
    exist in ``out_dir``.
    """
    taal = cohort.taal
    live = live or {}
    handouts, rows, report = [], [], None
    for entry in entries:
        title = _title(entry, taal)
        research = entry.get("research_html") or entry["trainer_html"]
        pdf = _exists(out_dir, (entry.get("pdf") or {}).get("trainer"))
        rows.append(
            {
                "title": title,
                "ok": entry["status"] == "ok",
                "status": TEXT(entry["status"], taal),
                "error": entry.get("error"),
                "duration": f"{format_number(entry['duration_s'], taal, decimals=1)} s",
                "trainer": entry["trainer_html"],
                "research": research,
                "notebook": entry["notebook"],
                "pdf": pdf,
            }
        )
        if entry["stem"] in TRAINER_ONLY:
            report = report or {"href": entry["trainer_html"], "title": title}
            continue
        handouts.append(
            {
                "title": title,
                "href": entry["trainee_html"],
                "pdf": _exists(out_dir, (entry.get("pdf") or {}).get("deelnemer")),
                "live": live.get(entry.get("key") or entry["stem"]),
            }
        )
    ok = sum(1 for e in entries if e["status"] == "ok")
    total = len(entries)
    n = len(cohort.deelnemers)
    texts = {key: TEXT(key, taal) for key in TEXT.table}
    texts.update(
        index_title=TEXT("index_title", taal, titel=cohort.titel),
        trainee_count=TEXT("trainee_count_one", taal)
        if n == 1
        else TEXT("trainee_count", taal, n=n),
        summary=TEXT("summary_ok", taal, ok=ok, total=total)
        if ok == total
        else TEXT("summary_bad", taal, bad=total - ok, total=total),
        generated=TEXT(
            "generated", taal, when=format_datetime(now or dt.datetime.now(), taal), version=version
        ),
    )
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            lang=taal,
            t=texts,
            cohort=cohort,
            period=f"{format_date(cohort.startdatum, taal)} – {format_date(cohort.einddatum, taal)}",
            programme=[
                {"date": format_date(s.datum, taal), "topic": s.onderwerp} for s in cohort.programma
            ],
            all_ok=ok == total,
            handouts=handouts,
            rows=rows,
            report=report,
            live=bool(live),
            cohort_pdf_trainee=_exists(out_dir, "deelnemer/cohort.pdf"),
            cohort_pdf_trainer=_exists(out_dir, "trainer/cohort.pdf"),
        )
    )
