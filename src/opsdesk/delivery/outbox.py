"""The outbox: queue a message once, claim it with a lease, record what sending did.

Queueing inserts the message's unique key inside the transaction of its cause: if the cause
rolls back, so does the message, and a second tick or instance cannot queue it again.

Claiming sets a lease on one due row. On PostgreSQL the row is first locked with SKIP LOCKED,
so concurrent passes pick different rows without waiting; on SQLite (no row locks) a
conditional UPDATE claims it and only the pass that changed exactly one row sends. A pass that
dies after sending and before recording leaves the lease to expire, and the row is sent again
with the same delivery id (at least once, deduplicable by the receiver).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from opsdesk.domain.delivery import MAX_ATTEMPTS, retry_delay

from .models import OutboxMessage

LEASE = timedelta(minutes=2)
ERROR_LIMIT = 1000
# Finished messages are kept this long (their unsubscribe links work for 90 days), then removed.
KEEP_FINISHED = timedelta(days=120)
PRUNE_BATCH = 500


def enqueue(key: str, channel: str, topic: str, payload: dict, **fields) -> OutboxMessage | None:
    """Insert the message `key` unless it exists; call inside the cause's transaction."""
    fields.setdefault("delivery_id", uuid.uuid4())
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(
                key=key[:300], channel=channel, topic=topic, payload=payload, **fields
            )
    except IntegrityError:
        return None


def queued_keys(keys: list[str]) -> set[str]:
    return set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))


def _due(now: datetime):
    return OutboxMessage.objects.filter(status="pending", next_attempt_at__lte=now).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    )


def _take(message_id: int, holder: str, now: datetime, lease: timedelta) -> bool:
    # The WHERE clause repeats "due and not leased": of two passes, exactly one changes the row.
    changed = (
        _due(now)
        .filter(pk=message_id)
        .update(lease_until=now + lease, lease_holder=holder, attempts=F("attempts") + 1)
    )
    return changed == 1


def claim_next(
    holder: str, now: datetime, lease: timedelta = LEASE, only: int | None = None
) -> OutboxMessage | None:
    """Lease the oldest due message (or message `only`) to `holder`; None when none is due."""
    ordered = _due(now).order_by("next_attempt_at", "id")
    if only is not None:
        ordered = ordered.filter(pk=only)
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            row = ordered.select_for_update(skip_locked=True).values_list("id", flat=True).first()
            if row is None or not _take(row, holder, now, lease):
                return None
    else:
        # Another pass may win a candidate between reading and claiming: try the next ones.
        for row in ordered.values_list("id", flat=True)[:10]:
            if _take(row, holder, now, lease):
                break
        else:
            return None
    return OutboxMessage.objects.select_related("endpoint", "recipient").get(pk=row)


def record_sent(message: OutboxMessage, now: datetime) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="sent", sent_at=now, lease_until=None, last_error=""
    )
    message.status, message.sent_at = "sent", now


def record_skipped(message: OutboxMessage, why: str) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="skipped", lease_until=None, last_error=why[:ERROR_LIMIT]
    )
    message.status = "skipped"


def record_failed(message: OutboxMessage, error: str, now: datetime, retry: bool = True) -> bool:
    """Schedule the next attempt after a failure; True when the attempts are used up."""
    delay = retry_delay(message.attempts) if retry and message.attempts < MAX_ATTEMPTS else None
    fields = {"lease_until": None, "last_error": error[:ERROR_LIMIT]}
    if delay is None:
        fields["status"] = "failed"
    else:
        fields["next_attempt_at"] = now + delay
    OutboxMessage.objects.filter(pk=message.pk).update(**fields)
    message.status = fields.get("status", "pending")
    return delay is None


def prune(now: datetime) -> int:
    """Remove a batch of messages finished longer ago than KEEP_FINISHED; how many went."""
    old = OutboxMessage.objects.filter(
        created_at__lt=now - KEEP_FINISHED, status__in=("sent", "skipped", "failed")
    )
    ids = list(old.order_by("created_at").values_list("id", flat=True)[:PRUNE_BATCH])
    if ids:
        OutboxMessage.objects.filter(id__in=ids).delete()
    return len(ids)
