"""Changing what a team member may do; every change leaves a security event."""

from __future__ import annotations

from django.db import transaction

from opsdesk.domain.errors import InvalidInput

from .events import record_role_change
from .models import ROLE_CHOICES

ROLES = tuple(value for value, _ in ROLE_CHOICES)


def check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(
            f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", field="role"
        )


def admin_flags(role: str) -> dict[str, bool]:
    """Django admin access (staff, superuser) follows the role: admins have it, nobody else."""
    is_admin = role == "admin"
    return {"is_staff": is_admin, "is_superuser": is_admin}


@transaction.atomic
def change_role(actor, user, role: str) -> bool:
    """Give `user` the role; admins also get Django admin access, others lose it. Returns
    whether anything changed."""
    check_role(role)
    before, flags = user.role, admin_flags(role)
    if before == role and all(getattr(user, flag) == on for flag, on in flags.items()):
        return False
    user.role = role
    for flag, on in flags.items():
        setattr(user, flag, on)
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    record_role_change(actor, user, before, role)
    return True
