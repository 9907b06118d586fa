"""What people asked to receive, where webhooks go, and the outbox every message passes through.

Exactly-once lives in the database, as in the scheduler: a message is queued by inserting its
unique `key` in the transaction of its cause, and a delivery pass claims a row with a lease
(a conditional UPDATE) before sending it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from opsdesk.domain.delivery import DEFAULT_DIGEST_DAYS, DEFAULT_DIGEST_HOUR

CHANNELS = [("email", "Email"), ("webhook", "Webhook")]
STATUSES = [
    ("pending", "Waiting to be sent"),
    ("sent", "Sent"),
    ("failed", "Given up after repeated failures"),
    ("skipped", "Not sent"),
]


def default_digest_days() -> list[str]:
    return list(DEFAULT_DIGEST_DAYS)


class NotificationPreference(models.Model):
    """What one person receives by email. People without a row get the defaults (see prefs)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preference"
    )
    digest = models.BooleanField(default=True)
    # A whole hour, 0-23, in the organisation's timezone.
    digest_hour = models.PositiveSmallIntegerField(default=DEFAULT_DIGEST_HOUR)
    digest_days = models.JSONField(default=default_digest_days)
    immediate = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=now)


class WebhookEndpoint(models.Model):
    """A URL that receives signed JSON for the events an admin chose."""

    name = models.CharField(max_length=200, blank=True, default="")
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=200)
    enabled = models.BooleanField(default=True)
    # Why it was switched off by opsdesk (retries used up), shown until someone enables it.
    disabled_reason = models.CharField(max_length=500, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or self.url


class OutboxMessage(models.Model):
    """One email or webhook call: queued once (unique key), sent once (lease), with one id."""

    key = models.CharField(max_length=300, unique=True)
    # Sent with every attempt (Message-ID, X-Opsdesk-Delivery): receivers drop a repeat by it.
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True)
    channel = models.CharField(max_length=16, choices=CHANNELS)
    # digest, an immediate kind, a webhook event or webhook.test
    topic = models.CharField(max_length=64)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(max_length=254, blank=True, default="")
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, on_delete=models.CASCADE, related_name="messages"
    )
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=STATUSES, default="pending")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=now)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_holder = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=1000, blank=True, default="")
    # An email's unsubscribe link works once: set when it was used.
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return self.key


class WebhookAttempt(models.Model):
    """The delivery log of a webhook: one row per attempt."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="log")
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(default=now)
    event = models.CharField(max_length=64)
    attempt = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["endpoint", "at"])]
