"""An export carries notification settings and (with credentials) webhooks, never the outbox."""

from __future__ import annotations

import pytest
from django.db import transaction

from opsdesk.delivery.models import NotificationPreference, OutboxMessage, WebhookEndpoint
from opsdesk.delivery.prefs import update_prefs
from opsdesk.transfer.export import export_to
from opsdesk.transfer.importing import import_from

from .builders import SECRET, person, queued_call, webhook

pytestmark = pytest.mark.django_db


def test_settings_and_webhooks_travel_and_the_outbox_stays(tmp_path):
    with transaction.atomic():
        update_prefs(person("host"), digest=True, digest_hour=6, digest_days=["sat"],
                     immediate=["assigned"])  # fmt: skip
        queued_call(webhook("https://hooks.example.org/x", events=["run.done"]), 1)
        plain = export_to(tmp_path / "plain")
        secret = export_to(tmp_path / "secret", include_credentials=True)
        transaction.set_rollback(True)

    report = import_from(secret.directory)

    assert report.counts["notification_preferences"] == 1 and report.counts["webhooks"] == 1
    assert "webhooks" not in plain.counts
    stored = NotificationPreference.objects.get()
    assert (stored.user.email, stored.digest_hour, stored.immediate) == (
        "host@example.org", 6, ["assigned"],
    )  # fmt: skip
    assert WebhookEndpoint.objects.get().secret == SECRET
    assert not OutboxMessage.objects.exists()
