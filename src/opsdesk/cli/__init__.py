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


def database_trouble(exc: Exception) -> str:
    """What a database error tells the person at the terminal. SQLite's "database is locked"
    means another process kept the write lock past the wait: `opsdesk init` would not help."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "database is locked" in first_line:
        return (
            f"the database is busy ({first_line}): another opsdesk process kept it for longer"
            " than the wait; try again."
        )
    return f"the database is not ready ({first_line}); run `opsdesk init` first."


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
        print(f"opsdesk: {database_trouble(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`opsdesk today | head`); stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
