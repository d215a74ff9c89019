"""``leerrecht hub``: run a class on one JupyterHub (config, logins, links, collect answers)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leerrecht.domain.cohort import Cohort


def config_dir_arg(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--config-dir",
        type=Path,
        default=None,
        help=f"folder written by `hub config` ({what}; default: ~/.config/leerrecht/hub/<cohort>)",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "hub",
        help="a whole class on one JupyterHub",
        description="Configure a class JupyterHub for a cohort (one login per person), print "
        "the links trainees click, and collect their answers for the cohort report "
        "(see docs/hub.md).",
    )
    p.set_defaults(group_parser=p)
    sub = p.add_subparsers(dest="hub_command", metavar="SUBCOMMAND")

    config = sub.add_parser(
        "config", help="write the hub configuration, the logins and the login cards"
    )
    config.add_argument("cohort", type=Path, metavar="COHORT.yml")
    config.add_argument(
        "--out",
        type=Path,
        default=None,
        help="private output folder (default: ~/.config/leerrecht/hub/<cohort>, "
        "never inside output/)",
    )
    config.add_argument(
        "--mode",
        choices=["local", "tljh"],
        default="local",
        help="local: a complete hub on loopback (trials, tests); tljh: a drop-in for "
        "The Littlest JupyterHub (default: local)",
    )
    config.add_argument(
        "--target",
        choices=["hub", "z2jh"],
        default="hub",
        help="z2jh: also write a values file for zero-to-jupyterhub on Kubernetes",
    )
    config.add_argument("--hub-url", default="", help="the hub's address, for the login cards")
    config.add_argument("--repo", default="", help="course repository, for the cards' link")
    config.add_argument("--branch", default="main", help="branch of the course (default: main)")
    config.add_argument(
        "--new-logins",
        action="store_true",
        help="give everyone new credentials (the old ones and printed cards stop working)",
    )
    config.set_defaults(func=_config)

    reset = sub.add_parser("reset-login", help="a new password for one trainee (or the trainer)")
    reset.add_argument("cohort", type=Path, metavar="COHORT.yml")
    reset.add_argument("name", help="the trainee's (or trainer's) user name")
    reset.add_argument("--out", type=Path, default=None, help="folder written by `hub config`")
    reset.set_defaults(func=_reset)

    links = sub.add_parser("links", help="print the nbgitpuller link of every notebook")
    links.add_argument("cohort", type=Path, metavar="COHORT.yml")
    links.add_argument(
        "--hub-url", required=True, help="the hub's address, e.g. https://hub.example"
    )
    links.add_argument("--repo", required=True, help="git URL (or local path) of the course")
    links.add_argument("--branch", default="main", help="branch of the course (default: main)")
    links.add_argument(
        "--lab", action="store_true", help="print the JupyterLab links (code visible) instead"
    )
    links.add_argument(
        "--no-check", action="store_true", help="do not check that the repository is reachable"
    )
    links.set_defaults(func=_links)

    collect = sub.add_parser("collect", help="merge every trainee's answers into yours")
    collect.add_argument("cohort", type=Path, metavar="COHORT.yml")
    collect.add_argument("--hub-url", required=True, help="the hub's address")
    config_dir_arg(collect, "for the collect token; or set LEERRECHT_HUB_TOKEN")
    collect.add_argument(
        "--dest", type=Path, default=None, help="answers folder (default: the cohort's)"
    )
    collect.add_argument(
        "--no-start",
        action="store_true",
        help="skip trainees whose server is not running instead of starting it",
    )
    collect.set_defaults(func=_collect)


def config_dir(cohort: Cohort, given: Path | None) -> Path:
    from leerrecht.hub import default_config_dir

    return given or default_config_dir(cohort.naam)


def hub_token(cohort: Cohort, given: Path | None) -> str:
    from leerrecht.hub import read_token

    return os.environ.get("LEERRECHT_HUB_TOKEN") or read_token(config_dir(cohort, given))


def _config(args: argparse.Namespace) -> int:
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.hub import gitpuller_link, write_hub_config

    cohort = load_cohort(args.cohort)
    out = config_dir(cohort, args.out)
    course_link = ""
    if args.hub_url and args.repo and cohort.notebooks:
        first = f"notebooks/{cohort.notebooks[0]}.ipynb"
        course_link = gitpuller_link(args.hub_url, args.repo, args.branch, first, view="voila")
    result = write_hub_config(
        cohort,
        out,
        mode=args.mode,
        source=args.cohort,
        new_logins=args.new_logins,
        hub_url=args.hub_url,
        course_link=course_link,
    )
    print(f"hub configuration for {cohort.naam} ({len(cohort.deelnemers)} trainees) in {out}:")
    for path in result.files:
        print(f"  {path.relative_to(out)}")
    if args.target == "z2jh":
        from leerrecht.hub.z2jh import write_values

        values = write_values(out, args.hub_url)
        print(f"  {values.relative_to(out)}  (helm upgrade --install ... --values {values})")
    if result.kept:
        if result.added:
            print(f"new logins for: {', '.join(result.added)}")
        if result.removed:
            print(f"logins withdrawn (answers kept): {', '.join(result.removed)}")
        print("everyone else keeps their login")
    print(f"start it with:  jupyterhub -f {out / 'jupyterhub_config.py'}")
    print(
        f"logins: {out / 'inloggegevens.csv'} and cards to print: {out / 'inlogkaarten.html'} "
        "(only you can read them; keep them private)"
    )
    return 0


def _reset(args: argparse.Namespace) -> int:
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.hub import reset_login

    cohort = load_cohort(args.cohort)
    out = config_dir(cohort, args.out)
    password = reset_login(cohort, out, args.name)
    print(f"new password for {args.name}: {password}")
    print(f"updated {out / 'inloggegevens.csv'} and {out / 'inlogkaarten.html'}; a running hub")
    print("accepts it at once, and nobody else's login changed")
    return 0


def _links(args: argparse.Namespace) -> int:
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.hub import (
        cases_without_link,
        check_hub_url,
        check_repo,
        class_users,
        course_links,
    )

    cohort = load_cohort(args.cohort)
    class_users(cohort, args.cohort)
    check_hub_url(args.hub_url)
    if not args.no_check:
        check_repo(args.repo, args.branch)
    for link in course_links(cohort, args.hub_url, args.repo, args.branch):
        label = f"{link.notebook} ({link.case})" if link.case else link.notebook
        print(f"{label}\t{link.lab_url if args.lab else link.url}")
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
    from leerrecht.hub import HubClient, collect_answers

    cohort = load_cohort(args.cohort)
    client = HubClient(args.hub_url, hub_token(cohort, args.config_dir))
    client.check()
    report = collect_answers(cohort, client, args.dest, start_stopped=not args.no_start)
    dest = args.dest or cohort.answers_path
    print(f"collected {report.added} new answers into {dest}")
    for name, result in report.trainees.items():
        parts = [f"{result.added} added", f"{result.present} already there"]
        parts += [f"{count} skipped: {why}" for why, count in sorted(result.skipped.items())]
        print(f"  {name}: {result.note or ', '.join(parts)}")
    if report.not_in_cohort:
        print(f"  kept as they were (no longer in the cohort): {', '.join(report.not_in_cohort)}")
    if report.backup:
        print(f"  your files before this collect: {report.backup}")
    if report.started:
        print(f"  started and stopped again for this: {', '.join(report.started)}")
    return 0
