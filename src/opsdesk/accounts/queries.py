"""Who can be picked in a form: people whose role may act on tasks."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import OPERATOR_ROLES


def operators():
    """Active people whose role may act on tasks, by name: owners and assignees to pick from."""
    users = get_user_model().objects.filter(is_active=True, role__in=OPERATOR_ROLES)
    return users.order_by("name", "email")
