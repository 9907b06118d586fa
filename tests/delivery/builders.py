"""Small builders for delivery tests."""

from __future__ import annotations

from datetime import UTC, datetime

from opsdesk.delivery.outbox import enqueue
from opsdesk.delivery.webhooks import create_webhook

SECRET = "a-test-secret-of-enough-length"


def person(role: str = "operations-manager", email: str | None = None):
    """A user without a password (tests log in with force_login): no slow argon2 hash."""
    from django.contrib.auth import get_user_model

    email = email or f"{role}@example.org"
    users = get_user_model().objects
    found = users.filter(email=email).first()
    return found or users.create_user(email=email, name=role.title(), role=role)


def admin():
    return person("admin")


def webhook(url: str, events=("task.completed",), **fields):
    return create_webhook(admin(), url=url, events=list(events), secret=SECRET, **fields)


def queued_call(endpoint, n: int, event: str = "task.completed"):
    """A webhook message as a cause would queue it."""
    return enqueue(
        f"webhook:{endpoint.id}:{event}:test-{n}",
        "webhook",
        event,
        {"text": f"message {n}", "event": event, "details": {"n": n}},
        endpoint=endpoint,
    )


def at(text: str) -> datetime:
    """An aware UTC instant from 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
