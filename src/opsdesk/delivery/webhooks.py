"""Webhooks, for admins: add, change, remove (audited), and send a test message now."""

from __future__ import annotations

import ipaddress
import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from opsdesk import audit
from opsdesk.domain.delivery import check_events, is_public_address
from opsdesk.domain.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from opsdesk.domain.text import clean_text

from . import events
from .models import OutboxMessage, WebhookAttempt, WebhookEndpoint
from .outbox import claim_next, enqueue
from .passes import DeliveryReport, deliver_one

URL_LIMIT = 2000
NAME_LIMIT = 200
SECRET_LIMIT = 200
MIN_SECRET = 16
LOCAL_NAMES = ("localhost", "localhost.localdomain")


def require_admin(actor) -> None:
    if not getattr(actor, "is_admin", False):
        raise PermissionDenied("Only an admin can manage webhooks.")


def check_url(value) -> str:
    """An http(s) URL whose host is not plainly private; the resolved address is checked again
    each time a message is sent."""
    url = clean_text(str(value or ""), "url", URL_LIMIT)
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput(f"url must be an https:// address, got {url!r}.", field="url")
    if parts.scheme == "http" and not settings.WEBHOOK_ALLOW_HTTP:
        raise InvalidInput(
            "url must use https:// (plain http needs OPSDESK_WEBHOOK_ALLOW_HTTP=1).", field="url"
        )
    try:
        parts.port  # noqa: B018 - reading it validates it
    except ValueError:
        raise InvalidInput(f"url has an invalid port: {url!r}.", field="url") from None
    if not settings.WEBHOOK_ALLOW_PRIVATE and _plainly_private(parts.hostname):
        raise InvalidInput(
            f"url points at {parts.hostname}, a loopback, private or link-local address; "
            "set OPSDESK_WEBHOOK_ALLOW_PRIVATE=1 to allow it.",
            field="url",
        )
    return url


def _plainly_private(host: str) -> bool:
    if host.lower() in LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: checked on its resolved address when sending
    return not is_public_address(host)


def _secret(value) -> str:
    if value is None or value == "":
        return secrets.token_urlsafe(32)
    text = clean_text(str(value), "secret", SECRET_LIMIT)
    if len(text) < MIN_SECRET:
        raise InvalidInput(f"secret must be at least {MIN_SECRET} characters.", field="secret")
    return text


def _events(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("events must be a list of event names.", field="events")
    return check_events(value)


def _name(value) -> str:
    return clean_text(str(value or ""), "name", NAME_LIMIT)


def _snapshot(webhook: WebhookEndpoint) -> dict:
    return {
        "name": webhook.name,
        "url": webhook.url,
        "events": list(webhook.events),
        "enabled": webhook.enabled,
    }


def all_webhooks() -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.order_by("id"))


def load_webhook(webhook_id: int) -> WebhookEndpoint:
    webhook = WebhookEndpoint.objects.filter(pk=webhook_id).first()
    if webhook is None:
        raise NotFound(f"No webhook with id {webhook_id}.")
    return webhook


@transaction.atomic
def create_webhook(actor, *, url, events, name="", secret=None) -> WebhookEndpoint:
    """Add a webhook; its secret is shown once, in the answer."""
    require_admin(actor)
    webhook = WebhookEndpoint.objects.create(
        name=_name(name),
        url=check_url(url),
        events=_events(events),
        secret=_secret(secret),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor, "webhook-created", after={"id": webhook.id, **_snapshot(webhook)})
    return webhook


CHECKS = {"name": _name, "url": check_url, "events": _events, "secret": _secret}


@transaction.atomic
def update_webhook(actor, webhook_id: int, *, version: int | None = None, **changes):
    """Change the given fields; switching a webhook back on clears why it was switched off."""
    require_admin(actor)
    webhook = WebhookEndpoint.objects.select_for_update().filter(pk=webhook_id).first()
    if webhook is None:
        raise NotFound(f"No webhook with id {webhook_id}.")
    if version is not None and version != webhook.version:
        raise StaleVersion(
            f"This webhook changed since you loaded it (version {version}, now "
            f"{webhook.version}); reload and try again.",
            currentVersion=webhook.version,
        )
    before = _snapshot(webhook)
    for field, value in changes.items():
        if field == "enabled":
            if not isinstance(value, bool):
                raise InvalidInput("enabled must be true or false.", field="enabled")
            webhook.enabled = value
            if value:
                webhook.disabled_reason = ""
        else:
            setattr(webhook, field, CHECKS[field](value))
    webhook.version += 1
    webhook.updated_at = timezone.now()
    webhook.save()
    old, new = audit.changed(before, _snapshot(webhook))
    if "secret" in changes:
        new["secret"] = "(changed)"
    audit.record(actor, "webhook-changed", before=old, after={"id": webhook.id, **new})
    return webhook


@transaction.atomic
def delete_webhook(actor, webhook_id: int) -> None:
    require_admin(actor)
    webhook = load_webhook(webhook_id)
    audit.record(actor, "webhook-deleted", before={"id": webhook.id, **_snapshot(webhook)})
    webhook.delete()


def send_test(actor, webhook_id: int) -> dict:
    """Queue a test message and send it at once (even to a switched-off webhook); no retries."""
    require_admin(actor)
    webhook = load_webhook(webhook_id)
    with transaction.atomic():
        message = enqueue(
            f"webhook:{webhook.id}:webhook.test:{uuid.uuid4()}",
            "webhook",
            "webhook.test",
            events.test_payload(webhook, actor),
            endpoint=webhook,
        )
        audit.record(actor, "webhook-tested", after={"id": webhook.id})
    report = DeliveryReport()
    claimed = claim_next(f"test:{uuid.uuid4().hex[:8]}", timezone.now(), only=message.pk)
    if claimed is not None:
        deliver_one(claimed, timezone.now(), report, retry=False)
    attempt = WebhookAttempt.objects.filter(message=message).order_by("-id").first()
    ok = report.sent == 1
    return {
        "ok": ok,
        "deliveryId": str(message.delivery_id),
        "statusCode": attempt.status_code if attempt else None,
        "durationMs": attempt.duration_ms if attempt else None,
        "message": _test_words(ok, attempt),
    }


def _test_words(ok: bool, attempt) -> str:
    if attempt is None:
        return "The test message was not sent."
    if ok:
        return f"The receiver answered {attempt.status_code} in {attempt.duration_ms} ms."
    if attempt.status_code:
        return f"The receiver answered {attempt.status_code}."
    return attempt.error or "The receiver could not be reached."


def webhook_json(webhook: WebhookEndpoint, with_secret: bool = False) -> dict:
    data = {
        "id": webhook.id,
        "name": webhook.name,
        "url": webhook.url,
        "events": list(webhook.events),
        "enabled": webhook.enabled,
        "disabledReason": webhook.disabled_reason or None,
        "secretHint": "…" + webhook.secret[-4:],
        "createdAt": webhook.created_at.isoformat(),
        "version": webhook.version,
    }
    if with_secret:
        data["secret"] = webhook.secret
    return data


def attempts_json(webhook_id: int, limit: int = 50, checked: bool = False) -> list[dict]:
    """The delivery log, newest first (`checked`: the webhook is known to exist)."""
    if not checked:
        load_webhook(webhook_id)
    attempts = WebhookAttempt.objects.filter(endpoint_id=webhook_id).select_related("message")
    return [
        {
            "at": a.at.isoformat(),
            "event": a.event,
            "attempt": a.attempt,
            "statusCode": a.status_code,
            "durationMs": a.duration_ms,
            "error": a.error or None,
            "deliveryId": str(a.message.delivery_id),
            "status": a.message.status,
        }
        for a in attempts[:limit]
    ]


def pending_counts() -> dict[int, int]:
    """How many messages wait to be sent, by webhook id (one query for the page)."""
    waiting = OutboxMessage.objects.filter(endpoint__isnull=False, status="pending")
    return dict(
        waiting.values("endpoint_id").annotate(n=Count("id")).values_list("endpoint_id", "n")
    )
