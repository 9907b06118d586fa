"""A day's work in real Chromium at 1280×800 and 390×844: act from the dashboard, the run page,
the workflows list and the review without leaving the row; nothing scrolls sideways."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.web.builders import oss_run

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
CALENDLY = "Help the author find a recording time if Calendly does not work"
INVITE = "Send the OSS invitation to the tool author"
OUTREACH = "Find the tool's maintainers and start outreach from GitHub or its community"


@pytest.fixture(params=list(SIZES))
def screen(request, page):
    width, height = SIZES[request.param]
    page.set_viewport_size({"width": width, "height": height})
    make_user("operations-manager", "olga@example.org")
    log_in(page, "olga@example.org")
    return request.param


def no_sideways_scroll(page, where: str) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{where} scrolls sideways: {widths[0]} > {widths[1]} px"


def row(page, description: str):
    return page.locator("li.line").filter(has=page.locator(".line-title", has_text=description))


def test_a_comment_proof_task_is_completed_from_the_dashboard(page, screen, shoot, accessible):
    run = oss_run(None)
    page.goto("/?asOf=2026-07-03&scope=all")
    shoot(page, f"20-dashboard-{screen}")
    accessible(page, "the dashboard")
    no_sideways_scroll(page, "the dashboard")

    task = row(page, CALENDLY)
    task.locator("summary").first.click()
    group = task.get_by_role("group", name=re.compile("^Proposed or confirmed recording time"))
    group.get_by_label("Comment").fill("Pat picked Tue 7 Jul 15:00")
    shoot(page, f"21-dashboard-row-open-{screen}", at=task)
    task.get_by_role("button", name="Complete").click()

    expect(page).to_have_url(re.compile(r"/\?asOf=2026-07-03&scope=all#task-\d+$"))
    expect(page.locator(".flash")).to_contain_text(f"Completed “{CALENDLY}”")
    expect(row(page, CALENDLY)).to_have_count(0)  # done: it left the act-first lists
    assert run.tasks.get(template_ref="find-time-calendly").status == "done"
    assert "/workflows/" not in page.url


def test_with_javascript_dashboard_rows_complete_and_refuse_in_place_without_a_reload(
    page, screen, shoot
):
    run = oss_run(None)
    page.goto("/?asOf=2026-07-03&scope=all")
    page.evaluate("() => { window.stillTheSamePage = true; }")

    task = row(page, CALENDLY)
    task.locator("summary").first.click()
    task.get_by_label("Comment").first.fill("Pat picked Tue 7 Jul 15:00")
    task.get_by_role("button", name="Complete").click()
    expect(page.locator(".flash")).to_contain_text(f"Completed “{CALENDLY}”")
    expect(page).to_have_url(re.compile(r"/\?asOf=2026-07-03&scope=all#task-\d+$"))
    expect(row(page, CALENDLY)).to_have_count(0)
    assert run.tasks.get(template_ref="find-time-calendly").status == "done"

    outreach = row(page, OUTREACH)
    outreach.locator("summary").first.click()
    outreach.locator("details.line-more > summary").click()
    outreach.get_by_role("button", name="Mark waiting").click()  # nobody named to wait on
    expect(outreach.get_by_role("alert")).to_contain_text("waitingFor")
    task_id = run.tasks.get(template_ref="reach-out-github-authors").id
    expect(page).to_have_url(re.compile(rf"/\?asOf=2026-07-03&scope=all#task-{task_id}$"))
    assert page.evaluate("() => window.stillTheSamePage") is True  # no page load in between
    shoot(page, f"25-dashboard-refused-in-place-{screen}", at=outreach)


def test_a_task_opened_on_the_run_page_is_completed_and_the_page_lands_on_its_row(
    page, screen, shoot, accessible
):
    run = oss_run(None)
    page.goto(f"/workflows/{run.id}/?asOf=2026-07-02")
    shoot(page, f"22-run-page-{screen}")
    accessible(page, "the run page")
    no_sideways_scroll(page, "the run page")
    header_bottom = page.locator(".run-head").bounding_box()["y"]
    links_top = page.locator("#links").bounding_box()["y"]
    if screen == "phone":
        assert links_top < page.locator("section.phase").first.bounding_box()["y"]
    assert links_top >= header_bottom

    invite = page.locator("article.card").filter(has=page.get_by_role("heading", name=INVITE))
    expect(invite.locator("details.card-fold")).not_to_have_attribute("open", "")
    invite.locator("summary.card-head").click()
    invite.get_by_label("Guest email").fill("pat@example.org")
    invite.get_by_role("button", name=re.compile("^Complete")).click()

    task_id = run.tasks.get(template_ref="reach-out-tool-author").id
    expect(page).to_have_url(re.compile(rf"/workflows/{run.id}/\?asOf=2026-07-02#task-{task_id}$"))
    landed = page.locator(f"#task-{task_id}")
    expect(landed.locator(".flash")).to_contain_text(f"Completed “{INVITE}”")
    expect(landed).to_be_in_viewport()
    shoot(page, f"23-run-row-after-complete-{screen}", at=landed)


def test_a_refused_completion_stays_on_its_row_and_the_url_is_the_page(page, screen):
    run = oss_run(None)
    page.goto(f"/workflows/{run.id}/?asOf=2026-07-01")
    outreach = page.locator("article.card").filter(has=page.get_by_role("heading", name=OUTREACH))
    outreach.get_by_role("button", name=re.compile("^Complete")).click()  # the next action
    expect(outreach.get_by_role("alert")).to_contain_text("Add the Tool GitHub link first")
    expect(page).to_have_url(re.compile(rf"/workflows/{run.id}/\?asOf=2026-07-01#task-\d+$"))


@pytest.mark.parametrize("size", list(SIZES))
def test_without_javascript_a_refused_completion_lands_on_the_run_page_beside_its_task(
    browser, live_server, size, shoot
):
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        locale="en-GB",
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        make_user("operations-manager", "olga@example.org")
        log_in(page, "olga@example.org")
        run = oss_run(None)
        task_id = run.tasks.get(template_ref="reach-out-github-authors").id
        page.goto(f"/workflows/{run.id}/?asOf=2026-07-01")
        outreach = page.locator(f"#task-{task_id}")
        outreach.get_by_role("button", name=re.compile("^Complete")).click()

        # No script put the address back: the server sent the browser to the page itself.
        expect(page).to_have_url(
            re.compile(rf"/workflows/{run.id}/\?asOf=2026-07-01#task-{task_id}$")
        )
        expect(outreach.get_by_role("alert")).to_contain_text("Add the Tool GitHub link first")
        shoot(page, f"24-refused-without-javascript-{size}", at=outreach)
        page.reload()  # a GET of the page: nothing is posted again and the message was for once
        expect(outreach.get_by_role("alert")).to_have_count(0)
        assert run.tasks.get(pk=task_id).status == "todo"
    finally:
        context.close()


def test_the_workflows_list_filters_sorts_and_pages(page, screen, shoot, accessible):
    for n in range(27):
        oss_run(None, anchor=f"2026-08-{n + 1:02d}")
    from opsdesk.runs.models import Run

    Run.objects.filter(anchor_date="2026-08-27").update(title="Quiver - Ana")
    page.goto("/workflows/?asOf=2026-07-10")
    expect(page.locator("#run-total")).to_have_text("1–25 of 27 workflows")
    shoot(page, f"24-workflows-{screen}")
    accessible(page, "the workflows page")
    no_sideways_scroll(page, "the workflows page")
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="2").click()
    expect(page.locator("#run-total")).to_have_text("26–27 of 27 workflows")

    page.goto("/workflows/")
    page.get_by_label("Title").fill("quiver")
    page.get_by_label("Sort by").select_option("-anchor")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#run-total")).to_have_text("1–1 of 1 workflow")
    expect(page.locator("li.run-line")).to_contain_text("anchor Thu 27 Aug 2026")


def test_the_review_bulk_completes_with_select_all(page, screen, shoot):
    from opsdesk.runs.models import Task

    run = oss_run(None)
    proved = {"link": "https://github.com/x/y", "comment": "Opened an issue"}
    run.tasks.filter(template_ref="reach-out-github-authors").update(**proved)
    run.tasks.filter(template_ref="reach-out-tool-author").update(link="mailto:pat@example.org")
    page.goto("/review/?asOf=2026-07-02&scope=all")
    page.get_by_label(re.compile("^Select all 2 unfinished")).check()
    expect(page.locator("#end-of-day tbody input.pick:checked")).to_have_count(2)
    shoot(page, f"25-review-select-all-{screen}")
    page.get_by_role("button", name="Complete selected").click()
    expect(page.locator(".flash")).to_contain_text("Completed 2 tasks")
    assert Task.objects.filter(run=run, status="done").count() == 2


def test_a_new_run_is_on_track_and_a_completed_tasks_notices_leave_the_unread_list(
    page, screen, shoot, accessible
):
    from opsdesk.schedule.tick import run_tick

    run = oss_run(None, anchor="2026-07-22")
    page.goto(f"/workflows/{run.id}/?asOf=2026-06-30")  # its first task is due tomorrow
    expect(page.locator("#run-risk")).to_have_text("On track")

    run_tick(date(2026, 7, 2))
    page.goto("/notifications/")
    expect(page.locator("#unread li", has_text=OUTREACH)).to_have_count(2)  # late, no proof
    accessible(page, "notifications")
    no_sideways_scroll(page, "notifications")
    page.goto(f"/workflows/{run.id}/?asOf=2026-07-02")
    outreach = page.locator("article.card").filter(has=page.get_by_role("heading", name=OUTREACH))
    outreach.get_by_label("Tool GitHub link").fill("https://github.com/example/db")
    outreach.get_by_label("Outreach channel and message sent").fill("Issue opened on GitHub")
    outreach.get_by_role("button", name=re.compile("^Complete")).click()
    expect(page.locator(".flash")).to_contain_text("Completed")

    page.goto("/notifications/")
    unread = page.locator("#unread li", has_text=OUTREACH)
    expect(unread).to_have_count(0)
    page.locator("#history summary").click()
    expect(page.locator("#history li", has_text="No longer applies").first).to_be_visible()
    shoot(page, f"26-notifications-{screen}")


def test_no_page_scrolls_sideways_and_axe_finds_nothing_serious(page, screen, accessible, shoot):
    run = oss_run(None)
    pages = {
        "task list": "/tasks/?state=any",
        "library": "/workflows/library/",
        "start": "/workflows/start/oss/?anchorDate=2026-07-22&var-tool=X&var-author=Y&preview=1",
        "review": "/review/?asOf=2026-07-03",
        "doc": "/docs/sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests/"
        f"?from={run.tasks.first().id}",
        "task page": f"/tasks/{run.tasks.first().id}/",
        "recurring": "/recurring/",
        "gaps": "/gaps/",
        "docs": "/docs/",
    }
    for name, path in pages.items():
        page.goto(path)
        no_sideways_scroll(page, name)
        accessible(page, name)
    page.goto("/tasks/?state=any")
    shoot(page, f"27-task-list-{screen}")
    if screen == "phone":
        menu = page.get_by_role("navigation", name="Main")
        assert menu.bounding_box()["height"] < 60
        menu.locator("summary").click()
        expect(menu.get_by_role("link", name="Workflows")).to_be_visible()
