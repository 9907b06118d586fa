"""Moving an OSS run by a week from its page with the preview, and editing a team resource."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from opsdesk.resources.services import sync_resources
from tests.conftest import make_user
from tests.web.builders import oss_run

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def operator_page(page):
    sync_resources()
    make_user("operations-manager", "olga@example.org")
    log_in(page, "olga@example.org")
    return page


def test_moving_an_oss_run_by_a_week_from_its_page(operator_page, shoot, accessible):
    page = operator_page
    run = oss_run(None)
    page.goto(f"/workflows/{run.id}/")
    move = page.locator("#move")
    move.get_by_label("New anchor date").fill("2026-07-29")
    move.get_by_role("button", name="Preview the move").click()

    preview = page.locator("#move-preview")
    expect(preview.get_by_role("heading", level=2)).to_contain_text("+7 days): 14 tasks move")
    expect(preview.locator("tbody tr")).to_have_count(14)
    expect(preview.locator("tbody tr").first).to_contain_text("Wed 8 Jul 2026")
    shoot(page, "move-01-preview")
    accessible(page, "the move preview")
    page.set_viewport_size(PHONE)
    shoot(page, "move-02-preview-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    preview.get_by_role("button", name="Move 14 tasks to the new dates").click()

    expect(page.locator(".flash")).to_contain_text("Moved 14 task(s)")
    expect(page.locator("#moves")).to_contain_text("Wed 22 Jul 2026 → Wed 29 Jul 2026")
    expect(page.locator(".run-head")).to_contain_text("Wed 29 Jul 2026 17:00")
    shoot(page, "move-03-run-after", at=page.locator("#moves"))
    accessible(page, "the run page after the move")


def test_editing_a_team_resource(operator_page, shoot, accessible):
    page = operator_page
    page.get_by_role("link", name="Resources", exact=True).click()
    playlist = page.locator("#resource-oss-playlist")
    playlist.get_by_label("Link").fill("https://www.youtube.com/playlist?list=PL-new")
    playlist.get_by_role("button", name="Save").click()

    expect(page.locator(".flash")).to_contain_text("Saved Open-Source Spotlight playlist")
    expect(page.locator("#resource-oss-playlist").get_by_label("Link")).to_have_value(
        "https://www.youtube.com/playlist?list=PL-new"
    )
    shoot(page, "resources-01-saved")
    accessible(page, "the resources page")
    page.set_viewport_size(PHONE)
    shoot(page, "resources-02-phone")

    run = oss_run(None)
    page.goto(f"/workflows/{run.id}/")
    expect(page.locator("#links")).to_contain_text("from team resources")
