"""`opsdesk users add|list|set-role|unlock`."""

from __future__ import annotations

import sys

from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.text import clean_text

from .output import print_json, print_table


def register(commands) -> None:
    from opsdesk.accounts.roles import ROLES

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
    set_role = users.add_parser("set-role", help="change what a team member may do")
    set_role.add_argument("--email", required=True)
    set_role.add_argument("--role", required=True, choices=ROLES)
    set_role.set_defaults(handler=set_user_role)
    password = users.add_parser("set-password", help="set a password, read from stdin")
    password.add_argument("--email", required=True)
    password.set_defaults(handler=set_user_password)
    unlock = users.add_parser("unlock", help="lift a login lockout for an account or address")
    unlock.add_argument("--email")
    unlock.add_argument("--ip", help="an address locked out after failures across accounts")
    unlock.set_defaults(handler=unlock_user)


def add_user(args) -> int:
    from opsdesk.accounts.services.people import add_person

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    user = add_person(
        None,
        email=clean_text(args.email, "--email", 254),
        name=clean_text(args.name, "--name", 200),
        role=args.role,
        password=password,
    )
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


def set_user_password(args) -> int:
    from opsdesk.accounts.services.people import set_password

    user = set_password(None, email=args.email, password=sys.stdin.readline().rstrip("\n"))
    print(f"Password set for {user.email}.")
    return 0


def set_user_role(args) -> int:
    from opsdesk.accounts.roles import change_role
    from opsdesk.accounts.services.people import find_person

    user = find_person(args.email)
    before = user.role
    if change_role(None, user, args.role):
        print(f"{user.email}: {before} -> {user.role}.")
    else:
        print(f"{user.email} already has the role {user.role}.")
    return 0


def unlock_user(args) -> int:
    from axes.utils import reset

    if not (args.email or args.ip):
        raise InvalidInput("Give --email, --ip or both.")
    email = args.email.strip().lower() if args.email else None
    count = (reset(username=email) if email else 0) + (reset(ip=args.ip) if args.ip else 0)
    targets = " and ".join(t for t in (email, args.ip) if t)
    print(f"Cleared {count} failed-login record(s) for {targets}.")
    return 0
