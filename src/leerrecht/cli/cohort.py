"""``leerrecht cohort``: run a cohort's notebooks, or start a new cohort file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from leerrecht.core.errors import UserError


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


def cmd_run(args: argparse.Namespace) -> int:
    from leerrecht.run import runner

    if args.jobs is not None and args.jobs < 1:
        raise UserError.single("--jobs must be at least 1", hint="e.g. --jobs 2")
    if args.timeout <= 0:
        raise UserError.single("--timeout must be positive", hint="e.g. --timeout 600")
    if bool(args.hub_url) != bool(args.hub_repo):
        raise UserError.single(
            "--hub-url and --hub-repo go together",
            field="--hub-url",
            hint="e.g. --hub-url https://hub.example --hub-repo https://git.example/cursus.git",
        )
    hub = (args.hub_url, args.hub_repo, args.hub_branch) if args.hub_url else None
    results, indexes = runner.run(
        args.cohort_files,
        workers=args.jobs,
        only=args.only,
        out_base=args.out,
        timeout=args.timeout,
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
    if target.exists():
        raise UserError.single(
            "file exists already",
            file=target,
            hint="choose another name or --file, or edit the existing file",
        )
    try:
        shown = target.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = target
    atomic_write_text(target, new_cohort_text(args.name, str(shown)))
    print(f"wrote {target}", file=sys.stderr)
    return 0
