"""Adding team members, finding them by email and setting their password."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from opsdesk.audit import record
from opsdesk.domain.errors import InvalidInput, NotFound

from ..events import record_user_created
from ..roles import admin_flags, check_role


def find_person(email: str):
    """The user with this email (any case), or NotFound."""
    user = get_user_model().objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise NotFound(f"No user with email {email}.")
    return user


def _check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from None


@transaction.atomic
def add_person(actor, *, email: str, name: str, role: str, password: str | None = None):
    """A new team member with a role (admins get Django admin access) and maybe a password."""
    model = get_user_model()
    email = email.strip().lower()
    check_role(role)
    if model.objects.filter(email=email).exists():
        raise InvalidInput(f"A user with email {email} already exists.", field="email")
    if password:
        _check_password(password, model(email=email, name=name))
    user = model.objects.create_user(
        email=email, password=password, name=name, role=role, **admin_flags(role)
    )
    record_user_created(actor, user)
    return user


@transaction.atomic
def set_password(actor, *, email: str, password: str):
    """Give a team member a new password, checked by the password validators."""
    user = find_person(email)
    if not password:
        raise InvalidInput("Give the new password on stdin.", field="password")
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor, "password-set", after={"user": user.email})
    return user
