"""`opsdesk init`: migrate, load templates, build the docs index, create the first admin."""

from __future__ import annotations

import getpass
import os
import sys


def register(commands) -> None:
    parser = commands.add_parser("init", help="migrate the database, load templates, first admin")
    parser.add_argument("--no-input", action="store_true", help="never prompt (for scripts and CI)")
    parser.set_defaults(handler=run_init)


def run_init(args) -> int:
    from django.core.management import call_command

    from opsdesk.runs.services.templates import sync_templates

    from .transfer import tidy_stopped_import

    call_command("migrate", interactive=False, verbosity=0)
    tidy_stopped_import()
    loaded = sync_templates()
    print(f"Database ready; {len(loaded)} workflow template(s) loaded.")
    _load_resources()
    _build_docs_index()
    _first_admin(no_input=args.no_input or not sys.stdin.isatty())
    return 0


def _load_resources() -> None:
    from .resources import reload_resources

    reload_resources(None)


def _build_docs_index() -> None:
    from opsdesk.docs.runtime import reload

    reload()
    print("Docs registry and search index built.")


def _first_admin(no_input: bool) -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if users.filter(role="admin").exists():
        return
    email = os.environ.get("OPSDESK_ADMIN_EMAIL", "admin@localhost")
    password = os.environ.get("OPSDESK_ADMIN_PASSWORD")
    if not password and not no_input:
        email = input(f"Admin email [{email}]: ").strip() or email
        password = getpass.getpass("Admin password: ")
    if not password:
        print(
            "No admin yet: set OPSDESK_ADMIN_EMAIL and OPSDESK_ADMIN_PASSWORD and run init again, "
            "or use `opsdesk users add --role admin --password-stdin`."
        )
        return
    users.create_superuser(email=email, password=password, name="Admin")
    print(f"Admin {email} created.")
