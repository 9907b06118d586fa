"""Reading and dismissing notifications. Dismissing hides a notice; it never touches a task."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from opsdesk.domain.errors import InvalidInput, NotFound
from opsdesk.runs.permissions import require_operator

from .clearing import sweep_cleared
from .models import INFORMATIONAL_TYPES, NOTIFICATION_TYPES, Notification

TYPES = tuple(code for code, _ in NOTIFICATION_TYPES)
MAX_LIMIT = 500


def _check_type(value: str) -> str:
    if value not in TYPES:
        raise InvalidInput(f"type must be one of {', '.join(TYPES)}; got {value!r}.", field="type")
    return value


def unread_notifications():
    """Notifications nobody dismissed that still apply (cleared ones are swept out first)."""
    sweep_cleared()
    return Notification.objects.filter(dismissed_at__isnull=True, cleared_at__isnull=True)


def list_notifications(type_: str | None = None, undismissed: bool = False, limit: int = 200):
    """Newest first, optionally of one type and only the unread: not dismissed, still true."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be from 1 to {MAX_LIMIT}.", field="limit")
    if type_:
        _check_type(type_)
    items = unread_notifications() if undismissed else Notification.objects.all()
    if type_:
        items = items.filter(type=type_)
    return list(items.order_by("-created_at", "-id")[:limit])


@transaction.atomic
def dismiss_notification(user, notification_id: int) -> Notification:
    """Mark one notification dismissed (again is fine); the task it names stays as it is."""
    require_operator(user)
    item = Notification.objects.select_for_update().filter(pk=notification_id).first()
    if item is None:
        raise NotFound(f"No notification with id {notification_id}.")
    if item.dismissed_at is None:
        item.dismissed_at, item.dismissed_by = timezone.now(), user
        item.save(update_fields=["dismissed_at", "dismissed_by"])
    return item


@transaction.atomic
def dismiss_all(user, types: list[str] | None = None) -> int:
    """Dismiss every undismissed informational notification (or those of the listed types)."""
    require_operator(user)
    wanted = [_check_type(t) for t in types] if types else list(INFORMATIONAL_TYPES)
    refused = [t for t in wanted if t not in INFORMATIONAL_TYPES]
    if refused:
        raise InvalidInput(
            f"Only informational notifications ({', '.join(INFORMATIONAL_TYPES)}) can be "
            f"dismissed all at once; dismiss {', '.join(refused)} one by one.",
            field="types",
        )
    return (
        unread_notifications()
        .filter(type__in=wanted)
        .update(dismissed_at=timezone.now(), dismissed_by=user)
    )
