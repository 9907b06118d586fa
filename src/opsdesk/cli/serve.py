"""`opsdesk serve`: the production WSGI server (gunicorn) with static files through WhiteNoise."""

from __future__ import annotations


def register(commands) -> None:
    parser = commands.add_parser("serve", help="serve opsdesk over HTTP")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.set_defaults(handler=run_serve)


def run_serve(args) -> int:
    from django.core.management import call_command
    from gunicorn.app.base import BaseApplication

    from opsdesk.wsgi import application

    call_command("collectstatic", interactive=False, verbosity=0)

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("accesslog", "-")

        def load(self):
            return application

    print(f"opsdesk on http://{args.host}:{args.port}/")
    Server().run()
    return 0
