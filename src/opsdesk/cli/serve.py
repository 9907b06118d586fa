"""`opsdesk serve`: the production WSGI server (gunicorn), with the scheduler as a child process."""

from __future__ import annotations

import sys


def register(commands) -> None:
    parser = commands.add_parser("serve", help="serve opsdesk over HTTP")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2, help="processes answering requests")
    parser.add_argument("--threads", type=int, default=4, help="requests per process at once")
    parser.set_defaults(handler=run_serve)


def run_serve(args) -> int:
    from django.conf import settings

    from opsdesk.serving.server import ServeOptions, serve

    from .transfer import tidy_stopped_import

    tidy_stopped_import()
    _reload_templates()
    return serve(
        ServeOptions(
            host=args.host,
            port=args.port,
            workers=args.workers,
            threads=args.threads,
            # Off for deployments that run `opsdesk tick` from cron, or a scheduler of their own.
            with_scheduler=settings.TICK_IN_SERVE,
        )
    )


def _reload_templates() -> None:
    """Edited template files become new versions before the first request is answered."""
    from opsdesk.domain.errors import DomainError
    from opsdesk.runs.services.templates import sync_templates

    try:
        loaded = sync_templates()
    except DomainError as error:
        # A broken file must not keep the team from working: the stored versions still serve.
        print(f"opsdesk: templates not reloaded: {error.message}", file=sys.stderr, flush=True)
        return
    print(f"{len(loaded)} workflow template(s) loaded.", flush=True)
