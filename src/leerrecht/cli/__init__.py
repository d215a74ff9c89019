"""The ``leerrecht`` command.

Each command group lives in its own module under ``leerrecht.cli`` and exposes
``register(subparsers)``; it sets ``func`` on its parser, which returns an exit code.
Heavy imports happen inside the command functions so ``leerrecht --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from leerrecht import __version__
from leerrecht.core.errors import UserError

# Command groups, in the order `leerrecht --help` lists them.
GROUPS = ["cohort", "cases", "hub", "live", "privacy", "register", "app", "data", "gesprek"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leerrecht",
        description="Training and research suite on school attendance: from leerplicht to leerrecht.",
    )
    parser.add_argument("--version", action="version", version=f"leerrecht {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="group", metavar="COMMAND")
    for name in GROUPS:
        importlib.import_module(f"leerrecht.cli.{name}").register(sub)
    return parser


def _last_resort(exc: BaseException) -> str:
    """A clear message for an error no command turned into a UserError."""
    if isinstance(exc, OSError):
        where = " -> ".join(str(f) for f in (exc.filename, exc.filename2) if f)
        reason = exc.strerror or exc.__class__.__name__
        return f"error: {where + ': ' if where else ''}{reason}\n    hint: check the path"
    return (
        f"error: {exc.__class__.__name__}: {str(exc)[:300]}\n"
        "    hint: check the input; run with --debug for the details (and report it if the "
        "input looks right)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        # A group without a subcommand: show that group's help.
        (getattr(args, "group_parser", None) or parser).print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        if args.debug:
            traceback.print_exc()
        sep = " " if len(exc.problems) == 1 else "\n"
        print(f"{exc.label}:{sep}{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `leerrecht … | head`: the reader left; nothing to report.
        sys.stderr.close()
        return 1
    except (OSError, ValueError, TypeError, LookupError, ArithmeticError, RecursionError) as exc:
        # A mistake no command anticipated: still one message, never a traceback.
        if args.debug:
            raise
        print(_last_resort(exc), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
