"""``leerrecht gesprek``: judge a question with the analyser; check the exercise data."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "gesprek", help="question analyser (solution-focused or not) and conversation data"
    )
    p.set_defaults(group_parser=p)
    sub = p.add_subparsers(metavar="SUBCOMMAND")

    judge = sub.add_parser(
        "beoordeel",
        help="judge one Dutch question or sentence: solution-focused or not, and why",
    )
    judge.add_argument("tekst", nargs="?", default="", metavar="TEKST", help="the question")
    judge.add_argument("--json", action="store_true", help="print the verdict as JSON")
    judge.add_argument(
        "--taal", choices=("nl", "en"), default="nl", help="language of messages (default nl)"
    )
    judge.set_defaults(func=cmd_beoordeel)

    check = sub.add_parser(
        "check",
        help="validate data/gesprek/*.yml and data/netwerk/*.yml; exit 2 with file:line",
    )
    for name, help_text in (
        ("zinnen", "sentences to classify"),
        ("opdrachten", "rephrasing exercises"),
        ("gesprekken", "practice conversations"),
        ("rollen", "roles in the network"),
        ("stappen", "network steps per case"),
    ):
        check.add_argument(
            f"--{name}", type=Path, default=None, help=f"{help_text} (default: the bundled file)"
        )
    check.set_defaults(func=cmd_check)


def cmd_beoordeel(args: argparse.Namespace) -> int:
    import json

    from leerrecht.domain.gesprek.analyse import DISCLAIMER, beoordeel

    oordeel = beoordeel(args.tekst, args.taal)
    if args.json:
        data = oordeel.to_dict()
        data["let_op"] = DISCLAIMER("note", args.taal)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(oordeel.uitleg)
    for s in oordeel.signalen:
        sign = "+" if s.gewicht > 0 else "-"
        print(f'  {sign} {s.naam} ({s.gewicht:+d}): "{s.fragment}"')
    print(DISCLAIMER("note", args.taal))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from leerrecht.core.errors import UserError
    from leerrecht.domain import netwerk
    from leerrecht.domain.gesprek import oefeningen

    problems = []
    counts = {}
    rollen = None
    for name, load in (
        ("zinnen", lambda: oefeningen.load_zinnen(args.zinnen)),
        ("opdrachten", lambda: oefeningen.load_opdrachten(args.opdrachten)),
        ("gesprekken", lambda: oefeningen.load_gesprekken(args.gesprekken)),
        ("rollen", lambda: netwerk.load_rollen(args.rollen)),
    ):
        try:
            counts[name] = found = load()
        except UserError as exc:
            problems.extend(exc.problems)
            continue
        if name == "rollen":
            rollen = found
    if rollen is not None:
        try:
            counts["stappen"] = netwerk.load_stappen(args.stappen, rollen)
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    if "stappen" in counts:
        cases = counts.pop("stappen")
        counts["stappen"] = [s for c in cases for s in c.stappen]
    summary = ", ".join(f"{len(v)} {k}" for k, v in counts.items())
    print(f"ok: {summary}")
    return 0
