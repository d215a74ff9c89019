"""``leerrecht cohort``: run a cohort's notebooks, or start a new cohort file."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from leerrecht.core.errors import UserError
from leerrecht.core.i18n import Strings


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("cohort", help="run the suite for a cohort, or start a cohort file")
    parser.set_defaults(group_parser=parser)
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")

    run = commands.add_parser(
        "run",
        help="run every selected notebook for one or more cohorts",
        description="Execute the cohort's notebooks with papermill and write output/<cohort>/: "
        "executed notebooks, deelnemer, trainer and onderzoek HTML editions (--pdf: also PDFs), "
        "index.html and manifest.json.",
    )
    run.add_argument("cohort_files", nargs="+", type=Path, metavar="COHORT.yml")
    run.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help="worker processes (default: the number of cores)",
    )
    run.add_argument(
        "--only",
        action="append",
        metavar="NOTEBOOK",
        help="run only this notebook (e.g. 02_casus); repeatable",
    )
    run.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="write to DIR/<cohort>/ instead of the cohort's uitvoermap",
    )
    run.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="stop a notebook that runs longer than this (default 600)",
    )
    run.add_argument(
        "--isolated",
        action="store_true",
        help="a fresh kernel for every notebook (slower; for comparison)",
    )
    run.add_argument(
        "--pdf",
        action="store_true",
        help="also print every handout and trainer edition to PDF, and one PDF per cohort "
        "(needs Chromium)",
    )
    run.add_argument(
        "--hub-url",
        default=None,
        metavar="URL",
        help="the class hub: the index then links each trainee to the interactive notebook",
    )
    run.add_argument(
        "--hub-repo",
        default=None,
        metavar="GIT_URL",
        help="the course repository the hub pulls (with --hub-url)",
    )
    run.add_argument("--hub-branch", default="main", help="its branch (default main)")
    run.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    run.set_defaults(func=cmd_run)

    new = commands.add_parser("new", help="write a commented cohort file to start from")
    new.add_argument("name", help="cohort name (lower-case letters, digits, - or _)")
    new.add_argument(
        "--file", type=Path, default=None, help="where to write it (default cohorts/NAME.yml)"
    )
    new.set_defaults(func=cmd_new)


MAX_JOBS = 64
MAX_TIMEOUT = 7 * 24 * 3600.0  # a week: anything longer is a typo

TEXT = Strings.load("cli/cohort", "text")


def check_run_arguments(args: argparse.Namespace) -> None:
    """Refuse impossible --jobs and --timeout before anything is loaded."""
    if args.jobs is not None and not 1 <= args.jobs <= MAX_JOBS:
        raise UserError.single(
            TEXT("jobs", "nl", limit=MAX_JOBS, value=args.jobs),
            field="--jobs",
            hint=TEXT("jobs_hint", "nl"),
            taal="nl",
        )
    timeout = args.timeout
    if not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise UserError.single(
            TEXT("timeout", "nl", limit=MAX_TIMEOUT, value=f"{timeout:g}"),
            field="--timeout",
            hint=TEXT("timeout_hint", "nl"),
            taal="nl",
        )


def check_writable_folder(folder: Path, *, field: str | None, hint_key: str, taal: str) -> None:
    """Refuse a folder that cannot be created or written, leaving nothing behind."""
    from leerrecht.core.fileio import probe_writable

    def refuse(key: str, **fmt: object) -> UserError:
        return UserError.single(
            TEXT(key, taal, **fmt), file=folder, field=field, hint=TEXT(hint_key, taal), taal=taal
        )

    try:
        probe_writable(folder)
    except NotADirectoryError:
        raise refuse("out_file") from None
    except OSError as exc:
        raise refuse("out_unwritable", reason=exc.strerror or exc) from None


def preflight(args: argparse.Namespace) -> None:
    """Before the runner starts: writable output and a privacy look at each cohort file.

    Cohort files that do not load are left to the runner, which reports all their
    problems together.
    """
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.privacy.cohortcheck import cohort_file_warnings

    if args.out is not None:
        check_writable_folder(args.out, field="--out", hint_key="out_hint", taal="nl")
    for cohort_file in args.cohort_files:
        try:
            cohort = load_cohort(cohort_file, check_references_exist=False)
        except UserError:
            continue
        if args.out is None:
            check_writable_folder(
                cohort.output_path.parent,
                field="uitvoermap",
                hint_key="uitvoermap_hint",
                taal=cohort.taal,
            )
        for warning in cohort_file_warnings(cohort_file, cohort.taal):
            print(warning, file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    from leerrecht.run import runner

    check_run_arguments(args)
    preflight(args)
    if bool(args.hub_url) != bool(args.hub_repo):
        raise UserError.single(
            "--hub-url en --hub-repo horen bij elkaar",
            field="--hub-url",
            hint="bijvoorbeeld --hub-url https://hub.example --hub-repo https://git.example/cursus.git",
        )
    hub = (args.hub_url, args.hub_repo, args.hub_branch) if args.hub_url else None
    results, indexes = runner.run(
        args.cohort_files,
        workers=args.jobs,
        only=args.only,
        out_base=args.out,
        # papermill counts a cell's time in whole seconds; 30.5 gives the cell 31.
        timeout=math.ceil(args.timeout),
        isolated=args.isolated,
        progress=False if args.no_progress else None,
        pdf=args.pdf,
        hub=hub,
    )
    print(runner.summary_table(results))
    for index in indexes:
        print(f"index: {index}")
    return 0 if all(r.status == "ok" for r in results) else 1


def cmd_new(args: argparse.Namespace) -> int:
    from leerrecht.core import paths
    from leerrecht.core.fileio import atomic_write_text
    from leerrecht.domain.cohort import new_cohort_text

    target = args.file or paths.COHORTS / f"{args.name}.yml"
    if target.is_dir():
        raise UserError.single(
            TEXT("is_dir", "nl"), file=target, hint=TEXT("is_dir_hint", "nl"), taal="nl"
        )
    if target.exists():
        raise UserError.single(
            TEXT("exists", "nl"), file=target, hint=TEXT("exists_hint", "nl"), taal="nl"
        )
    text = new_cohort_text(args.name, "")  # validates the name before touching the disk
    check_writable_folder(target.parent, field="--file", hint_key="is_dir_hint", taal="nl")
    try:
        shown = target.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = target
    text = new_cohort_text(args.name, str(shown))
    atomic_write_text(target, text)
    print(TEXT("wrote", "nl", path=target), file=sys.stderr)
    return 0
