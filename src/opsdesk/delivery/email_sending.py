"""Sending one queued email: multipart text and HTML, with the headers receivers rely on."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from .models import OutboxMessage


def message_id(message: OutboxMessage) -> str:
    return f"<{message.delivery_id}@{urlsplit(settings.BASE_URL).hostname}>"


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    payload = message.payload
    headers = {
        "Message-ID": message_id(message),
        "X-Opsdesk-Delivery": str(message.delivery_id),
        "Auto-Submitted": "auto-generated",
    }
    if payload.get("unsubscribeUrl"):
        headers["List-Unsubscribe"] = f"<{payload['unsubscribeUrl']}>"
        # RFC 8058: mail clients may unsubscribe with one POST, no page in between.
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers=headers,
    )
    email.attach_alternative(payload["html"], "text/html")
    return email


def send_email(message: OutboxMessage) -> None:
    """Hand the email to the configured backend; any error is raised to the caller."""
    if not message.address:
        raise ValueError("The person has no email address.")
    connection = get_connection(fail_silently=False)
    connection.send_messages([build_email(message)])
