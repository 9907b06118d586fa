"""What a person receives by email: reading and changing it (audited, stale writes refused)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.domain.delivery import (
    DEFAULT_DIGEST_DAYS,
    DEFAULT_DIGEST_HOUR,
    IMMEDIATE_KINDS,
    check_digest_days,
    check_digest_hour,
    check_immediate,
)
from opsdesk.domain.errors import InvalidInput, NotAuthenticated, StaleVersion

from .models import NotificationPreference


@dataclass(frozen=True)
class Prefs:
    digest: bool
    digest_hour: int
    digest_days: tuple[str, ...]
    immediate: tuple[str, ...]
    version: int

    def json(self) -> dict:
        return {
            "digest": self.digest,
            "digestHour": self.digest_hour,
            "digestDays": list(self.digest_days),
            "immediate": list(self.immediate),
            "version": self.version,
        }

    def wants(self, kind: str) -> bool:
        return self.digest if kind == "digest" else kind in self.immediate


def _defaults(user) -> Prefs:
    # Until a person chooses, those who do the work get the morning digest and nothing else.
    digest = bool(getattr(user, "can_operate", False))
    return Prefs(digest, DEFAULT_DIGEST_HOUR, DEFAULT_DIGEST_DAYS, (), 0)


def _of_row(row: NotificationPreference) -> Prefs:
    return Prefs(
        row.digest, row.digest_hour, tuple(row.digest_days), tuple(row.immediate), row.version
    )


def prefs_of(user) -> Prefs:
    """The person's choices, or the defaults when they never chose."""
    try:
        return _of_row(user.delivery_preference)
    except NotificationPreference.DoesNotExist:
        return _defaults(user)


def kinds_for(user) -> list[dict]:
    """The immediate kinds this person may turn on, for the preferences page and API."""
    return [
        {"key": k.key, "label": k.label}
        for k in IMMEDIATE_KINDS
        if not k.admins_only or getattr(user, "is_admin", False)
    ]


def _checked(user, *, digest, digest_hour, digest_days, immediate) -> dict:
    if not isinstance(digest, bool):
        raise InvalidInput("digest must be true or false.", field="digest")
    return {
        "digest": digest,
        "digest_hour": check_digest_hour(digest_hour),
        "digest_days": check_digest_days(list(digest_days)),
        "immediate": check_immediate(list(immediate), is_admin=user.is_admin),
    }


def _locked_row(user) -> NotificationPreference:
    """The person's row, locked; an unsaved one at version 0 when they never chose."""
    row = NotificationPreference.objects.select_for_update().filter(user=user).first()
    if row is None:
        row = NotificationPreference(user=user, version=0, **_row_defaults(_defaults(user)))
    return row


def _row_defaults(prefs: Prefs) -> dict:
    return {
        "digest": prefs.digest,
        "digest_hour": prefs.digest_hour,
        "digest_days": list(prefs.digest_days),
        "immediate": list(prefs.immediate),
    }


def _write(actor, user, row: NotificationPreference, values: dict, action: str) -> Prefs:
    before = {k: getattr(row, k) for k in values}
    for name, value in values.items():
        setattr(row, name, value)
    row.version += 1
    row.updated_at = timezone.now()
    row.save()
    old, new = audit.changed(before, values)
    audit.record(actor, action, before=old, after=new, note=user.email)
    return _of_row(row)


@transaction.atomic
def update_prefs(actor, *, version: int | None = None, **choices) -> Prefs:
    """Save the actor's own choices; refused when `version` is older than what is stored."""
    if not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated("Log in to choose your notifications.")
    values = _checked(actor, **choices)
    row = _locked_row(actor)
    if version is not None and version != row.version:
        raise StaleVersion(
            f"Your notification settings changed since you loaded them (version {version}, "
            f"now {row.version}); reload and try again.",
            currentVersion=row.version,
        )
    return _write(actor, actor, row, values, "notification-preferences-changed")


@transaction.atomic
def turn_off(user, kind: str, *, actor=None) -> bool:
    """Stop the digest or one immediate kind for `user`; False when it was already off."""
    row = _locked_row(user)
    if kind == "digest":
        if not row.digest:
            return False
        values = {"digest": False}
    else:
        if kind not in row.immediate:
            return False
        values = {"immediate": [k for k in row.immediate if k != kind]}
    _write(actor or user, user, row, values, "notification-unsubscribed")
    return True


def people_who_want(kind: str, among=None) -> list:
    """Active people with an email address who turned `kind` on (optionally among some ids)."""
    if kind != "digest":
        # Immediate kinds are off until chosen: only stored choices can turn one on, and this
        # runs for every reminder of a tick, so it reads the (small) choices table only.
        rows = NotificationPreference.objects.select_related("user").exclude(immediate=[])
        rows = rows.filter(user__is_active=True).exclude(user__email="")
        if among is not None:
            rows = rows.filter(user_id__in=among)
        return [row.user for row in rows if kind in row.immediate]
    people = get_user_model().objects.filter(is_active=True).exclude(email="")
    if among is not None:
        people = people.filter(pk__in=among)
    people = people.select_related("delivery_preference")
    return [p for p in people if prefs_of(p).wants(kind)]
