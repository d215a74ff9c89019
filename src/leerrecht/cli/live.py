"""``leerrecht live``: the trainer's live view of a cohort, for the beamer in the room."""

from __future__ import annotations

import argparse
from pathlib import Path

from leerrecht.cli.hub import config_dir_arg


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "live",
        help="a live view of the group's choices and reflections (for the beamer)",
        description="Serve a page on this machine (127.0.0.1) that shows, per decision point, "
        "the group's choices as bars that update every few seconds, the endings reached and "
        "a wall of reflections. It reads the answers as `hub collect` does and never writes.",
    )
    p.add_argument("cohort", type=Path, metavar="COHORT.yml")
    p.add_argument(
        "--answers", type=Path, default=None, help="answers folder (default: the cohort's)"
    )
    p.add_argument(
        "--hub-url", default="", help="read the trainees' own files on this class hub instead"
    )
    config_dir_arg(p, "for the hub token; or set LEERRECHT_HUB_TOKEN")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    p.add_argument(
        "--interval", type=float, default=3.0, help="seconds between updates (default: 3)"
    )
    p.add_argument("--open", action="store_true", help="open the page in the web browser")
    p.set_defaults(func=_live)


def _live(args: argparse.Namespace) -> int:
    from leerrecht.cli.hub import hub_token
    from leerrecht.core.errors import UserError
    from leerrecht.domain.cohort import load_cohort
    from leerrecht.hub import live
    from leerrecht.hub.liveserver import LiveData, make_server, page_html

    cohort = load_cohort(args.cohort)
    # `not (x >= 0.5)` also refuses nan, which compares false with everything.
    if not (0.5 <= args.interval <= 3600):
        raise UserError.single(
            f"{args.interval} is not a number of seconds from 0.5 to 3600", field="--interval"
        )
    if args.answers is not None and not args.answers.is_dir():
        raise UserError.single(
            "not a folder" if args.answers.exists() else "folder not found",
            field="--answers",
            hint="give the answers folder (it holds one folder per cohort)",
        )
    if args.hub_url:
        from leerrecht.hub import HubClient

        client = HubClient(args.hub_url, hub_token(cohort, args.config_dir), timeout=10)
        client.check()
        source = live.hub_source(cohort, client)
    else:
        source = live.local_source(cohort, str(args.answers) if args.answers else None)
    cases = live.CaseList(cohort)
    data = LiveData(lambda: live.view_data(source, cases), min_age=min(args.interval, 2.0) / 2)
    server = make_server(data, page_html(cohort.titel, cohort.naam, args.interval), args.port)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"live view of {cohort.naam}: {url}  (Ctrl-C stops it)", flush=True)
    if args.open:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("live view stopped")
    finally:
        server.server_close()
    return 0
