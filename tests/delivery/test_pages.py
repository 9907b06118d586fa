"""The pages: notification settings for everyone, webhooks for admins."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.delivery.models import WebhookEndpoint
from opsdesk.delivery.prefs import prefs_of
from tests.refusals import refused_page

from .builders import admin, person

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_chooses_their_digest_hour_and_days_on_the_settings_page():
    viewer = person("viewer")
    client = logged_in(viewer)

    page = client.get("/settings/notifications/")
    saved = client.post(
        "/settings/notifications/save/",
        {"version": "0", "digest": "on", "digestHour": "6", "digestDays": ["mon", "wed"],
         "immediate": ["assigned"]},
    )  # fmt: skip

    assert page.status_code == 200 and b"Morning digest" in page.content
    assert b"Automation failed" not in page.content
    assert saved.status_code == 302
    chosen = prefs_of(type(viewer).objects.get(pk=viewer.pk))
    assert (chosen.digest, chosen.digest_hour, chosen.digest_days) == (True, 6, ("mon", "wed"))


def test_a_refused_setting_shows_the_reason_and_changes_nothing():
    client = logged_in(person("host"))

    page = refused_page(
        client,
        "/settings/notifications/save/",
        {"version": "0", "digestHour": "6", "immediate": ["automation-failure"]},
        lands_on="/settings/notifications/#settings",
    )

    assert 'id="settings-error">' in page and "only admins" in page


def test_the_webhooks_page_is_for_admins(receiver):
    assert logged_in(person("operations-manager")).get("/settings/webhooks/").status_code == 403
    client = logged_in(admin())

    added = client.post(
        "/settings/webhooks/add/",
        {"name": "Team chat", "url": receiver.url, "events": ["task.completed", "run.done"]},
    )
    page = client.get("/settings/webhooks/")
    webhook = WebhookEndpoint.objects.get()
    tested = client.post(f"/settings/webhooks/{webhook.id}/test/", follow=True)

    assert added.status_code == 302
    assert webhook.secret.encode() in page.content  # shown once after adding
    assert webhook.secret.encode() not in client.get("/settings/webhooks/").content
    assert b"Test sent. The receiver answered 200" in tested.content
    assert b"webhook.test" in tested.content  # the delivery log


def test_adding_a_webhook_to_a_private_address_shows_why_next_to_the_form(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False

    page = refused_page(
        logged_in(admin()),
        "/settings/webhooks/add/",
        {"url": "https://192.168.1.5/hook", "events": ["run.done"]},
        lands_on="/settings/webhooks/#new",
    )

    assert 'id="new-error">' in page and "loopback, private or link-local" in page
    assert 'value="https://192.168.1.5/hook"' in page
    assert not WebhookEndpoint.objects.exists()


def test_a_refused_webhook_keeps_its_address_but_never_its_secret(settings):
    from opsdesk.web.rerender import PENDING_KEY

    settings.WEBHOOK_ALLOW_PRIVATE = False
    client = logged_in(admin())
    typed = {"url": "https://10.0.0.9/hook", "events": ["run.done"], "secret": "s3cret-typed"}

    response = client.post("/settings/webhooks/add/", typed)

    # The refusal waits in the (stored) session for the page's next GET: never the secret.
    assert response.status_code == 302
    kept = client.session[PENDING_KEY]
    assert kept["values"]["url"] == "https://10.0.0.9/hook"
    assert "secret" not in kept["values"]
    page = client.get(response["Location"]).content.decode()
    assert 'value="https://10.0.0.9/hook"' in page and "s3cret-typed" not in page
