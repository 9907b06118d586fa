"""The `opsdesk` command: parse arguments, set up Django, call one service, print."""

from __future__ import annotations

import argparse
import os
import sys


def _parser() -> argparse.ArgumentParser:
    from . import (
        delivery,
        demo,
        docs,
        gaps,
        resources,
        schedule,
        serve,
        setup,
        templates,
        tokens,
        transfer,
        users,
        work,
    )

    parser = argparse.ArgumentParser(prog="opsdesk", description="opsdesk operations workspace")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = (setup, serve, users, tokens, templates, work, docs, schedule, gaps, transfer, demo)
    modules += (resources,)
    modules += (delivery,)
    for module in modules:
        module.register(commands)
    from . import insights

    insights.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
    import django

    django.setup()
    from django.db import DatabaseError

    from opsdesk.domain.errors import DomainError

    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except DomainError as exc:
        print(f"opsdesk: {exc.message}", file=sys.stderr)
        return 1
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(
            f"opsdesk: the database is not ready ({first_line}); run `opsdesk init` first.",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:
        # The reader went away (`opsdesk today | head`); stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
