"""The one-click unsubscribe link in every email: signed, for one person and one kind, once.

The token names the email (its delivery id) and the kind; the email names the person. Nobody
can make a token for another person without the secret key, and a used or tampered link
changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from opsdesk.domain.delivery import UNSUBSCRIBE_KINDS
from opsdesk.domain.errors import InvalidInput
from opsdesk.links import absolute_url

from .models import OutboxMessage
from .prefs import turn_off

SALT = "opsdesk.delivery.unsubscribe"
VALID_FOR = timedelta(days=90)
KIND_WORDS = {
    "digest": "the daily digest",
    "follow-up-due": "emails when a follow-up is due",
    "task-overdue": "emails when a task becomes overdue",
    "assigned": "emails when a task is assigned to you",
    "automation-failure": "emails when automation fails",
}


class LinkRefused(InvalidInput):
    """A tampered, expired or used unsubscribe link."""


def token_for(delivery_id, kind: str) -> str:
    return signing.dumps({"d": str(delivery_id), "k": kind}, salt=SALT, compress=True)


def link_for(delivery_id, kind: str) -> str:
    return absolute_url(f"/unsubscribe/{token_for(delivery_id, kind)}/")


def _read(token: str) -> tuple[str, str]:
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.SignatureExpired:
        raise LinkRefused(
            "This unsubscribe link has expired; change your settings instead."
        ) from None
    except signing.BadSignature:
        raise LinkRefused("This unsubscribe link is not valid.") from None
    if not isinstance(data, dict) or data.get("k") not in UNSUBSCRIBE_KINDS:
        raise LinkRefused("This unsubscribe link is not valid.")
    return str(data.get("d")), data["k"]


def _message(delivery_id: str) -> OutboxMessage:
    message = (
        OutboxMessage.objects.select_related("recipient")
        .filter(delivery_id=delivery_id, channel="email", recipient__isnull=False)
        .first()
    )
    if message is None:
        raise LinkRefused("This unsubscribe link is not valid.")
    return message


def describe(token: str) -> dict:
    """What the link would do, for the confirmation page; refused like `use`."""
    delivery_id, kind = _read(token)
    message = _message(delivery_id)
    if message.unsubscribed_at is not None:
        raise LinkRefused("This unsubscribe link was already used.")
    return {"email": message.recipient.email, "kind": kind, "what": KIND_WORDS[kind]}


@transaction.atomic
def use(token: str) -> dict:
    """Turn the kind off for the email's recipient; the link then stops working."""
    delivery_id, kind = _read(token)
    message = _message(delivery_id)
    # Conditional update: of two clicks at once, exactly one unsubscribes.
    claimed = OutboxMessage.objects.filter(pk=message.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    if not claimed:
        raise LinkRefused("This unsubscribe link was already used.")
    turn_off(message.recipient, kind)
    return {"email": message.recipient.email, "kind": kind, "what": KIND_WORDS[kind]}
