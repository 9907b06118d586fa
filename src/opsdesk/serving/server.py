"""`opsdesk serve`: gunicorn with WhiteNoise for static files, and the scheduler beside it.

The master imports every view before it forks its workers, so no worker imports anything on
its first request, and it runs no threads of its own: the scheduler is a separate process. On
SQLite each worker runs one thread beside its requests, for the write-ahead log's checkpoints.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command
from django.db import connections
from gunicorn.app.base import BaseApplication

from .data_lock import data_dir_in_use
from .scheduler_child import SchedulerChild
from .wal_checkpoints import checkpoint_in_background


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int
    threads: int
    with_scheduler: bool


class _Gunicorn(BaseApplication):
    def __init__(self, application, options: ServeOptions, scheduler: SchedulerChild | None):
        self.application = application
        self.options = options
        self.scheduler = scheduler
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", f"{self.options.host}:{self.options.port}")
        self.cfg.set("workers", self.options.workers)
        self.cfg.set("threads", self.options.threads)
        self.cfg.set("worker_class", "gthread" if self.options.threads > 1 else "sync")
        self.cfg.set("accesslog", "-")
        # Workers keep their database connections between requests (OPSDESK_DB_CONN_MAX_AGE); a
        # connection the master held when it forked would be one socket or file shared by all.
        self.cfg.set("pre_fork", _no_connection_across_fork)
        self.cfg.set("post_worker_init", _checkpoint_off_the_requests_path)
        if "control_socket_disable" in self.cfg.settings:
            # One socket per user's home: two servers on one machine would fight over it.
            self.cfg.set("control_socket_disable", True)
        if self.scheduler is not None:
            # Started once gunicorn listens (a port already taken starts nothing).
            self.cfg.set("when_ready", lambda arbiter: self.scheduler.start())
            self.cfg.set("on_exit", lambda arbiter: self.scheduler.stop())

    def load(self):
        return self.application


def _no_connection_across_fork(_arbiter, _worker) -> None:
    connections.close_all()


def _checkpoint_off_the_requests_path(_worker) -> None:
    checkpoint_in_background()


def _import_every_view() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - resolving the URLconf imports every view
    connections.close_all()  # no connection may be shared with the forked workers


def serve(options: ServeOptions) -> int:
    """Serve until stopped; the scheduler child (if any) stops with the server."""
    call_command("collectstatic", interactive=False, verbosity=0)
    # Imported after collectstatic: WhiteNoise indexes the static folder when the app is built.
    from opsdesk.wsgi import application

    _import_every_view()
    scheduler = SchedulerChild() if options.with_scheduler else None
    with data_dir_in_use("opsdesk serve"):
        print(f"opsdesk on http://{options.host}:{options.port}/", flush=True)
        try:
            _Gunicorn(application, options, scheduler).run()
        finally:
            if scheduler is not None:
                scheduler.stop()
    return 0
