"""Delivery tests: webhooks may reach loopback receivers, and answers come quickly."""

from __future__ import annotations

import pytest

from opsdesk.delivery.mail_settings import SMTP_BACKEND

from .receivers import HttpReceiver, SmtpReceiver


@pytest.fixture(autouse=True)
def loopback_webhooks(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 1.0


@pytest.fixture
def smtp(settings):
    """A real SMTP server; opsdesk sends to it through Django's SMTP backend."""
    with SmtpReceiver() as server:
        settings.EMAIL_BACKEND = SMTP_BACKEND
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server


@pytest.fixture
def receiver():
    with HttpReceiver() as http:
        yield http


@pytest.fixture
def now():
    """A moment after everything the test queues (a slow machine included): its messages are
    due then."""
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(minutes=1)
