"""In real Chromium: a day beyond the calendar range is explained, not a server error, and the
calendar page offers the feed at the configured base address whatever host the browser used."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import make_user

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def operator_page(page):
    make_user("operations-manager", "olga@example.org")
    log_in(page, "olga@example.org")
    return page


def test_previewing_a_day_beyond_the_range_says_why_and_shows_today(operator_page, shoot):
    page = operator_page
    page.get_by_label("What does another day look like?").fill("9999-12-31")
    page.get_by_role("button", name="Preview").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("asOf must lie between 2000-01-01 and 2100-12-31")
    expect(alert).to_contain_text("Showing today instead.")
    shoot(page, "bounds-dashboard-far-day-1280")
    page.set_viewport_size(PHONE)
    shoot(page, "bounds-dashboard-far-day-390")


def test_a_new_task_beyond_the_range_is_refused_next_to_the_form(operator_page, shoot):
    page = operator_page
    form = page.locator("#new-task")
    form.get_by_role("heading", name="Quick task").click()  # it starts folded on the dashboard
    form.get_by_label("What needs doing").fill("Renew the domain")
    form.get_by_label("Due").fill("9999-12-31")
    form.get_by_role("button", name="Add task").click()

    expect(page.locator("#new-task").get_by_role("alert")).to_contain_text(
        "date must lie between 2000-01-01 and 2100-12-31"
    )
    expect(page.locator("#new-task").get_by_label("What needs doing")).to_have_value(
        "Renew the domain"
    )
    shoot(page, "bounds-new-task-refused-1280", at=page.locator("#new-task"))
    page.set_viewport_size(PHONE)
    shoot(page, "bounds-new-task-refused-390", at=page.locator("#new-task"))


def test_the_calendar_page_offers_the_feed_at_the_base_address(operator_page, shoot):
    page = operator_page
    page.goto("/calendar/")

    address = page.get_by_label("Calendar address")
    expect(address).to_have_value(re.compile(rf"^{re.escape(settings.BASE_URL)}/calendar/.+\.ics$"))
    assert page.url.startswith("http://localhost:")  # the browser came by another host
    shoot(page, "bounds-calendar-address-1280")
    page.set_viewport_size(PHONE)
    shoot(page, "bounds-calendar-address-390")
