"""Who a command acts as: commands run on the server, so they name a person rather than log in."""

from __future__ import annotations

from opsdesk.domain.errors import InvalidInput


def acting_user(email: str | None):
    """The person named by `--as`/`--actor`, else the first active admin (audit needs a name)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if email:
        user = users.filter(email=email.strip().lower()).first()
        if user is None:
            raise InvalidInput(f"No user with email {email}.")
        return user
    return users.filter(role="admin", is_active=True).order_by("id").first()
