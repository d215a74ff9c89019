"""``leerrecht register``: simulate an attendance register, and run a protocol over one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# A whole region, not a typo: larger runs take minutes and gigabytes.
MAX_PUPILS = 100_000


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("register", help="simulate attendance registers, run protocols")
    p.set_defaults(group_parser=p)
    sub = p.add_subparsers(metavar="SUBCOMMAND")

    sim = sub.add_parser("simulate", help="write a seeded synthetic register (CSV or Parquet)")
    sim.add_argument("output", type=Path, help="file to write (.csv or .parquet)")
    sim.add_argument("--leerlingen", type=int, default=600, help="number of pupils (600)")
    sim.add_argument(
        "--schooljaar",
        type=int,
        default=2025,
        help="school year by its first calendar year (2025 = 2025-2026)",
    )
    sim.add_argument("--regio", default="midden", help="noord, midden or zuid (midden)")
    sim.add_argument("--seed", type=int, default=1, help="random seed (1)")
    sim.set_defaults(func=cmd_simulate)

    chk = sub.add_parser(
        "check", help="validate a register file against the contract, without evaluating"
    )
    chk.add_argument("register", type=Path, metavar="FILE", help="register (.csv/.parquet)")
    _calendar_options(chk)
    chk.set_defaults(func=cmd_check)

    sch = sub.add_parser("schema", help="print the register's Table Schema (JSON)")
    sch.set_defaults(func=cmd_schema)

    ev = sub.add_parser("evaluate", help="run a protocol over a register; one row per signal")
    ev.add_argument("register", type=Path, metavar="REGISTER", help="register (.csv/.parquet)")
    ev.add_argument(
        "--protocol",
        required=True,
        metavar="P.yml",
        help="protocol file (path from any folder), or the name of one in protocols/",
    )
    _calendar_options(ev)
    ev.add_argument("--out", type=Path, default=None, help="write the signals to this CSV")
    ev.set_defaults(func=cmd_evaluate)


def _calendar_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--regio", default="midden", help="holiday region: noord, midden or zuid")
    p.add_argument(
        "--schooljaar",
        type=int,
        default=None,
        help="only accept dates in this school year (2025 = 2025-2026); default: any year "
        "of the calendar",
    )


def cmd_check(args: argparse.Namespace) -> int:
    from leerrecht.domain.calendar import load_calendar
    from leerrecht.domain.register import read_register

    cal = load_calendar(args.regio)
    frame = read_register(args.register, cal, schooljaar=args.schooljaar)
    years = sorted({int(y) for y in cal.year_of_day[cal.day_index(frame["datum"].to_numpy())]})
    label = ", ".join(f"{y}-{y + 1}" for y in years)
    columns = ", ".join(frame.columns)
    print(
        f"{args.register}: ok, {len(frame)} records for {frame['leerling'].nunique()} pupils; "
        f"school year(s) {label}, regio {args.regio}"
    )
    print(f"read as {frame.attrs['bron']['gelezen_als']}; columns: {columns}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from leerrecht.domain.register import table_schema

    print(json.dumps(table_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from leerrecht.core.errors import UserError
    from leerrecht.domain.calendar import load_calendar
    from leerrecht.domain.register import write_register
    from leerrecht.domain.synthetic import simulate

    if not 1 <= args.leerlingen <= MAX_PUPILS:
        raise UserError.single(
            f"must be from 1 to {MAX_PUPILS:,}", field="--leerlingen", hint="e.g. --leerlingen 600"
        )
    cal = load_calendar(args.regio)
    frame = simulate(cal, leerlingen=args.leerlingen, schooljaar=args.schooljaar, seed=args.seed)
    write_register(frame, args.output)
    print(f"{len(frame)} records for {frame['leerling'].nunique()} pupils -> {args.output}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from leerrecht.core.errors import UserError
    from leerrecht.core.fileio import atomic_write_csv
    from leerrecht.domain.calendar import load_calendar
    from leerrecht.domain.protocols import evaluate, load_protocol, summary_by_rule
    from leerrecht.domain.register import read_register

    if args.out is not None and args.out.is_dir():
        raise UserError.single("is a folder", field="--out", hint="name a .csv file to write")
    protocol = load_protocol(args.protocol)
    cal = load_calendar(args.regio)
    frame = read_register(args.register, cal, schooljaar=args.schooljaar)
    signals = evaluate(frame, protocol, cal)
    if args.out is not None:
        out = signals.copy()
        for col in ("datum", "deadline", "venster_van"):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
        atomic_write_csv(args.out, out)
    print(
        f"{protocol.naam}: {len(signals)} signals for {signals['leerling'].nunique()} pupils "
        f"({len(frame)} records)"
    )
    print(summary_by_rule(signals).to_string(index=False), file=sys.stdout)
    if args.out is not None:
        print(f"-> {args.out}")
    return 0
