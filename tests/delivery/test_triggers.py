"""Messages are queued in the transaction of their cause: changes people make and reminders
of the tick become webhook events and, for those who asked, immediate emails."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from opsdesk.delivery import events
from opsdesk.delivery.models import OutboxMessage, WebhookEndpoint
from opsdesk.delivery.passes import deliver
from opsdesk.delivery.prefs import update_prefs
from opsdesk.domain.delivery import WEBHOOK_EVENTS
from opsdesk.runs.services import completion
from opsdesk.schedule.claims import notify_failure
from opsdesk.schedule.tick import run_tick
from tests.conftest import start_oss

from .builders import admin, person, webhook

pytestmark = pytest.mark.django_db


def adhoc(api, description="Book the studio", day="2026-07-01", **extra) -> dict:
    status, task = api.post("/tasks", {"description": description, "date": day, **extra})
    assert status == 201, task
    return task


@pytest.fixture(autouse=True)
def no_digests(monkeypatch):
    """These tests are about immediate emails and webhooks. A pass run on a weekday after 08:00
    Berlin also queues the morning digest of everyone with work (test_digest.py covers it)."""
    monkeypatch.setattr("opsdesk.delivery.passes.queue_digests", lambda now: 0)


@pytest.fixture
def no_automatic_runs(settings, tmp_path):
    """No template files: the tick starts no automatic runs whose tasks would be late too."""
    settings.TEMPLATES_DIR = tmp_path


def wants(user, *kinds):
    update_prefs(user, digest=False, digest_hour=8, digest_days=[], immediate=list(kinds))


def test_completing_a_task_sends_a_readable_signed_event_to_the_chosen_webhook(api, receiver):
    webhook(receiver.url, events=["task.completed"])
    other = webhook(receiver.url, events=["run.started"])
    task = adhoc(api)

    status, _ = api.post(f"/tasks/{task['id']}/complete", {"comment": "Booked for 10:00"})
    deliver()

    assert status == 200
    [call] = receiver.received
    event = call.json
    assert (
        event["event"] == "task.completed" and call.headers["X-Opsdesk-Event"] == "task.completed"
    )
    assert event["text"] == (
        f"Task done by Operations-Manager: Book the studio — "
        f"http://127.0.0.1:8000/tasks/{task['id']}/"
    )
    assert (
        event["task"]["id"] == task["id"]
        and event["actor"]["email"] == "operations-manager@example.org"
    )
    assert not OutboxMessage.objects.filter(endpoint=other).exists()


def test_a_change_that_rolls_back_queues_nothing(api, operator, receiver):
    webhook(receiver.url, events=["task.completed"])
    task = adhoc(api)

    with pytest.raises(RuntimeError), transaction.atomic():
        completion.complete_task(operator, task_id=task["id"], comment="done", version=None)
        raise RuntimeError("the request failed after the change")

    assert OutboxMessage.objects.count() == 0


def test_starting_a_run_is_an_event(api, receiver, fast_setup):
    webhook(receiver.url, events=["run.started"])

    run = start_oss(api)
    deliver()

    [call] = receiver.received
    assert call.json["run"] == {
        "id": run["id"],
        "title": "ExampleDB - Pat",
        "stage": "preparation",
        "url": f"http://127.0.0.1:8000/workflows/{run['id']}/",
    }


def test_an_overdue_task_is_told_once_on_its_first_late_day_by_webhook_and_email(
    api, operator, receiver, mailoutbox, no_automatic_runs
):
    webhook(receiver.url, events=["task.overdue"])
    wants(operator, "task-overdue")
    task = adhoc(api, day="2026-07-01")

    for day in range(2, 12):
        run_tick(date(2026, 7, day))
        run_tick(date(2026, 7, day))
    deliver()

    assert [c.json["event"] for c in receiver.received] == ["task.overdue"]
    assert receiver.received[0].json["details"]["dueDate"] == "2026-07-01"
    [mail] = mailoutbox
    assert mail.subject == "Overdue: Book the studio" and mail.to == [operator.email]
    assert f"http://127.0.0.1:8000/tasks/{task['id']}/" in mail.body


def test_a_follow_up_due_is_an_event_and_an_email_for_its_assignee_only(
    api, operator, receiver, mailoutbox, no_automatic_runs
):
    webhook(receiver.url, events=["follow-up.due"])
    host = person("host")
    wants(host, "follow-up-due")
    wants(operator, "follow-up-due")
    task = adhoc(api, day="2026-07-10", assigneeId=host.id)
    status, _ = api.post(
        f"/tasks/{task['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-03", "note": "Asked by mail"},
    )
    assert status == 200

    run_tick(date(2026, 7, 3))
    deliver()

    assert [c.json["text"].split(" — ")[0] for c in receiver.received] == [
        "Follow-up due with Pat: Book the studio"
    ]
    assert [m.to for m in mailoutbox] == [[host.email]]


def test_assigning_a_task_emails_the_assignee_when_they_asked(api, mailoutbox):
    host, editor = person("host"), person("content-editor")
    wants(host, "assigned")
    task = adhoc(api)

    api.patch(f"/tasks/{task['id']}", {"version": task["version"], "assigneeId": host.id})
    status, _ = api.post(
        "/tasks", {"description": "Cut the trailer", "date": "2026-07-02", "assigneeId": editor.id}
    )
    deliver()

    assert status == 201
    [mail] = mailoutbox
    assert mail.to == [host.email]
    assert mail.subject == "Assigned to you: Book the studio"
    assert "Operations-Manager assigned a task to you" in mail.body


def test_automation_failures_are_emailed_to_admins_who_asked(mailoutbox):
    wants(admin(), "automation-failure")
    wants(person("operations-manager"))

    notify_failure("auto-run:newsletter:2026-07-01", "The newsletter template is invalid.")
    deliver()

    [mail] = mailoutbox
    assert mail.to == ["admin@example.org"]
    assert "The newsletter template is invalid." in mail.body


def test_stage_changes_waiting_and_gaps_are_events_and_done_is_also_run_done(
    api, receiver, fast_setup
):
    from opsdesk.delivery.events import audit_event_names
    from opsdesk.runs.models import AuditEvent

    webhook(receiver.url, events=["run.stage-changed", "task.waiting", "gap.reported"])
    run = start_oss(api)
    task = adhoc(api, description="Ask for the logo")

    status, answer = api.post(
        f"/bundles/{run['id']}/stage", {"stage": "after-event", "comment": "Published"}
    )
    assert status == 200, answer
    api.post(
        f"/tasks/{task['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-03", "note": "Asked by mail"},
    )
    api.post(f"/tasks/{task['id']}/process-gaps", {"description": "Which logo size?"})
    deliver()

    texts = [c.json["text"].split(" — ")[0] for c in receiver.received]
    assert texts == [
        "ExampleDB - Pat moved from preparation to after-event by Operations-Manager",
        "Waiting for Pat: Ask for the logo",
        "Process gap reported by Operations-Manager: Which logo size?",
    ]
    closing = AuditEvent(action="stage-change", before={"stage": "after-event"},
                         after={"stage": "done"})  # fmt: skip
    assert audit_event_names(closing) == ["run.stage-changed", "run.done"]


def test_the_quick_check_of_endpoints_finds_exactly_the_enabled_ones_that_chose_the_event():
    def rule(name):
        return [
            e.id for e in WebhookEndpoint.objects.order_by("id") if e.enabled and name in e.events
        ]

    def found():
        return {name: [e.id for e in events.subscribed(name)] for name in WEBHOOK_EVENTS}

    assert found() == {name: [] for name in WEBHOOK_EVENTS}  # no endpoint at all
    webhook("https://a.example.org/hook", events=["task.completed", "run.done"])
    webhook("https://b.example.org/hook", events=["run.started"])
    webhook("https://c.example.org/hook", events=["run.done", "gap.reported"])
    webhook("https://d.example.org/hook", events=["task.waiting"])
    WebhookEndpoint.objects.filter(url__startswith="https://b.").update(enabled=False)
    assert found() == {name: rule(name) for name in WEBHOOK_EVENTS}
    assert found()["run.done"] == rule("run.done") and len(rule("run.done")) == 2
    assert found()["run.started"] == []


def test_an_audited_write_with_no_endpoint_builds_no_endpoint_rows(api, monkeypatch):
    monkeypatch.setattr(
        WebhookEndpoint.objects, "filter", lambda *a, **k: pytest.fail("endpoints were loaded")
    )
    start_oss(api)  # audits run-started, a webhook event nobody chose
