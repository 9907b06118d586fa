"""Changing what a team member may do; every change leaves a security event."""

from __future__ import annotations

from django.db import transaction

from opsdesk.domain.errors import InvalidInput

from .events import record_role_change
from .models import ROLE_CHOICES

ROLES = tuple(value for value, _ in ROLE_CHOICES)


@transaction.atomic
def change_role(actor, user, role: str) -> bool:
    """Give `user` the role; admins also get Django admin access, others lose it. Returns
    whether anything changed."""
    if role not in ROLES:
        raise InvalidInput(
            f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", field="role"
        )
    before = user.role
    is_admin = role == "admin"
    if before == role and user.is_staff == is_admin and user.is_superuser == is_admin:
        return False
    user.role = role
    user.is_staff = user.is_superuser = is_admin
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    record_role_change(actor, user, before, role)
    return True
