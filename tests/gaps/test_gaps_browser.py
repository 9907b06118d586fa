"""In real Chromium: the end-of-day review says "all clear" only when it is true, and a gap
reported from the work reaches the maintainers' page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from opsdesk.gaps.services import report_from_doc
from tests.browser.conftest import accessible, axe, browser, log_in, page, shoot  # noqa: F401
from tests.conftest import make_user
from tests.web.builders import oss_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_CLEAR = "No unresolved tasks for today."
OUTREACH = "Find the tool's maintainers and start outreach from GitHub or its community"
INVITE = "Send the OSS invitation to the tool author"


@pytest.fixture
def olga(page):  # noqa: F811
    user = make_user("operations-manager", "olga@example.org")
    run = oss_run(user)
    log_in(page, "olga@example.org")
    return user, run


def test_all_clear_appears_only_once_every_due_task_is_settled_or_waiting(
    page,  # noqa: F811
    olga,
    shoot,  # noqa: F811
    accessible,  # noqa: F811
):
    page.goto("/review/?asOf=2026-07-02&scope=all")
    review = page.locator("#end-of-day")
    expect(review.locator("tbody tr")).to_have_count(2)
    expect(page.get_by_text(ALL_CLEAR)).to_have_count(0)
    accessible(page, "the end-of-day review")
    shoot(page, "gaps-01-review-unfinished")

    page.get_by_label(f"Select “{OUTREACH}”").check()
    page.get_by_label(f"Select “{INVITE}”").check()
    page.get_by_label("Waiting for").fill("Pat")
    page.get_by_label("Follow up on").fill("2026-07-06")
    page.get_by_label("Note").fill("Invitation sent; waiting for a reply")
    page.get_by_role("button", name="Move selected to waiting").click()

    expect(page.get_by_text("2 tasks waiting on Pat")).to_be_visible()
    expect(page.get_by_text(ALL_CLEAR)).to_be_visible()
    expect(review.locator("tbody tr")).to_have_count(0)
    shoot(page, "gaps-02-review-all-clear")

    # The next day has a new due task: the all-clear must not be said.
    page.goto("/review/?asOf=2026-07-03&scope=all")
    expect(page.locator("#end-of-day tbody tr")).to_have_count(1)
    expect(page.get_by_text(ALL_CLEAR)).to_have_count(0)


def test_a_gap_reported_from_a_task_reaches_the_gaps_page_and_is_resolved(
    page,  # noqa: F811
    olga,
    shoot,  # noqa: F811
    accessible,  # noqa: F811
):
    user, run = olga
    task = run.tasks.get(template_ref="reach-out-github-authors")
    for text in ("Step 1 does not say which Airtable base.", "The Airtable view is missing."):
        report_from_doc(
            user,
            "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests",
            text,
            "3",
        )
    page.goto(f"/gaps/report/?taskId={task.id}&next=/workflows/{run.id}/")
    page.get_by_label("Describe it in a sentence or two").fill("No template for the GitHub note.")
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_url(re.compile(rf"/workflows/{run.id}/#task-{task.id}$"))
    expect(page.get_by_text("the gap is reported")).to_be_visible()

    page.goto("/gaps/")
    first_group = page.locator(".gap-groups section").first
    expect(first_group.get_by_role("heading")).to_contain_text("Reach out to Open-Source Spotlight")
    expect(first_group.locator(".gap-list > li")).to_have_count(3)
    expect(first_group.get_by_role("link", name=re.compile("^Task: Find the tool"))).to_be_visible()
    accessible(page, "the gaps page")
    shoot(page, "gaps-03-gaps-page")

    entry = first_group.locator(".gap-list > li").filter(has_text="No template for the GitHub")
    entry.get_by_text("Resolve").first.click()
    entry.get_by_label("What did you change?").fill("Added a GitHub note template to step 5.")
    entry.get_by_role("button", name="Resolve gap").click()
    expect(page.get_by_text("Resolved: “No template for the GitHub note.”")).to_be_visible()
    expect(page.locator(".gap-groups .gap-list > li")).to_have_count(2)
