"""What the outbox holds, for the CLI and the webhook pages."""

from __future__ import annotations

from .models import OutboxMessage


def message_json(message: OutboxMessage) -> dict:
    to = message.address if message.channel == "email" else ""
    if message.channel == "webhook" and message.endpoint is not None:
        to = message.endpoint.name or message.endpoint.url
    return {
        "id": message.id,
        "deliveryId": str(message.delivery_id),
        "key": message.key,
        "channel": message.channel,
        "topic": message.topic,
        "to": to,
        "status": message.status,
        "attempts": message.attempts,
        "nextAttemptAt": message.next_attempt_at.isoformat(),
        "createdAt": message.created_at.isoformat(timespec="seconds"),
        "sentAt": message.sent_at.isoformat() if message.sent_at else None,
        "lastError": message.last_error or None,
    }


def outbox_json(*, failed_only: bool = False, limit: int = 50) -> list[dict]:
    messages = OutboxMessage.objects.select_related("endpoint").defer("payload")
    if failed_only:
        messages = messages.filter(status="failed")
    return [message_json(m) for m in messages.order_by("-created_at", "-id")[:limit]]
