"""The task list's filters, docs pages and search, content images, and notifications."""

from __future__ import annotations

import pytest
from django.test import override_settings

from opsdesk.runs.services.editing import create_adhoc_task
from opsdesk.runs.services.waiting import mark_waiting

from .builders import oss_run, task

pytestmark = pytest.mark.django_db
OUTREACH_SOP = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"


def listed(client, query: str) -> list[str]:
    return [t["description"] for t in client.get("/tasks/?" + query).context["tasks"]]


def test_the_task_list_filters_by_state_text_source_and_dates(operator_client, operator):
    run = oss_run(operator)
    mark_waiting(
        operator,
        task_id=task(run, "reach-out-tool-author").id,
        waiting_for="Pat",
        follow_up_at="2026-07-05",
        note="Invite",
    )
    create_adhoc_task(operator, description="Book the studio", date="2026-07-10")
    assert listed(operator_client, "state=waiting&asOf=2026-07-02") == [
        "Send the OSS invitation to the tool author"
    ]
    assert listed(operator_client, "q=timecodes") == [
        "Add timecodes and links to the YouTube video",
        "Ask the authors to review the timecodes and cuts and send their links",
    ]
    assert listed(operator_client, "source=manual") == ["Book the studio"]
    assert len(listed(operator_client, "from=2026-07-22&to=2026-07-22&template=oss")) == 2


def test_a_bad_filter_date_is_named_next_to_its_field(operator_client):
    page = operator_client.get("/tasks/?from=July").content.decode()
    assert 'id="f-from-error">from must be a date like 2026-07-22' in page


def test_a_standalone_task_has_a_page_of_its_own(operator_client, operator):
    adhoc = create_adhoc_task(operator, description="Renew the Zoom plan", date="2026-07-10")
    page = operator_client.get(f"/tasks/{adhoc.id}/").content.decode()
    assert "Renew the Zoom plan" in page and f'action="/tasks/{adhoc.id}/complete/"' in page
    assert operator_client.get("/tasks/9999/").status_code == 404


def test_a_doc_page_has_step_anchors_steps_and_related_docs(operator_client):
    page = operator_client.get(f"/docs/{OUTREACH_SOP}/").content.decode()
    assert '<div class="sop-step" id="step-1">' in page
    assert 'href="#step-1">Step 1: Find likely maintainers' in page
    assert 'href="/docs/task-template.tasks.oss/">' in page


def test_a_doc_alias_opens_the_doc_under_its_stable_id(operator_client):
    response = operator_client.get("/docs/oss-guest-outreach/")
    assert response.status_code == 302 and response["Location"] == f"/docs/{OUTREACH_SOP}/"


def test_an_unknown_doc_is_not_found_and_suggests_others(operator_client):
    response = operator_client.get("/docs/no-such-doc-about-timecodes/")
    assert response.status_code == 404
    assert "Did you mean" in response.content.decode()


def test_search_shows_highlighted_snippets_and_escapes_the_query(operator_client):
    page = operator_client.get("/search/?q=timecodes").content.decode()
    assert "<mark>" in page and "Add timecodes" in page
    hostile = operator_client.get("/search/?q=<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in hostile


def test_search_filters_by_kind(operator_client):
    hits = operator_client.get("/search/?q=youtube&type=template").context["hits"]
    assert hits and {h["docType"] for h in hits} == {"template"}


@pytest.fixture
def content_dir(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 16)
    (tmp_path / "media" / "notes.md").write_text("# secret")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "logo.png").write_bytes(b"\x89PNG")
    with override_settings(CONTENT_DIR=tmp_path):
        yield tmp_path


def test_content_images_are_served_with_nosniff(operator_client, content_dir):
    response = operator_client.get("/docs-assets/media/cover.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


@pytest.mark.parametrize(
    "path",
    ["media/notes.md", "../etc/passwd.png", "media/../../x.png", ".git/logo.png", "media/none.png"],
)
def test_content_assets_refuse_anything_but_images_inside_content(
    operator_client, content_dir, path
):
    assert operator_client.get(f"/docs-assets/{path}").status_code == 404


def test_the_notifications_page_renders_with_or_without_notifications(operator_client):
    response = operator_client.get("/notifications/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No notifications." in page or "not switched on" in page or "Dismiss" in page


def test_dismissing_a_notification_hides_it_and_leaves_its_task_alone(operator_client, operator):
    models = pytest.importorskip("opsdesk.schedule.models")
    if not hasattr(models, "Notification"):
        pytest.skip("the schedule app has no notifications in this checkout")
    run = oss_run(operator)
    invite = task(run, "reach-out-tool-author")
    mark_waiting(
        operator,
        task_id=invite.id,
        waiting_for="Pat",
        follow_up_at="2026-07-03",
        note="Invite sent",
    )
    before = list(type(invite).objects.filter(pk=invite.pk).values())
    note = models.Notification.objects.create(
        key="follow-up-due:test",
        type="follow-up-due",
        message="Follow up with Pat today",
        task=invite,
        run=run,
    )
    page = operator_client.get("/notifications/").content.decode()
    assert "Follow up with Pat today" in page
    assert f'href="/workflows/{run.id}/#task-{invite.id}"' in page
    assert "Follow up with Pat today" in operator_client.get("/").content.decode()
    response = operator_client.post(
        f"/notifications/{note.id}/dismiss/", {"back": "/notifications/"}, follow=True
    )
    assert "Dismissed. The task it was about is unchanged." in response.content.decode()
    unread, history = response.content.decode().split('id="history"')
    assert "Follow up with Pat today" not in unread
    assert "Follow up with Pat today" in history  # kept in the history, marked dismissed
    assert list(type(invite).objects.filter(pk=invite.pk).values()) == before


def test_a_doc_opened_from_a_task_offers_the_way_back_and_keeps_ids_in_a_details_line(
    operator_client,
):
    doc = "/docs/sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests/"
    page = operator_client.get(doc + "?from=12").content.decode()
    assert '<a class="btn btn-small" href="/tasks/12/">← Back to the task</a>' in page
    details = page[page.index('<details class="muted small doc-ids"') :]
    assert "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests" in details
    plain = operator_client.get(doc).content.decode()
    assert "Back to the task" not in plain
