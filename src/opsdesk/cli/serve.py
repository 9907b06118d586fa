"""`opsdesk serve`: the production WSGI server (gunicorn) with static files through WhiteNoise."""

from __future__ import annotations


def register(commands) -> None:
    parser = commands.add_parser("serve", help="serve opsdesk over HTTP")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.set_defaults(handler=run_serve)


def run_serve(args) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from gunicorn.app.base import BaseApplication

    from opsdesk.schedule.ticker import Ticker

    from .transfer import tidy_stopped_import

    call_command("collectstatic", interactive=False, verbosity=0)
    tidy_stopped_import()
    # Imported after collectstatic: WhiteNoise indexes the static folder when the app is built.
    from opsdesk.wsgi import application

    # The scheduler runs in gunicorn's master only, started once it listens and stopped on exit;
    # deployments that run `opsdesk tick` from cron turn it off with OPSDESK_TICK_IN_SERVE=0.
    ticker = Ticker() if settings.TICK_IN_SERVE else None

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("accesslog", "-")
            if ticker is not None:
                self.cfg.set("when_ready", lambda arbiter: ticker.start())
                self.cfg.set("on_exit", lambda arbiter: ticker.stop())

        def load(self):
            return application

    print(f"opsdesk on http://{args.host}:{args.port}/")
    Server().run()
    return 0
