"""The library and starting a run; the dashboard's lists, scope and previewed day."""

from __future__ import annotations

import pytest

from opsdesk.runs.models import Run
from opsdesk.runs.services.waiting import mark_waiting
from tests.conftest import make_user
from tests.refusals import refused_page

from .builders import oss_run, task

pytestmark = pytest.mark.django_db
START = "/workflows/start/oss/"


def test_the_library_shows_the_oss_card_with_its_trigger_tasks_and_links(operator_client):
    page = operator_client.get("/workflows/library/").content.decode()
    card = page[page.index('id="template-oss"') :]
    card = card[: card.index("</li>")]
    for text in (
        "Open-Source Spotlight",
        "When a tool is picked",
        "<dd>14</dd>",
        "Guest email*",
        "YouTube*",
        "OSS playlist, Social announcement</dd>",
        f'href="{START}"',
    ):
        assert text in card


def test_the_start_page_previews_fourteen_dated_tasks_before_creating(operator_client):
    page = operator_client.get(
        START + "?preview=1&anchorDate=2026-07-22&anchorTime=17:00&var-tool=ExampleDB"
        "&var-author=Pat"
    ).content.decode()
    assert "ExampleDB - Pat: 14 tasks, Wed 1 Jul to Fri 24 Jul" in page
    assert page.count("<tr><td>") == 14
    assert "Create “ExampleDB - Pat”" in page
    assert Run.objects.count() == 0


def test_a_bad_anchor_date_is_named_next_to_its_field_and_nothing_starts(operator_client):
    page = operator_client.get(START + "?preview=1&anchorDate=22/07/2026&var-tool=A&var-author=B")
    assert 'id="anchor-date-error">anchorDate must be a date like 2026-07-22' in (
        page.content.decode()
    )
    page = refused_page(
        operator_client,
        START + "run/",
        {"anchorDate": "2026-02-30", "var-tool": "A", "var-author": "B"},
        lands_on=START + "#start",
    )
    assert 'id="anchor-date-error">' in page and "is not a real calendar date" in page
    assert 'value="2026-02-30"' in page and 'value="B"' in page
    assert Run.objects.count() == 0


def test_a_missing_variable_is_refused_and_nothing_starts(operator_client):
    page = refused_page(
        operator_client,
        START + "run/",
        {"anchorDate": "2026-07-22", "var-tool": "A"},
        lands_on=START + "#start",
    )
    assert "Missing required variables: author." in page
    assert 'value="2026-07-22"' in page
    assert Run.objects.count() == 0


def test_starting_creates_the_run_and_opens_it(operator_client):
    response = operator_client.post(
        START + "run/",
        {
            "anchorDate": "2026-07-22",
            "anchorTime": "17:00",
            "var-tool": "ExampleDB",
            "var-author": "Pat",
        },
    )
    run = Run.objects.get()
    assert response["Location"] == f"/workflows/{run.id}/"
    assert run.title == "ExampleDB - Pat" and run.tasks.count() == 14


def test_an_unknown_template_is_not_found(operator_client):
    response = operator_client.get("/workflows/start/nope/")
    assert response.status_code == 404
    assert "Unknown template type" in response.content.decode()


def test_an_empty_dashboard_says_what_is_clear(operator_client):
    page = operator_client.get("/").content.decode()
    for sentence in (
        "Nothing is late.",
        "No follow-ups due.",
        "Nobody is being waited on.",
        "No workflow is at risk.",
        "No active workflows.",
    ):
        assert sentence in page


def test_a_waiting_task_moves_from_waiting_to_follow_ups_due_on_its_date(operator_client, operator):
    run = oss_run(operator)
    mark_waiting(
        operator,
        task_id=task(run, "reach-out-tool-author").id,
        waiting_for="Pat",
        follow_up_at="2026-07-03",
        note="Invite",
    )
    before = operator_client.get("/?asOf=2026-07-02").context
    assert [t["description"] for t in before["board"]["waiting"]] == [
        "Send the OSS invitation to the tool author"
    ]
    on_the_day = operator_client.get("/?asOf=2026-07-03")
    page = on_the_day.content.decode()
    due = page[page.index('id="sec-followUpsDue"') : page.index('id="sec-today"')]
    assert "Send the OSS invitation to the tool author" in due
    assert 'follow up Fri 3 Jul <span class="hint">(today)</span>' in due
    assert "Previewing <strong>Fri 3 Jul 2026</strong>" in page


def test_mine_hides_others_tasks_and_everyone_shows_them(operator_client, operator):
    run = oss_run(operator)
    other = make_user("host", "hana@example.org")
    run.tasks.filter(template_ref="reach-out-github-authors").update(assignee=other)
    mine = operator_client.get("/?asOf=2026-07-02")
    everyone = operator_client.get("/?asOf=2026-07-02&scope=all")
    outreach = "Find the tool's maintainers and start outreach from GitHub or its community"
    assert outreach not in [t["description"] for t in mine.context["board"]["overdue"]]
    assert outreach in [t["description"] for t in everyone.context["board"]["overdue"]]
    assert "Show everyone's" in mine.content.decode()
    assert "Show mine and unassigned" in everyone.content.decode()


def test_a_bad_as_of_date_is_explained_and_today_is_shown(operator_client):
    page = operator_client.get("/?asOf=tomorrow").content.decode()
    assert "asOf must be a date like 2026-07-22, got &#x27;tomorrow&#x27;." in page


def test_a_quick_task_needs_a_description_and_a_real_date(operator_client):
    refused = refused_page(
        operator_client,
        "/tasks/new/",
        {"back": "/", "description": "", "date": "x"},
        lands_on="/#new-task",
    )
    assert "A task needs a description." in refused
    added = operator_client.post(
        "/tasks/new/",
        {"back": "/?asOf=2026-07-02", "description": "Book the studio", "date": "2026-07-02"},
    )
    assert added.status_code == 302
    page = operator_client.get("/?asOf=2026-07-02").content.decode()
    today = page[page.index('id="sec-today"') : page.index('id="sec-waiting"')]
    assert "Book the studio" in today


def test_a_dashboard_row_opens_to_the_proof_it_needs_and_complete(operator_client, operator):
    run = oss_run(operator)
    page = operator_client.get("/?asOf=2026-07-09").content.decode()
    draft = task(run, "download-upload-youtube")
    row = page[page.index(f'id="task-{draft.id}"') :]
    row = row[: row.index("</li>")]
    form = row[row.index(f'action="/tasks/{draft.id}/complete/"') :]
    assert f'<label for="l{draft.id}-link">YouTube link</label>' in form
    assert f'formaction="/tasks/{draft.id}/waiting/"' in form
    assert f'formaction="/tasks/{draft.id}/skip/"' in form
    assert "Add the YouTube link first" in row


def test_a_refused_quick_action_comes_back_on_the_dashboard_row(operator_client, operator):
    run = oss_run(operator)
    draft = task(run, "download-upload-youtube")
    page = refused_page(
        operator_client,
        f"/tasks/{draft.id}/complete/",
        {"back": "/?asOf=2026-07-09", "link": "javascript:alert(1)", "version": draft.version},
        lands_on=f"/?asOf=2026-07-09#task-{draft.id}",
    )
    row = page[page.index(f'id="task-{draft.id}"') :]
    row = row[: row.index("</li>")]
    assert f'id="err-{draft.id}"' in row and '<details class="line-box" open>' in row
    assert 'value="javascript:alert(1)"' in row  # what was typed comes back
    assert "Previewing <strong>Thu 9 Jul 2026</strong>" in page
    assert task(run, "download-upload-youtube").link == ""
