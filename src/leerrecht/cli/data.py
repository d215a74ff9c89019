"""``leerrecht data``: check the national figures, the model rates and the leerrecht data."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("data", help="check the national figures and the model rates")
    p.set_defaults(group_parser=p)
    sub = p.add_subparsers(metavar="SUBCOMMAND")

    chk = sub.add_parser(
        "check",
        help="validate data/landelijk against its datapackage.json and the model YAML; "
        "exit 2 and name file:line:field for each problem",
    )
    chk.add_argument(
        "--folder", type=Path, default=None, help="national figures (default: data/landelijk)"
    )
    chk.add_argument(
        "--model",
        type=Path,
        default=None,
        help="rates file of the escalation model (default: data/model/escalatie.yml)",
    )
    chk.set_defaults(func=cmd_check)

    fetch = sub.add_parser("fetch", help="fetch open data into data/opendata (needs a network)")
    fetch.add_argument(
        "source", choices=["cbs", "duo"], help="cbs: a StatLine table; duo: an open-data CSV"
    )
    fetch.add_argument("table", help="cbs: table id (84780NED); duo: the CSV's https address")
    fetch.set_defaults(func=cmd_fetch)


def cmd_fetch(args: argparse.Namespace) -> int:
    from leerrecht.domain import opendata

    if args.source == "duo":
        print(f"-> {opendata.fetch_duo(args.table, opendata.CACHE / 'duo')}")
        return 0
    folder = opendata.fetch_cbs(args.table, opendata.CACHE / "cbs")
    frame = opendata.load_cbs(args.table, opendata.CACHE / "cbs")
    print(f"{args.table}: {len(frame)} values -> {folder}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from leerrecht.domain import figures, leerrecht, model

    tables = figures.validate_package(args.folder)
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in tables.items())
    print(f"national figures ok: {counts} rows")
    cfg = model.load_config(args.model or model.DEFAULT_FILE)
    rates = sum(len(r) for r in cfg.basis.values())
    rates += sum(len(r) for s in cfg.scenarios.values() for r in s.overgangen.values())
    print(
        f"model rates ok: {len(cfg.toestanden)} states, {len(cfg.scenarios)} scenarios, {rates} rates"
    )
    shift = leerrecht.load(landelijk=args.folder)
    print(
        f"leerrecht data ok: {len(shift.positions)} positions, {len(shift.aspects)} aspects, "
        f"{len(shift.statements)} statements, {len(shift.urls())} source URLs"
    )
    return 0
