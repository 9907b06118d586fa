"""Emails as they are queued: subject, plain text and HTML (escaped), absolute links."""

from __future__ import annotations

import uuid

from django.template.loader import render_to_string

from opsdesk.links import absolute_url

from .outbox import enqueue
from .unsubscribe import KIND_WORDS, link_for


def task_link(task: dict) -> str:
    """A task in its run when it has one, else the task's own page."""
    if task.get("bundleId"):
        return absolute_url(f"/workflows/{task['bundleId']}/#task-{task['id']}")
    return absolute_url(f"/tasks/{task['id']}/")


def run_link(run_id: int) -> str:
    return absolute_url(f"/workflows/{run_id}/")


def queue_email(user, kind: str, key: str, subject: str, template: str, context: dict, **fields):
    """Render `template` (.txt and .html) for `user` and queue it under `key`; the outbox row,
    or None when `key` was queued already."""
    delivery_id = uuid.uuid4()
    unsubscribe = link_for(delivery_id, kind)
    context = {
        **context,
        "person": user,
        "subject": subject,
        "unsubscribe_url": unsubscribe,
        "unsubscribe_what": KIND_WORDS[kind],
        "settings_url": absolute_url("/settings/notifications/"),
        "home_url": absolute_url("/"),
    }
    payload = {
        "subject": subject,
        "text": render_to_string(f"delivery/email/{template}.txt", context),
        "html": render_to_string(f"delivery/email/{template}.html", context),
        "unsubscribeUrl": unsubscribe,
    }
    return enqueue(
        key,
        "email",
        kind,
        payload,
        delivery_id=delivery_id,
        recipient=user,
        address=user.email,
        **fields,
    )
