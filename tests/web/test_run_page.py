"""The run page: proof-gated completion, waiting and follow-ups, links, stage, skip and reopen."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.runs.models import Run, Task
from tests.refusals import refused_page

from .builders import form, oss_run, snapshot, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(operator):
    return oss_run(operator)


def card_html(page: str, task_id: int) -> str:
    """The HTML of one task's card on a page."""
    start = page.index(f'id="task-{task_id}"')
    return page[start : page.index("</article>", start)]


def test_the_run_page_shows_header_phases_links_and_instructions(operator_client, run):
    page = operator_client.get(f"/workflows/{run.id}/?asOf=2026-07-09").content.decode()
    assert "Stage: Preparation" in page
    assert "Wed 22 Jul 2026 17:00" in page
    assert "At risk: overdue work, missing evidence" in page
    for phase in ("Lead selection and author outreach", "Guest sharing and social announcement"):
        assert phase in page
    assert re.search(
        r"Guest email <span class=\"req\">required</span> <span class=\"tag-missing\">"
        r"missing</span>",
        page,
    )
    outreach = card_html(page, task(run, "reach-out-github-authors").id)
    assert "Wed 1 Jul" in outreach and "8 days late" in outreach
    outreach_id = task(run, "reach-out-github-authors").id
    assert (
        'href="/docs/sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests'
        f'/?from={outreach_id}#step-1"'
    ) in outreach
    assert "Add the Tool GitHub link first" in outreach


def test_the_publication_notice_opens_its_section_of_the_message_template(operator_client, run):
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    notice = card_html(page, task(run, "tell-author-publish-date").id)
    notice_id = task(run, "tell-author-publish-date").id
    assert (
        'href="/docs/template.media.open-source-spotlight.oss-asking-for-revisions-and-links'
        f'/?from={notice_id}#section-publication-date"'
    ) in notice
    assert "Publication-date notice</a>" in notice


def test_completing_without_the_youtube_link_is_refused_beside_that_task(operator_client, run):
    draft = task(run, "download-upload-youtube")
    before = snapshot(run)
    back = f"/workflows/{run.id}/?asOf=2026-07-09"
    page = refused_page(
        operator_client,
        f"/tasks/{draft.id}/complete/",
        form(back, link="", comment=""),
        lands_on=f"{back}#task-{draft.id}",
    )
    card = card_html(page, draft.id)
    assert '<p class="error" role="alert"' in card and "Add the YouTube link first." in card
    assert snapshot(run) == before


def test_completing_with_the_link_fills_the_slot_and_returns_to_the_task(operator_client, run):
    draft = task(run, "download-upload-youtube")
    back = f"/workflows/{run.id}/?asOf=2026-07-09"
    response = operator_client.post(
        f"/tasks/{draft.id}/complete/",
        form(back, link="https://youtu.be/abc123", comment="", version=str(draft.version)),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{back}#task-{draft.id}"
    assert task(run, "download-upload-youtube").status == "done"
    assert run.slots.get(name="YouTube").url == "https://youtu.be/abc123"
    page = operator_client.get(back).content.decode()
    assert "Completed “Download the Zoom recording and upload it as a YouTube draft”." in page


def test_publication_moves_the_run_to_after_event_and_says_so(operator_client, run):
    run.slots.filter(name="YouTube").update(url="https://youtu.be/abc123")
    publish = task(run, "schedule-youtube-video")
    response = operator_client.post(
        f"/tasks/{publish.id}/complete/",
        form(f"/workflows/{run.id}/", externalStatus="Scheduled for Wed 22 Jul 17:00"),
        follow=True,
    )
    page = response.content.decode()
    assert "The workflow moved to after event." in page
    assert "Stage: After event" in page
    assert Run.objects.get(pk=run.pk).stage == "after-event"
    assert task(run, "schedule-social-media").status == "todo"


def test_waiting_without_a_follow_up_date_names_what_is_missing(operator_client, run):
    invite = task(run, "reach-out-tool-author")
    before = snapshot(run)
    page = refused_page(
        operator_client,
        f"/tasks/{invite.id}/waiting/",
        form(f"/workflows/{run.id}/", waitingFor="Pat", followUpAt="", note="Invite sent"),
        lands_on=f"/workflows/{run.id}/#task-{invite.id}",
    )
    card = card_html(page, invite.id)
    assert "To mark a task waiting, give followUpAt." in card
    assert '<details class="pop" open>' in card
    assert 'value="Pat"' in card
    assert snapshot(run) == before


def test_a_waiting_task_can_be_followed_up_snoozed_and_answered(operator_client, run):
    invite = task(run, "reach-out-tool-author")
    url = f"/tasks/{invite.id}/"
    back = f"/workflows/{run.id}/"
    operator_client.post(
        url + "waiting/", form(back, waitingFor="Pat", followUpAt="2026-07-03", note="Invite sent")
    )
    operator_client.post(
        url + "follow-up/", form(back, channel="email", note="Nudged", nextFollowUpAt="2026-07-06")
    )
    assert str(Task.objects.get(pk=invite.id).follow_up_at) == "2026-07-06"
    operator_client.post(url + "snooze/", form(back, followUpAt="2026-07-08", reason="Away"))
    assert str(Task.objects.get(pk=invite.id).follow_up_at) == "2026-07-08"
    operator_client.post(url + "response/", form(back))
    assert Task.objects.get(pk=invite.id).status == "todo"
    history = card_html(operator_client.get(back).content.decode(), invite.id)
    for line in ("Marked waiting", "Follow-up sent", "Follow-up snoozed", "Response received"):
        assert line in history


def test_a_javascript_link_in_a_slot_is_refused_and_the_slot_stays_empty(operator_client, run):
    before = snapshot(run)
    page = refused_page(
        operator_client,
        f"/workflows/{run.id}/links/",
        form(f"/workflows/{run.id}/", name="YouTube", url="javascript:alert(1)"),
        lands_on=f"/workflows/{run.id}/#links",
    )
    assert 'value="javascript:alert(1)"' in page
    slot_error = re.search(r'id="slot-\d+-error">([^<]+)<', page)
    assert slot_error and "YouTube" in slot_error.group(1)
    assert snapshot(run) == before


def test_a_slot_saved_inline_pre_fills_the_tasks_that_need_it(operator_client, run):
    operator_client.post(
        f"/workflows/{run.id}/links/",
        form(f"/workflows/{run.id}/", name="YouTube", url="https://youtu.be/abc123"),
    )
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    publish = card_html(page, task(run, "schedule-youtube-video").id)
    assert 'value="https://youtu.be/abc123"' in publish
    assert "(from the workflow's links)" in publish


def test_a_stage_change_without_a_comment_is_refused(operator_client, run):
    before = snapshot(run)
    page = refused_page(
        operator_client,
        f"/workflows/{run.id}/stage/",
        form(f"/workflows/{run.id}/", stage="after-event"),
        lands_on=f"/workflows/{run.id}/#stage",
    )
    assert "Say why the stage changes (comment)." in page
    assert '<option value="after-event" selected>' in page
    assert snapshot(run) == before
    operator_client.post(
        f"/workflows/{run.id}/stage/",
        form(f"/workflows/{run.id}/", stage="after-event", comment="Recorded early"),
    )
    assert Run.objects.get(pk=run.pk).stage == "after-event"


def test_skip_needs_a_reason_and_reopen_brings_the_task_back(operator_client, run):
    share = task(run, "ask-guest-share-recording")
    url, back = f"/tasks/{share.id}/", f"/workflows/{run.id}/"
    refused = refused_page(
        operator_client, url + "skip/", form(back, reason=""), lands_on=f"{back}#task-{share.id}"
    )
    assert "Give a reason to skip this task." in card_html(refused, share.id)
    operator_client.post(url + "skip/", form(back, reason="Guest asked not to"))
    assert Task.objects.get(pk=share.id).status == "skipped"
    operator_client.post(url + "reopen/", form(back))
    assert Task.objects.get(pk=share.id).status == "todo"


def test_a_stale_form_is_refused_instead_of_overwriting_newer_work(operator_client, run):
    draft = task(run, "download-upload-youtube")
    operator_client.post(
        f"/tasks/{draft.id}/save/",
        form(f"/workflows/{run.id}/", comment="first", version=str(draft.version)),
    )
    before = snapshot(run)
    page = refused_page(
        operator_client,
        f"/tasks/{draft.id}/save/",
        form(f"/workflows/{run.id}/", comment="second", version=str(draft.version)),
        lands_on=f"/workflows/{run.id}/#task-{draft.id}",
    )
    assert "reload and try again" in card_html(page, draft.id)
    assert snapshot(run) == before


def test_a_file_attached_on_the_page_is_listed_on_its_task(operator_client, run):
    draft = task(run, "download-upload-youtube")
    upload = SimpleUploadedFile("cut-notes.txt", b"take 2 at 03:10", "text/plain")
    response = operator_client.post(
        f"/tasks/{draft.id}/file/", {"back": f"/workflows/{run.id}/", "file": upload}
    )
    assert response.status_code == 302
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    assert "cut-notes.txt" in card_html(page, draft.id)


def test_a_back_field_pointing_at_another_site_is_ignored(operator_client, run):
    draft = task(run, "download-upload-youtube")
    response = operator_client.post(
        f"/tasks/{draft.id}/save/", {"back": "https://evil.example/", "comment": "x"}
    )
    assert response["Location"] == f"/workflows/{run.id}/#task-{draft.id}"


def test_an_unknown_run_or_action_is_not_found(operator_client, run):
    assert operator_client.get("/workflows/999/").status_code == 404
    assert operator_client.post(f"/tasks/{task(run, 'record-demo').id}/explode/").status_code == 404


def test_archiving_takes_the_run_off_the_dashboard(operator_client, run):
    operator_client.post(
        f"/workflows/{run.id}/archive/", form(f"/workflows/{run.id}/", archived="1")
    )
    assert "Archived" in operator_client.get(f"/workflows/{run.id}/").content.decode()
    dashboard = operator_client.get("/?asOf=2026-07-09").content.decode()
    assert "ExampleDB - Pat" not in dashboard


def test_a_refused_completion_lands_on_the_run_page_and_shows_its_message_once(
    operator_client, run
):
    draft = task(run, "download-upload-youtube")
    back = f"/workflows/{run.id}/"
    response = operator_client.post(f"/tasks/{draft.id}/complete/", form(back, comment="cut 2"))
    # See-other to the page: the address bar shows the run, and a reload is a GET, not a post.
    assert response.status_code == 302
    assert response["Location"] == f"{back}#task-{draft.id}"
    alert = '<p class="error" role="alert"'
    first = card_html(operator_client.get(back).content.decode(), draft.id)
    assert alert in first and "Add the YouTube link first." in first and ">cut 2<" in first
    again = card_html(operator_client.get(back).content.decode(), draft.id)
    assert alert not in again and ">cut 2<" not in again
    assert task(run, "download-upload-youtube").status == "todo"


def test_an_action_on_a_task_that_does_not_exist_is_a_plain_404(operator_client, run):
    response = operator_client.post("/tasks/999999/complete/", form(f"/workflows/{run.id}/"))
    assert response.status_code == 404
    assert "No task with id 999999." in response.content.decode()


def test_a_kept_refusal_is_shown_only_by_the_page_it_was_kept_for(operator_client, run):
    draft = task(run, "download-upload-youtube")
    back = f"/workflows/{run.id}/"
    operator_client.post(f"/tasks/{draft.id}/complete/", form(back, comment="cut 2"))
    assert f'id="err-{draft.id}"' not in operator_client.get("/").content.decode()
    page = card_html(operator_client.get(back).content.decode(), draft.id)
    assert '<p class="error" role="alert"' in page and "Add the YouTube link first." in page


def test_the_run_page_reads_its_run_once(operator_client, run):
    # The template-update banner reuses the run the detail read (with its template's hash).
    operator_client.get(f"/workflows/{run.id}/")
    with CaptureQueriesContext(connection) as captured:
        assert operator_client.get(f"/workflows/{run.id}/").status_code == 200
    run_reads = [
        q["sql"]
        for q in captured
        if q["sql"].startswith("SELECT") and 'FROM "runs_run"' in q["sql"]
    ]
    assert len(run_reads) == 1, run_reads
    assert '"runs_workflowtemplate"."definition"' not in run_reads[0]


def test_a_run_asked_to_close_shows_what_still_blocks_it_open(operator_client, run):
    Run.objects.filter(pk=run.pk).update(closure_requested=True)
    share = task(run, "ask-guest-share-recording")

    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    start = page.index('<details class="blockers"')
    blockers = page[start : page.index("</details>", start)]

    assert blockers.startswith('<details class="blockers" open>')
    assert re.search(r"<summary>Closing is waiting on (\d+) items</summary>", blockers)
    assert f'<a href="#task-{share.id}">{share.description}</a> <span class="muted">(to do)' in (
        blockers
    )
    assert '<a href="#links">YouTube link</a> <span class="muted">(empty)</span>' in blockers
