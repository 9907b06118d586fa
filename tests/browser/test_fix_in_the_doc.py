"""In real Chromium: a gap reported on a task is fixed in its SOP from the gaps page, the gap is
resolved by that revision, the history shows the diff, and one search finds docs and work."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from opsdesk.gaps.services import report_from_task
from opsdesk.runs.services.waiting import mark_waiting
from tests.conftest import make_user
from tests.web.builders import oss_run, task

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUESTS = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"


@pytest.fixture
def reported_gap():
    olga = make_user("operations-manager", "olga@example.org")
    run = oss_run(olga)
    outreach = task(run, "reach-out-github-authors")
    mark_waiting(
        olga,
        task_id=task(run, "reach-out-tool-author").id,
        waiting_for="Pat",
        follow_up_at="2026-07-05",
        note="Invite sent through the ExampleDB forum",
    )
    return report_from_task(olga, outreach.id, "Step 1 does not say to check the forum", "1")


def test_a_gap_is_fixed_in_the_doc_and_resolved_by_the_revision(
    page, reported_gap, shoot, accessible
):
    log_in(page, "olga@example.org")
    page.goto("/gaps/")
    page.get_by_role("link", name="Fix in the doc").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit “Reach out")
    expect(page.get_by_label("This save fixes process gap")).to_be_checked()
    body = page.get_by_label("Text (markdown)")
    text = body.input_value()
    body.fill(
        text.replace(
            "<!-- sop-step-start id=1 -->\n",
            "<!-- sop-step-start id=1 -->\nCheck the project's forum first.\n\n",
            1,
        )
    )
    page.get_by_label("What did you change?").fill("Step 1 mentions the forum")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview")).to_contain_text("Check the project's forum first.")
    shoot(page, "19-editor-preview")
    accessible(page, "the doc editor with its preview")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "19-editor-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(f"/docs/{GUESTS}/#step-1")
    expect(page.locator(".doc-body")).to_contain_text("Check the project's forum first.")
    page.goto("/gaps/?status=resolved")
    expect(page.locator(f"#gap-{reported_gap.id}")).to_contain_text("fixed by revision 1")

    page.get_by_role("link", name="revision 1").click()
    page.get_by_label("Compare from the file in content/").check()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".diff td.new").first).to_contain_text("Check the project's forum first.")
    shoot(page, "19-history-diff")
    accessible(page, "the doc history and diff")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "19-history-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/search/?q=forum")
    for kind in ("Docs", "Tasks", "Process gaps"):
        expect(page.get_by_role("heading", name=kind)).to_be_visible()
    expect(page.locator("#results-tasks mark").first).to_have_text("forum")
    shoot(page, "19-search-results")
    accessible(page, "the search results")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "19-search-phone")
