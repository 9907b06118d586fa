"""A person chooses their morning digest; an admin adds a webhook and sends a test, in Chromium."""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from tests.delivery.receivers import HttpReceiver

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_settings_and_webhooks_pages(page, shoot, accessible, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = settings.WEBHOOK_ALLOW_HTTP = True
    make_user("admin")
    log_in(page, "admin@example.org")

    page.get_by_role("link", name="Emails").click()
    page.get_by_label("Send it at").select_option("7")
    page.get_by_label("Sat", exact=True).check()
    page.get_by_label("Someone assigned a task to me").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved: your notification settings.").wait_for()
    assert page.get_by_label("Send it at").input_value() == "7"
    accessible(page, "notification settings")
    shoot(page, "delivery-settings-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "delivery-settings-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    with HttpReceiver() as receiver:
        page.get_by_role("link", name="Webhooks").click()
        page.get_by_label("Name").fill("Team chat")
        page.get_by_label("URL").fill(receiver.url)
        page.get_by_label("task.completed").check()
        page.get_by_label("run.done").check()
        page.get_by_role("button", name="Add webhook").click()
        page.get_by_text("shown this once").wait_for()
        page.get_by_role("button", name="Send test").click()
        page.get_by_text("Test sent. The receiver answered 200").wait_for()

    assert receiver.received[0].json["event"] == "webhook.test"
    accessible(page, "webhooks")
    shoot(page, "delivery-webhooks-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "delivery-webhooks-390")
