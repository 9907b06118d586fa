"""One delivery pass: queue the digests that are due, then send every due message once.

Runs at the end of `opsdesk tick`, every minute in the scheduler of `opsdesk serve`, and from
`opsdesk deliver`. Several passes may run at once (instances, cron and serve): each message is
claimed with a lease by exactly one of them. A failure is recorded on its message and retried
later; it never ends the pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.schedule.claims import notify_failure
from opsdesk.schedule.lease import new_holder_name

from .digest import queue_digests
from .email_sending import send_email
from .models import OutboxMessage, WebhookEndpoint
from .outbox import claim_next, prune, record_failed, record_sent, record_skipped
from .webhook_sending import send_webhook

log = logging.getLogger("opsdesk.delivery")
# A pass stops after this many messages; the next pass goes on where it stopped.
PASS_LIMIT = 500


@dataclass
class DeliveryReport:
    digests: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)

    def json(self) -> dict:
        return {
            "digestsQueued": self.digests,
            "sent": self.sent,
            "retrying": self.retrying,
            "failed": self.failed,
            "skipped": self.skipped,
            "failures": self.failures,
        }


def _why_not(message: OutboxMessage) -> str:
    """Why a claimed message must not be sent any more, or "" to send it."""
    if message.channel == "webhook":
        if message.endpoint is None:
            return "the webhook was deleted"
        if not message.endpoint.enabled and message.topic != "webhook.test":
            return "the webhook is switched off"
    elif message.recipient is not None and not message.recipient.is_active:
        return "the person's account is deactivated"
    return ""


def _send(message: OutboxMessage, now: datetime) -> None:
    if message.channel == "webhook":
        send_webhook(message, now)
    else:
        send_email(message)


@transaction.atomic
def _give_up(message: OutboxMessage, error: str) -> None:
    """Retries used up: one automation-failure notification; a webhook is switched off."""
    what = f"{message.channel} {message.topic} ({message.delivery_id})"
    if message.channel == "webhook" and message.endpoint is not None:
        endpoint = message.endpoint
        reason = f"Switched off after {message.attempts} failed attempts: {error}"
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            enabled=False, disabled_reason=reason[:500], updated_at=timezone.now()
        )
        audit.record(
            None,
            "webhook-switched-off",
            before={"id": endpoint.id, "enabled": True},
            after={"id": endpoint.id, "enabled": False},
            note=reason[:500],
        )
        what = f"webhook {endpoint.name or endpoint.url} for {message.topic}"
    notify_failure(
        f"delivery:{message.delivery_id}",
        f"Could not deliver {what} after {message.attempts} attempts: {error}",
        details={"deliveryId": str(message.delivery_id), "channel": message.channel},
    )


def deliver_one(
    message: OutboxMessage, now: datetime, report: DeliveryReport, retry: bool = True
) -> None:
    """Send one claimed message and record the outcome (a test message is never retried)."""
    why_not = _why_not(message)
    if why_not:
        record_skipped(message, why_not)
        report.skipped += 1
        return
    try:
        _send(message, now)
    except Exception as error:  # any failure of one message is retried, never fatal
        text = str(error) or type(error).__name__
        log.warning("delivery %s failed: %s", message.delivery_id, text)
        if record_failed(message, text, now, retry=retry):
            if retry:
                _give_up(message, text)
            report.failed += 1
            report.failures.append(f"{message.key}: {text}")
        else:
            report.retrying += 1
        return
    record_sent(message, now)
    report.sent += 1


def deliver(
    *,
    now: Callable[[], datetime] = timezone.now,
    holder: str | None = None,
    limit: int = PASS_LIMIT,
) -> DeliveryReport:
    """Queue due digests, then claim and send due messages until none is left (or `limit`)."""
    holder = holder or new_holder_name()
    report = DeliveryReport(digests=queue_digests(now()))
    for _ in range(limit):
        moment = now()
        message = claim_next(holder, moment)
        if message is None:
            break
        deliver_one(message, moment, report)
    prune(now())
    return report
