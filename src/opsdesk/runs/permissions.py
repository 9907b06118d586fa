"""Who may write: operators (admin, operations-manager, content-editor, host); viewers read."""

from __future__ import annotations

from opsdesk.domain.errors import PermissionDenied


def require_operator(user, *, or_system: bool = False) -> None:
    """Every service that writes calls this first. `or_system` also lets opsdesk itself act
    (no user: the scheduler starting an automatic run, a CLI run with no admin yet)."""
    if or_system and user is None:
        return
    if not getattr(user, "can_operate", False):
        raise PermissionDenied("Your role can read opsdesk but not change it.")


def require_admin(user) -> None:
    if not getattr(user, "is_admin", False):
        raise PermissionDenied("Only an admin can do this.")
