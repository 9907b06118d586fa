"""The operator guide one click from the library, the start preview and every run; the
atRiskWhen hints beside the tasks that put a run at risk, and on the dashboard's at-risk card."""

from __future__ import annotations

import html

import pytest

from opsdesk.docs.runtime import current_registry
from opsdesk.runs.services.waiting import mark_waiting

from .builders import oss_run, task

pytestmark = pytest.mark.django_db

GUIDE = "task-template.tasks.oss"
GUIDE_HREF = f'href="/docs/{GUIDE}/"'


@pytest.fixture
def run(operator):
    return oss_run(operator)


def between(page: str, start: str, end: str) -> str:
    at = page.index(start)
    return page[at : page.index(end, at)]


def card_html(page: str, task_id: int) -> str:
    return between(page, f'id="task-{task_id}"', "</article>")


def title_of(doc_id: str) -> str:
    return html.escape(current_registry().resolve(doc_id).title, quote=False)


def test_the_run_page_lists_the_guide_and_every_source_doc_before_the_references(
    operator_client, run
):
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()

    guides = between(page, 'id="guides"', "</section>")
    assert f"{GUIDE_HREF}>Operator guide: {title_of(GUIDE)}</a>" in guides
    for doc_id in run.snapshot["sourceDocIds"]:
        assert f'href="/docs/{doc_id}/"' in guides
        assert title_of(doc_id) in guides
    assert guides.count("<li") == len(run.snapshot["sourceDocIds"]) - 1  # the guide stands apart
    # The guide is one click from the top of the run too, where a phone shows it first.
    top = between(page, 'class="run-guide"', "</p>")
    assert f"{GUIDE_HREF}>Operator guide: {title_of(GUIDE)}</a>" in top
    assert 'href="#guides">all 17 source docs</a>' in top
    assert page.index('class="run-guide"') < page.index('class="phase"')
    assert page.index('id="guides"') < page.index('id="sec-refs"')
    assert page.index('id="sec-refs"') < page.index("docs.google.com")


def test_the_library_card_and_the_start_preview_link_the_guide(operator_client):
    library = operator_client.get("/workflows/library/").content.decode()
    card = between(library, 'id="template-oss"', "</li>")
    assert GUIDE_HREF in card and "Operator guide" in card

    start = operator_client.get(
        "/workflows/start/oss/?preview=1&anchorDate=2026-07-22&var-tool=ExampleDB&var-author=Pat"
    ).content.decode()
    assert 'id="preview"' in start
    assert GUIDE_HREF in start and title_of(GUIDE) in start


def test_a_task_that_puts_the_run_at_risk_shows_its_hints_and_a_task_on_time_does_not(
    operator_client, run
):
    # The day the video is due: its proof is missing from that day on.
    page = operator_client.get(f"/workflows/{run.id}/?asOf=2026-07-22").content.decode()

    schedule = card_html(page, task(run, "schedule-youtube-video").id)
    assert "missing evidence." in schedule
    assert "<li>missing YouTube link</li>" in schedule
    assert "<li>video not scheduled for the anchor date and time</li>" in schedule
    playlist = card_html(page, task(run, "add-to-oss-playlist").id)  # due tomorrow
    assert "risk-hint" not in playlist and "playlist status not confirmed" not in playlist


def test_a_waiting_task_whose_follow_up_is_due_shows_why_it_is_at_risk(
    operator_client, operator, run
):
    invite = task(run, "reach-out-tool-author")
    mark_waiting(
        operator,
        task_id=invite.id,
        waiting_for="Pat",
        follow_up_at="2026-07-03",
        note="Invitation sent",
    )
    # Due on the 2nd: before that, waiting on Pat puts nothing at risk.
    early = operator_client.get(f"/workflows/{run.id}/?asOf=2026-07-01").content.decode()
    assert "risk-hint" not in card_html(early, invite.id)
    due = operator_client.get(f"/workflows/{run.id}/?asOf=2026-07-03").content.decode()
    card = card_html(due, invite.id)
    assert "At risk:</strong> a follow-up is due, missing evidence." in card
    assert "<li>author reply not captured</li>" in card


def test_the_dashboards_at_risk_card_gives_the_tasks_and_their_hints_as_the_reason(
    operator_client, run
):
    page = operator_client.get("/?asOf=2026-07-22").content.decode()

    at_risk = between(page, 'id="at-risk"', "</section>")
    schedule = task(run, "schedule-youtube-video")
    assert "ExampleDB - Pat" in at_risk
    assert f'href="/workflows/{run.id}/?asOf=2026-07-22#task-' in at_risk
    # Nine tasks are late on the day of publication: the card names the first three.
    assert "and " in at_risk and " more tasks" in at_risk
    first = task(run, "reach-out-github-authors")
    assert f'#task-{first.id}">{html.escape(first.description)}</a>' in at_risk
    assert "missing Tool GitHub link; no maintainer contact path; no outreach note" in at_risk
    assert schedule.description not in at_risk  # past the first three


def test_an_on_time_run_is_not_on_the_at_risk_card(operator_client, run):
    page = operator_client.get("/?asOf=2026-06-30").content.decode()
    assert "No workflow is at risk." in page


@pytest.mark.parametrize(
    ("ref", "href"),
    [
        (
            "add-timecodes-youtube",
            "/docs/sop.media.open-source-spotlight.adding-timecodes-for-open-source-spotlight-videos"
            "/#step-1",
        ),
        (
            "schedule-youtube-video",
            "/docs/sop.media.open-source-spotlight.schedule-open-source-spotlight-youtube-videos"
            "/#step-1",
        ),
        (
            "ask-guest-share-recording",
            "/docs/template.media.open-source-spotlight."
            "oss-ask-the-guests-to-share-the-videos-with-their-networks/",
        ),
    ],
)
def test_the_run_page_opens_each_tasks_in_repo_doc_from_its_card(operator_client, run, ref, href):
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    task_id = task(run, ref).id
    path, _, step = href.partition("#")
    opened_from_task = f"{path}?from={task_id}" + (f"#{step}" if step else "")
    assert f'<a href="{opened_from_task}">Instructions: ' in card_html(page, task_id)
