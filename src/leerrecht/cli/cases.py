"""``leerrecht cases``: list, validate and describe (schema) the case studies."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("cases", help="list and validate the case studies")
    p.set_defaults(group_parser=p)
    sub = p.add_subparsers(metavar="SUBCOMMAND")

    lst = sub.add_parser(
        "list", help="list the cases (id, school type, age, decision points, title)"
    )
    lst.add_argument(
        "--folder", type=Path, default=None, help="case folder (default: casestudies/)"
    )
    lst.set_defaults(func=cmd_list)

    val = sub.add_parser(
        "validate", help="check case files; exit 2 and name file:line:field for each problem"
    )
    val.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: all cases)"
    )
    val.add_argument(
        "--fictief",
        type=Path,
        default=None,
        help="list of fictional names (default: casestudies/fictief.yml)",
    )
    val.add_argument(
        "--strict",
        action="store_true",
        help="also refuse old, linear cases (without 'eindes'); the content rules of a "
        "branching case always apply once it has 'eindes'",
    )
    val.set_defaults(func=cmd_validate)

    sch = sub.add_parser("schema", help="regenerate casestudies/schema.json from the case model")
    sch.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write (default: casestudies/schema.json)",
    )
    sch.add_argument(
        "--check",
        action="store_true",
        help="only check that the file is up to date (exit 1 if not)",
    )
    sch.set_defaults(func=cmd_schema)


def cmd_list(args: argparse.Namespace) -> int:
    from leerrecht.domain.cases import list_cases

    cases = list_cases(args.folder)
    width = max((len(c.id) for c in cases), default=2)
    print(f"{'id':<{width}}  type  age  dp  title")
    for c in cases:
        p = c.profiel
        n = len(c.beslismomenten)
        print(f"{c.id:<{width}}  {p.onderwijstype:<4}  {p.leeftijd:>3}  {n:>2}  {c.titel}")
    print(f"{len(cases)} cases")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from leerrecht.core.errors import UserError
    from leerrecht.domain.cases import validate_paths

    if args.fictief is not None and not args.fictief.is_file():
        what = "this is a folder, not a file" if args.fictief.is_dir() else "file not found"
        raise UserError.single(
            what,
            file=args.fictief,
            field="--fictief",
            hint="give the list of invented names, e.g. casestudies/fictief.yml",
        )
    cases, problems = validate_paths(args.paths or None, args.fictief, strict=args.strict)
    if problems:
        raise UserError(problems)
    linear = [c.id for c in cases if not c.is_graph]
    print(f"ok: {len(cases)} case file(s) valid")
    if linear:
        print(
            f"note: {len(linear)} case(s) still in the old, linear format (no 'eindes'): "
            f"{', '.join(linear)}; 'leerrecht cases validate --strict' refuses them"
        )
    return 0


def check_output_file(target: Path, field: str) -> None:
    """Refuse an output path that is a folder or lies where no file can be written."""
    from leerrecht.core.errors import UserError
    from leerrecht.core.fileio import probe_writable

    if target.is_dir():
        raise UserError.single(
            "this is a folder; expected a file name",
            file=target,
            field=field,
            hint="e.g. --output casestudies/schema.json",
        )
    try:
        probe_writable(target.absolute().parent)
    except OSError as exc:
        raise UserError.single(
            f"cannot write here ({exc.strerror or exc})",
            file=target,
            field=field,
            hint="choose a file in a folder you may write to",
        ) from None


def cmd_schema(args: argparse.Namespace) -> int:
    import sys

    from leerrecht.core import paths
    from leerrecht.domain.cases import SCHEMA_FILE, schema_text, write_schema

    target = args.output or paths.CASESTUDIES / SCHEMA_FILE
    check_output_file(target, "--output")
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != schema_text():
            print(f"{target} is out of date; run: leerrecht cases schema", file=sys.stderr)
            return 1
        print(f"ok: {target} is up to date")
        return 0
    print(f"wrote {write_schema(target)}")
    return 0
