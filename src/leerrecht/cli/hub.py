"""``leerrecht hub``: run a class on one JupyterHub (config, links, collect answers)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leerrecht.domain.cohort import Cohort


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "hub",
        help="a whole class on one JupyterHub",
        description="Configure a class JupyterHub for a cohort, print the links trainees "
        "click, and collect their answers for the cohort report (see docs/hub.md).",
    )
    p.set_defaults(group_parser=p)
    sub = p.add_subparsers(dest="hub_command", metavar="SUBCOMMAND")

    config = sub.add_parser("config", help="write the hub configuration and user list")
    config.add_argument("cohort", type=Path, metavar="COHORT.yml")
    config.add_argument(
        "--out", type=Path, default=None, help="output folder (default: output/<cohort>/hub)"
    )
    config.add_argument(
        "--mode",
        choices=["local", "tljh"],
        default="local",
        help="local: a complete hub on loopback (trials, tests); tljh: a drop-in for "
        "The Littlest JupyterHub (default: local)",
    )
    config.set_defaults(func=_config)

    links = sub.add_parser("links", help="print the nbgitpuller link of every notebook")
    links.add_argument("cohort", type=Path, metavar="COHORT.yml")
    links.add_argument(
        "--hub-url", required=True, help="the hub's address, e.g. https://hub.example"
    )
    links.add_argument("--repo", required=True, help="git URL (or local path) of the course")
    links.add_argument("--branch", default="main", help="branch of the course (default: main)")
    links.add_argument(
        "--no-check", action="store_true", help="do not check that the repository is reachable"
    )
    links.set_defaults(func=_links)

    collect = sub.add_parser("collect", help="copy every trainee's answers to the trainer")
    collect.add_argument("cohort", type=Path, metavar="COHORT.yml")
    collect.add_argument("--hub-url", required=True, help="the hub's address")
    collect.add_argument(
        "--config-dir",
        type=Path,
        default=None,
        help="folder written by `hub config` (for the collect token; default: "
        "output/<cohort>/hub); or set LEERRECHT_HUB_TOKEN",
    )
    collect.add_argument(
        "--dest", type=Path, default=None, help="answers folder (default: the cohort's)"
    )
    collect.add_argument(
        "--no-start",
        action="store_true",
        help="skip trainees whose server is not running instead of starting it",
    )
    collect.set_defaults(func=_collect)


def _default_hub_dir(cohort: Cohort) -> Path:
    return cohort.output_path / "hub"


def _config(args: argparse.Namespace) -> int:
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.hub import write_hub_config

    cohort = load_cohort(args.cohort)
    out = args.out or _default_hub_dir(cohort)
    files = write_hub_config(cohort, out, mode=args.mode, source=args.cohort)
    print(f"hub configuration for {cohort.naam} ({len(cohort.deelnemers)} trainees) in {out}:")
    for path in files:
        print(f"  {path.name if path.parent == out else path.relative_to(out)}")
    print(f"start it with:  jupyterhub -f {out / 'jupyterhub_config.py'}")
    print(f"passwords and the collect token are in {out / 'secrets.json'} (keep it private)")
    return 0


def _links(args: argparse.Namespace) -> int:
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.hub import cases_without_link, check_repo, class_users, course_links

    cohort = load_cohort(args.cohort)
    class_users(cohort, args.cohort)
    if not args.no_check:
        check_repo(args.repo, args.branch)
    for link in course_links(cohort, args.hub_url, args.repo, args.branch):
        label = f"{link.notebook} ({link.case})" if link.case else link.notebook
        print(f"{label}\t{link.url}")
    others = cases_without_link(cohort)
    if others:
        print(
            f"note: the case notebook opens its default case; no link can open "
            f"{', '.join(others)} yet: tell trainees in class (see docs/hub.md)",
            file=sys.stderr,
        )
    return 0


def _collect(args: argparse.Namespace) -> int:
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.hub import HubClient, collect_answers, read_secrets

    cohort = load_cohort(args.cohort)
    token = (
        os.environ.get("LEERRECHT_HUB_TOKEN")
        or read_secrets(args.config_dir or _default_hub_dir(cohort))["service_token"]
    )
    client = HubClient(args.hub_url, token)
    report = collect_answers(cohort, client, args.dest, start_stopped=not args.no_start)
    dest = args.dest or cohort.answers_path
    total = sum(report.collected.values())
    print(f"collected {total} answers from {len(report.collected)} trainees into {dest}")
    for name, count in sorted(report.rejected.items()):
        print(f"  {name}: {count} lines refused (not this trainee's or damaged)")
    if report.missing:
        print(f"  no answers yet: {', '.join(report.missing)}")
    if report.started:
        print(f"  started and stopped again for this: {', '.join(report.started)}")
    return 0
