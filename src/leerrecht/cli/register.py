"""``leerrecht register``: simulate an attendance register, and run a protocol over one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


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

    ev = sub.add_parser("evaluate", help="run a protocol over a register; one row per signal")
    ev.add_argument("register", type=Path, metavar="REGISTER", help="register (.csv/.parquet)")
    ev.add_argument(
        "--protocol",
        required=True,
        metavar="P.yml",
        help="protocol file, or the name of one in protocols/",
    )
    ev.add_argument("--regio", default="midden", help="noord, midden or zuid (midden)")
    ev.add_argument("--out", type=Path, default=None, help="write the signals to this CSV")
    ev.set_defaults(func=cmd_evaluate)


def cmd_simulate(args: argparse.Namespace) -> int:
    from leerrecht.core.errors import UserError
    from leerrecht.domain.calendar import load_calendar
    from leerrecht.domain.register import simulate, write_register

    if args.leerlingen < 1:
        raise UserError.single("must be at least 1", field="--leerlingen")
    cal = load_calendar(args.regio)
    frame = simulate(cal, leerlingen=args.leerlingen, schooljaar=args.schooljaar, seed=args.seed)
    write_register(frame, args.output)
    print(f"{len(frame)} records for {frame['leerling'].nunique()} pupils -> {args.output}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from leerrecht.domain.calendar import load_calendar
    from leerrecht.domain.protocols import evaluate, load_protocol, summary_by_rule
    from leerrecht.domain.register import read_register

    protocol = load_protocol(args.protocol)
    cal = load_calendar(args.regio)
    frame = read_register(args.register, cal)
    signals = evaluate(frame, protocol, cal)
    if args.out is not None:
        out = signals.copy()
        for col in ("datum", "deadline", "venster_van"):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_name(args.out.name + ".tmp")
        out.to_csv(tmp, index=False)
        tmp.replace(args.out)
    print(
        f"{protocol.naam}: {len(signals)} signals for {signals['leerling'].nunique()} pupils "
        f"({len(frame)} records)"
    )
    print(summary_by_rule(signals).to_string(index=False), file=sys.stdout)
    if args.out is not None:
        print(f"-> {args.out}")
    return 0
