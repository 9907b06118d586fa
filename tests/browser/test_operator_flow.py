"""The operations manager's day in real Chromium: start an OSS run, wait on the author,
follow up, get refused without proof, publish, and open the instructions in context."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.web.builders import oss_run

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = "Download the Zoom recording and upload it as a YouTube draft"
PUBLISH = "Schedule the YouTube video for the anchor date and time"
INVITE = "Send the OSS invitation to the tool author"
OUTREACH = "Find the tool's maintainers and start outreach from GitHub or its community"


def card(page, description: str):
    """The task's card on the run page, unfolded (only the next action starts open)."""
    found = page.locator("article.card").filter(
        has=page.get_by_role("heading", name=description, exact=True)
    )
    if found.locator("details.card-fold").get_attribute("open") is None:
        found.locator("summary.card-head").click()
    return found


def section(page, title: str):
    return page.locator("section.panel").filter(
        has=page.get_by_role("heading", name=re.compile(f"^{re.escape(title)}"))
    )


@pytest.fixture
def operator_page(page):
    make_user("operations-manager", "olga@example.org")
    log_in(page, "olga@example.org")
    return page


def test_operator_starts_an_oss_run_from_the_library(operator_page, shoot, accessible):
    page = operator_page
    expect(page.get_by_text("No follow-ups due.")).to_be_visible()
    accessible(page, "the empty dashboard")
    page.get_by_role("link", name="Workflows", exact=True).click()
    page.get_by_role("link", name="Start a workflow").click()
    shoot(page, "01-library")
    accessible(page, "the library")
    page.get_by_role("link", name="Start Open-Source Spotlight").click()
    page.get_by_label("Anchor date").fill("2026-07-22")
    page.get_by_label("Tool or project").fill("ExampleDB")
    page.get_by_label("Author or maintainer").fill("Pat")
    page.get_by_role("button", name="Preview dates").click()
    preview = page.locator("#preview")
    expect(preview.get_by_role("heading")).to_contain_text("ExampleDB - Pat: 14 tasks")
    expect(preview.locator("tbody tr")).to_have_count(14)
    expect(preview.locator("tbody tr").first).to_contain_text("Wed 1 Jul 2026")
    expect(preview.locator("tbody tr").last).to_contain_text("Fri 24 Jul 2026")
    shoot(page, "02-start-preview")
    accessible(page, "the start page with its preview")
    page.get_by_role("button", name="Create “ExampleDB - Pat”").click()
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("ExampleDB - Pat")
    expect(page.locator("#run-stage")).to_have_text("Stage: Preparation")
    expect(page.locator("section.phase")).to_have_count(6)
    expect(page.locator("#links")).to_contain_text("Guest email")


def test_waiting_outreach_comes_back_as_a_follow_up_on_its_date(operator_page, shoot, accessible):
    page = operator_page
    run = oss_run(None)
    page.goto(f"/workflows/{run.id}/?asOf=2026-07-01")
    invite = card(page, INVITE)
    invite.locator("summary", has_text="Mark waiting").click()
    invite.get_by_label("Waiting for").fill("Pat / ExampleDB author")
    expect(invite.get_by_label("Follow up on")).to_have_value("2026-07-03")
    invite.get_by_label("Note").fill("Invitation sent by email")
    invite.get_by_role("button", name="Save waiting").click()
    expect(card(page, INVITE)).to_contain_text("Waiting on Pat / ExampleDB author")

    page.goto("/?asOf=2026-07-01")
    expect(section(page, "Waiting")).to_contain_text(INVITE)
    expect(section(page, "Follow-ups due")).to_contain_text("No follow-ups due.")
    page.goto("/?asOf=2026-07-03")
    due = section(page, "Follow-ups due")
    expect(due).to_contain_text(INVITE)
    expect(due).to_contain_text("follow up Fri 3 Jul (today)")
    shoot(page, "03-dashboard-follow-up-due")
    accessible(page, "the dashboard with a follow-up due")
    page.goto(f"/workflows/{run.id}/?asOf=2026-07-03")
    shoot(page, "04-run-waiting-follow-up-due", at=card(page, INVITE))


def test_youtube_draft_is_refused_without_a_link_and_publication_moves_the_stage(
    operator_page, shoot, accessible
):
    page = operator_page
    run = oss_run(None)
    page.goto(f"/workflows/{run.id}/?asOf=2026-07-09")
    draft = card(page, DRAFT)
    expect(draft.locator(".why")).to_have_text("Add the YouTube link first")
    draft.get_by_role("button", name=re.compile("^Complete")).click()
    draft = card(page, DRAFT)
    expect(draft.get_by_role("alert")).to_have_text("Add the YouTube link first.")
    expect(draft.locator(".badge").first).not_to_have_text("Done")
    shoot(page, "05-blocked-completion", at=draft)
    accessible(page, "the run page with a refused completion")

    draft.get_by_label("YouTube link").fill("https://youtu.be/abc123")
    draft.get_by_role("button", name=re.compile("^Complete")).click()
    expect(page.locator(".flash")).to_contain_text(f"Completed “{DRAFT}”")
    youtube_slot = page.locator("#links").get_by_label(re.compile("^YouTube"))
    expect(youtube_slot).to_have_value("https://youtu.be/abc123")

    publish = card(page, PUBLISH)
    expect(publish.get_by_label(re.compile("^YouTube link"))).to_have_value(
        "https://youtu.be/abc123"
    )
    publish.get_by_label(re.compile("external status")).fill("Scheduled for Wed 22 Jul 17:00")
    publish.get_by_role("button", name=re.compile("^Complete")).click()
    expect(page.locator("#run-stage")).to_have_text("Stage: After event")
    expect(page.locator(".flash")).to_contain_text("moved to after event")
    follow_up_phase = page.locator("section.phase").filter(has_text="Guest sharing")
    expect(follow_up_phase.locator("h3")).to_contain_text(["Active"])
    expect(follow_up_phase.locator("article.card")).to_have_count(2)
    shoot(page, "06-run-after-publication", at=page.locator("#run-stage"))
    shoot(page, "07-run-follow-up-phase", at=follow_up_phase)


def test_instructions_open_the_doc_at_its_step_and_search_finds_docs(
    operator_page, shoot, accessible
):
    page = operator_page
    run = oss_run(None)
    page.goto(f"/workflows/{run.id}/")
    card(page, OUTREACH).get_by_role("link", name=re.compile("^Instructions")).click()
    page.wait_for_url(re.compile(r"/docs/sop\.media\.open-source-spotlight\.reach-out-.*#step-1$"))
    step = page.locator("#step-1")
    expect(step).to_be_in_viewport()
    expect(step).to_contain_text("Find likely maintainers")
    shoot(page, "08-doc-at-step", at=step)
    accessible(page, "a doc opened at a step")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Docs").click()
    page.get_by_label("Search the docs").fill("timecodes youtube")
    page.get_by_role("button", name="Search").click()
    # One search answers for docs and tasks alike; the docs' answers are in their own region.
    results = page.get_by_role("region", name="Docs").locator("ol.results")
    expect(results).to_contain_text("timecodes", ignore_case=True)
    expect(results.locator("mark").first).to_be_visible()
    shoot(page, "09-search")
    accessible(page, "docs search")

    for path, name in (
        ("/tasks/?state=any", "the task list"),
        ("/notifications/", "notifications"),
    ):
        page.goto(path)
        accessible(page, name)


NOTICE = "Tell the author when the OSS video will be published"
SOCIAL = "Schedule or publish the social announcement for the OSS video"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_message_template_opens_at_the_tasks_section_and_the_closure_doc_has_its_checklist(
    operator_page, shoot, accessible, width
):
    page = operator_page
    page.set_viewport_size({"width": width, "height": 900})
    run = oss_run(None)
    page.goto(f"/workflows/{run.id}/")
    notice = card(page, NOTICE)
    link = notice.get_by_role("link", name=re.compile("^Instructions"))
    expect(link).to_contain_text("Publication-date notice")
    shoot(page, f"10-card-opening-a-section-{width}", at=notice)
    link.click()
    page.wait_for_url(
        re.compile(r"oss-asking-for-revisions-and-links/\?from=\d+#section-publication-date$")
    )
    section = page.locator("#section-publication-date")
    expect(section).to_be_in_viewport()
    expect(section.get_by_role("heading", level=2)).to_have_text("Publication-date notice")
    shoot(page, f"11-doc-at-section-{width}", at=section)
    accessible(page, "a message template opened at a section")

    page.goto(f"/workflows/{run.id}/")
    card(page, SOCIAL).get_by_role("link", name=re.compile("^Instructions")).click()
    checklist = page.locator("#section-before-you-close")
    expect(checklist.get_by_role("heading", level=2)).to_have_text("Before you close")
    expect(checklist.get_by_role("checkbox")).to_have_count(8)
    shoot(page, f"12-before-you-close-{width}", at=checklist)
    accessible(page, "the closure task's doc")


GUIDE_TITLE = "Open-Source Spotlight workflow"
RECORD = "Record the OSS demo"


def _oss_run_under_way():
    """An OSS run on 12 July: outreach done with its proof, recording waiting, the draft late."""
    from django.contrib.auth import get_user_model

    from opsdesk.runs.services.completion import complete_task
    from opsdesk.runs.services.waiting import mark_waiting
    from tests.web.builders import task

    olga = get_user_model().objects.get(email="olga@example.org")
    run = oss_run(olga)
    done = {
        "reach-out-github-authors": {
            "link": "https://github.com/example/exampledb",
            "comment": "Opened a discussion",
        },
        "reach-out-tool-author": {"link": "pat@example.org"},
        "find-time-calendly": {"comment": "Pat picked Tue 7 Jul 15:00"},
        "schedule-recording": {"external_status": "Zoom booked for Tue 7 Jul 15:00"},
    }
    for ref, proof in done.items():
        complete_task(olga, task_id=task(run, ref).id, **proof)
    mark_waiting(
        olga,
        task_id=task(run, "record-demo").id,
        waiting_for="Pat",
        follow_up_at="2026-07-10",
        note="Pat sends the recording link after the call",
    )
    return run


@pytest.mark.parametrize("width", [1280, 390])
def test_a_full_oss_run_page_shows_links_proof_at_risk_hints_and_the_guide(
    operator_page, shoot, accessible, width
):
    page = operator_page
    page.set_viewport_size({"width": width, "height": 900})
    run = _oss_run_under_way()

    page.goto(f"/workflows/{run.id}/?asOf=2026-07-12")
    expect(page.locator("#links").get_by_label(re.compile("^Tool GitHub"))).to_have_value(
        "https://github.com/example/exampledb"
    )
    expect(card(page, OUTREACH).locator("ul.proof li.met")).to_have_count(2)
    expect(card(page, DRAFT).locator(".risk-hint")).to_contain_text("missing YouTube draft link")
    expect(card(page, RECORD).locator(".risk-hint")).to_contain_text("a follow-up is due")
    expect(card(page, PUBLISH).locator(".risk-hint")).to_have_count(0)
    guides = page.locator("#guides")
    expect(guides.locator("li")).to_have_count(16)
    expect(guides.get_by_role("link", name=f"Operator guide: {GUIDE_TITLE}")).to_be_visible()
    guide = page.locator(".run-guide").get_by_role("link", name=f"Operator guide: {GUIDE_TITLE}")
    page.evaluate("window.scrollTo(0, 0)")  # opening folded cards above scrolled the page
    expect(guide).to_be_in_viewport()
    shoot(page, f"13-oss-run-full-{width}")
    shoot(page, f"13-oss-run-top-{width}", at=page.locator(".run-guide"))
    shoot(page, f"14-oss-run-guides-{width}", at=guides)
    accessible(page, "a full OSS run page with at-risk hints and its guide")

    guide.click()
    page.wait_for_url(re.compile(r"/docs/task-template\.tasks\.oss/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(GUIDE_TITLE)

    page.goto("/?asOf=2026-07-12")
    at_risk = page.locator("#at-risk")
    expect(at_risk).to_contain_text("ExampleDB - Pat")
    expect(at_risk).to_contain_text("missing Recording source link; missing YouTube draft link")
    shoot(page, f"15-dashboard-at-risk-hints-{width}", at=at_risk)
    accessible(page, "the dashboard's at-risk card with its hints")
