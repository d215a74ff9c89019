"""``leerrecht privacy``: the privacy gate (scan) and pseudonymisation of registers."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from leerrecht.core.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "privacy",
        help="find personal data; pseudonymise registers and answers",
        description="Privacy gate: scan content for personal data, pseudonymise data files.",
    )
    p.set_defaults(group_parser=p)
    sub = p.add_subparsers(dest="command", metavar="SUBCOMMAND")

    scan = sub.add_parser(
        "scan",
        help="scan files for personal data (exit 1 when anything is found)",
        description=(
            "Scan YAML, Markdown, CSV, JSON/JSONL and notebooks for BSNs, phone numbers, "
            "e-mail, IBANs, addresses, dates of birth and names. Without PATH: the "
            "repository's content folders. Exit 0 clean, 1 findings, 2 usage error."
        ),
    )
    scan.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    scan.add_argument(
        "--allow-list",
        type=Path,
        default=None,
        metavar="FILE",
        help="fictional names that may appear (default: casestudies/fictief.yml)",
    )
    scan.add_argument(
        "--no-names",
        action="store_true",
        help="skip the deduce name pass (faster, finds no person or place names)",
    )
    scan.add_argument(
        "--allow-unreadable",
        action="store_true",
        help="do not count files that cannot be read (binary, no permission) as findings",
    )
    bar = scan.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None)
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    scan.set_defaults(func=run_scan)

    pseudo = sub.add_parser(
        "pseudonymise",
        help="pseudonymise an attendance register (CSV/Parquet) or answers file (JSONL)",
        description=(
            "Replace pupil/trainee ids with keyed HMAC-SHA256 pseudonyms, drop names, BSNs "
            "and addresses, turn dates of birth into ages, report k-anonymity."
        ),
    )
    pseudo.add_argument("source", type=Path, metavar="IN")
    pseudo.add_argument("target", type=Path, metavar="OUT")
    pseudo.add_argument(
        "--key-file",
        type=Path,
        required=True,
        metavar="KEY",
        help="secret key, kept outside the repository (same key = same pseudonyms)",
    )
    pseudo.add_argument(
        "--peildatum",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="reference date for ages (default: today)",
    )
    pseudo.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="COLUMN",
        help="pass this free-text column through (still refused if it holds a BSN, phone "
        "number …); repeatable",
    )
    pseudo.add_argument(
        "--drop", action="append", default=[], metavar="COLUMN", help="drop this column; repeatable"
    )
    pseudo.set_defaults(func=run_pseudonymise)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _targets(paths: list[Path]) -> tuple[list[Path], bool]:
    """The paths to scan and whether they are the repository defaults."""
    if paths:
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise UserError.single("path not found", file=missing[0], hint="check the path")
        return paths, False
    from leerrecht.core.paths import ROOT
    from leerrecht.privacy.scanner import default_targets

    return default_targets(ROOT), True


def run_scan(args: argparse.Namespace) -> int:
    from leerrecht.core.paths import CASESTUDIES, ROOT
    from leerrecht.privacy.names import build_allow_list, get_deduce
    from leerrecht.privacy.scanner import (
        NamePass,
        collect_files,
        git_ignored,
        scan_paths,
        vocabulary,
    )

    targets, defaults = _targets(args.paths)
    if args.allow_list is not None and not args.allow_list.is_file():
        raise UserError.single(
            "allow-list not found" if not args.allow_list.exists() else "not a file",
            file=args.allow_list,
            field="--allow-list",
            hint="give the YAML file of fictional names, e.g. casestudies/fictief.yml",
        )
    allow = build_allow_list(args.allow_list or CASESTUDIES / "fictief.yml")
    files, others = collect_files(targets)
    if defaults:
        ignored = git_ignored(ROOT, files)
        files = [f for f in files if f not in ignored]
        ignored_others = git_ignored(ROOT, [Path(o) for o in others])
        others = [o for o in others if Path(o) not in ignored_others]
    engine = None if args.no_names else get_deduce()
    name_pass = NamePass(allow, engine, vocabulary(files))
    report = scan_paths(files, name_pass, progress=args.progress)
    report.not_scanned = others
    for problem in report.skipped:
        serious = problem.unreadable and not args.allow_unreadable
        print(f"{'unreadable' if serious else 'warning'}: {problem}", file=sys.stderr)
    for finding in report.findings:
        print(finding)
    print(report.summary())
    unreadable = report.unreadable and not args.allow_unreadable
    return 1 if report.findings or unreadable else 0


def run_pseudonymise(args: argparse.Namespace) -> int:
    from leerrecht.privacy.pseudonymise import pseudonymise_file

    peildatum = args.peildatum or date.today()
    result, kanon = pseudonymise_file(
        args.source, args.target, args.key_file, peildatum, keep=args.keep, drop=args.drop
    )
    rows = len(result.frame)
    print(f"wrote {args.target} ({rows} row(s))")
    if result.pseudonymised:
        print(f"pseudonymised: {', '.join(result.pseudonymised)}")
    else:
        print("warning: no pupil/trainee id column found; nothing pseudonymised", file=sys.stderr)
    if result.dropped:
        print(f"dropped direct identifiers: {', '.join(result.dropped)}")
    if result.ages_from:
        print(f"age in years on {peildatum.isoformat()} from: {', '.join(result.ages_from)}")
    if result.unreadable_dates:
        print(
            f"warning: {result.unreadable_dates} date(s) of birth unreadable; age left empty",
            file=sys.stderr,
        )
    if result.areas_from:
        print(f"postcode reduced to 4-digit area from: {', '.join(result.areas_from)}")
    for line in kanon.describe():
        print(line)
    return 0
