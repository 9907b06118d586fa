"""Sending one queued webhook call: signed JSON, logged attempt by attempt."""

from __future__ import annotations

import json
from datetime import datetime

from django.conf import settings

from opsdesk.domain.delivery import signature

from . import webhook_http
from .models import OutboxMessage, WebhookAttempt

ERROR_LIMIT = 500


class ReceiverRefused(Exception):
    """The receiver answered with a status other than 2xx."""


def body_of(message: OutboxMessage, now: datetime) -> bytes:
    """The stored event with the delivery id, the attempt and the time it was sent."""
    payload = {
        **message.payload,
        "deliveryId": str(message.delivery_id),
        "attempt": message.attempts,
        "sentAt": now.isoformat(),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def headers_of(message: OutboxMessage, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "opsdesk-webhook/1",
        "X-Opsdesk-Event": message.topic,
        "X-Opsdesk-Delivery": str(message.delivery_id),
        "X-Opsdesk-Signature": signature(message.endpoint.secret, body),
    }


def _log(message: OutboxMessage, now: datetime, *, status=None, duration=0, error="") -> None:
    WebhookAttempt.objects.create(
        endpoint=message.endpoint,
        message=message,
        at=now,
        event=message.topic,
        attempt=message.attempts,
        status_code=status,
        duration_ms=duration,
        error=error[:ERROR_LIMIT],
    )


def send_webhook(message: OutboxMessage, now: datetime) -> None:
    """POST the event; every attempt is logged, and a failure is raised to the caller."""
    body = body_of(message, now)
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    try:
        answer = webhook_http.post(
            message.endpoint.url, body, headers_of(message, body), timeout=timeout
        )
    except (OSError, webhook_http.AddressRefused) as error:
        text = str(error) or type(error).__name__
        if isinstance(error, TimeoutError):
            text = f"no answer within {timeout:g} seconds"
        _log(message, now, error=text)
        raise
    if not 200 <= answer.status < 300:
        _log(message, now, status=answer.status, duration=answer.duration_ms)
        raise ReceiverRefused(f"the receiver answered {answer.status}")
    _log(message, now, status=answer.status, duration=answer.duration_ms)
