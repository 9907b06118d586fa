"""`opsdesk users add|list`."""

from __future__ import annotations

import sys

from opsdesk.domain.errors import InvalidInput

from .output import print_json, print_table

ROLES = ("admin", "operations-manager", "content-editor", "host", "viewer")


def register(commands) -> None:
    users = commands.add_parser("users", help="manage team members").add_subparsers(
        dest="action", required=True
    )
    add = users.add_parser("add", help="add a team member")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(handler=add_user)
    listing = users.add_parser("list", help="list team members")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_users)


def add_user(args) -> int:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    model = get_user_model()
    email = args.email.strip().lower()
    if model.objects.filter(email=email).exists():
        raise InvalidInput(f"A user with email {email} already exists.")
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    if password:
        try:
            validate_password(password, model(email=email, name=args.name))
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages)) from None
    fields = {"name": args.name, "role": args.role}
    if args.role == "admin":
        fields.update(is_staff=True, is_superuser=True)
    user = model.objects.create_user(email=email, password=password, **fields)
    print(f"Added {user.email} ({user.role}), id {user.id}.")
    return 0


def list_users(args) -> int:
    from django.contrib.auth import get_user_model

    rows = [
        {"id": u.id, "email": u.email, "name": u.name, "role": u.role, "active": u.is_active}
        for u in get_user_model().objects.order_by("email")
    ]
    if args.json:
        print_json({"users": rows})
    else:
        print_table(rows, [("id", "ID"), ("email", "Email"), ("name", "Name"), ("role", "Role")])
    return 0
