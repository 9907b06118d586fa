"""`opsdesk tokens create|revoke`: API tokens, shown once and stored as hashes."""

from __future__ import annotations

from opsdesk.domain.text import clean_text


def register(commands) -> None:
    tokens = commands.add_parser("tokens", help="API tokens").add_subparsers(
        dest="action", required=True
    )
    create = tokens.add_parser("create", help="create a token; it is printed once, last")
    create.add_argument("--email", required=True)
    create.add_argument("--label", default="")
    create.set_defaults(handler=create_token)
    revoke = tokens.add_parser("revoke", help="revoke a token by its prefix")
    revoke.add_argument("prefix")
    revoke.set_defaults(handler=revoke_token)


def create_token(args) -> int:
    from opsdesk.accounts.services.people import find_person
    from opsdesk.accounts.tokens import issue_token

    user = find_person(args.email)
    raw = issue_token(user, clean_text(args.label, "--label", 200))
    print(f"Token for {user.email} (shown once, keep it safe): {raw}")
    return 0


def revoke_token(args) -> int:
    from opsdesk.accounts.tokens import revoke_token as revoke

    count = revoke(args.prefix)
    print(f"Revoked {count} token(s).")
    return 0
