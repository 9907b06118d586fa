"""The delivery API: your notification settings; webhooks for admins, with clear refusals."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.delivery.models import NotificationPreference, WebhookEndpoint
from opsdesk.domain.delivery import WEBHOOK_EVENTS
from opsdesk.runs.models import AuditEvent
from tests.conftest import ApiClient

from .builders import admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api():
    client = Client()
    client.force_login(admin())
    return ApiClient(client)


def test_a_person_reads_the_defaults_and_saves_their_choices(api):
    status, before = api.get("/me/notifications")
    assert status == 200
    assert before["digest"] is True and before["digestHour"] == 8
    assert before["digestDays"] == ["mon", "tue", "wed", "thu", "fri"]
    assert [k["key"] for k in before["immediateKinds"]] == [
        "follow-up-due", "task-overdue", "assigned",
    ]  # fmt: skip

    status, after = api.put(
        "/me/notifications",
        {"digest": True, "digestHour": 7, "digestDays": ["sat", "mon"],
         "immediate": ["assigned"], "version": before["version"]},
    )  # fmt: skip

    assert status == 200
    assert (after["digestHour"], after["digestDays"], after["immediate"]) == (
        7, ["mon", "sat"], ["assigned"],
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="notification-preferences-changed").count() == 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"digestHour": 24}, "digestHour"),
        ({"digestDays": ["someday"]}, "unknown day 'someday'"),
        ({"immediate": ["gossip"]}, "unknown kind 'gossip'"),
        ({"immediate": ["automation-failure"]}, "only admins"),
        ({"version": 5}, "changed since you loaded them"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(api, body, words):
    good = {"digest": True, "digestHour": 8, "digestDays": ["mon"], "immediate": []}

    status, answer = api.put("/me/notifications", good | body)

    assert status in (409, 422) and words in answer["message"]
    assert NotificationPreference.objects.count() == 0


def test_webhooks_are_for_admins_only(api):
    assert api.get("/webhooks")[0] == 403
    status, _ = api.post(
        "/webhooks", {"url": "https://hooks.example.org/x", "events": ["run.done"]}
    )
    assert status == 403 and WebhookEndpoint.objects.count() == 0


def test_an_admin_adds_a_webhook_and_sees_its_secret_once(admin_api, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    status, created = admin_api.post(
        "/webhooks",
        {"url": "https://hooks.example.org/T0/B1", "events": ["run.done", "task.completed"],
         "name": "Team chat"},
    )  # fmt: skip

    assert status == 201
    assert created["events"] == ["task.completed", "run.done"]
    assert len(created["secret"]) >= 32
    status, listed = admin_api.get("/webhooks")
    assert "secret" not in listed["webhooks"][0]
    assert listed["webhooks"][0]["secretHint"] == "…" + created["secret"][-4:]

    status, changed = admin_api.patch(
        f"/webhooks/{created['id']}", {"enabled": False, "version": created["version"]}
    )
    assert status == 200 and changed["enabled"] is False
    stale = admin_api.patch(f"/webhooks/{created['id']}", {"name": "x", "version": 1})
    assert stale[0] == 409
    deleted = admin_api.client.delete(f"/api/webhooks/{created['id']}")
    assert deleted.status_code == 204 and WebhookEndpoint.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://hooks.example.org/x", "https://"),
        ("http://hooks.example.org/x", "https://"),
        ("https://127.0.0.1:8080/hook", "loopback, private or link-local"),
        ("https://10.1.2.3/hook", "loopback, private or link-local"),
        ("https://169.254.169.254/latest", "loopback, private or link-local"),
        ("https://[::1]/hook", "loopback, private or link-local"),
        ("https://localhost/hook", "loopback, private or link-local"),
    ],
)
def test_a_webhook_url_that_is_not_https_or_points_inside_is_refused(
    admin_api, settings, url, words
):
    settings.WEBHOOK_ALLOW_PRIVATE = settings.WEBHOOK_ALLOW_HTTP = False

    status, answer = admin_api.post("/webhooks", {"url": url, "events": ["run.done"]})

    assert status == 422 and words in answer["message"]
    assert WebhookEndpoint.objects.count() == 0


def test_an_unknown_event_is_refused_with_the_known_ones(admin_api):
    status, answer = admin_api.post(
        "/webhooks", {"url": "https://hooks.example.org/x", "events": ["task.exploded"]}
    )

    assert status == 422
    assert answer["known"] == list(WEBHOOK_EVENTS)
    assert "task.completed" in answer["message"]
    assert WebhookEndpoint.objects.count() == 0


def test_send_test_reports_the_answer_and_logs_the_attempt(admin_api, receiver):
    _, created = admin_api.post("/webhooks", {"url": receiver.url, "events": ["run.done"]})

    status, result = admin_api.post(f"/webhooks/{created['id']}/test")

    assert status == 200 and result["ok"] is True and result["statusCode"] == 200
    assert receiver.received[0].json["event"] == "webhook.test"
    _, log = admin_api.get(f"/webhooks/{created['id']}/deliveries")
    assert [(d["event"], d["statusCode"], d["attempt"]) for d in log["deliveries"]] == [
        ("webhook.test", 200, 1)
    ]


def test_a_failed_test_send_says_why_and_is_not_retried(admin_api):
    from .receivers import HttpReceiver

    with HttpReceiver(statuses=[404]) as missing:
        _, created = admin_api.post("/webhooks", {"url": missing.url, "events": ["run.done"]})
        status, result = admin_api.post(f"/webhooks/{created['id']}/test")

    assert status == 200 and result["ok"] is False
    assert result["message"] == "The receiver answered 404."
    from opsdesk.delivery.models import OutboxMessage

    assert OutboxMessage.objects.get().status == "failed"
