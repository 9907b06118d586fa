"""Recurring configs over HTTP, and the task list filters that find what they generated."""

from __future__ import annotations

import pytest

from opsdesk.runs.models import AuditEvent, Task
from opsdesk.schedule.models import RecurringConfig
from tests.conftest import start_oss

from .builders import tick

NEWSLETTER_BACKUP = {
    "description": "Back up the mailing list",
    "cron": "0 8 * * 3",
    "timezone": "Europe/Berlin",
    "startsOn": "2026-07-01",
    "proof": [{"type": "file", "label": "Backup export"}],
}


def test_recurring_work_is_created_and_described_in_words(api, operator):
    status, body = api.post("/recurring", NEWSLETTER_BACKUP)

    assert status == 201
    assert body["schedule"] == "Every Wednesday at 08:00"
    assert (body["ownerId"], body["enabled"], body["leadDays"]) == (operator.id, True, 0)
    assert body["nextGeneration"].endswith("T08:00")
    assert (body["lastGeneration"], body["generated"], body["duplicatesSkipped"]) == (None, 0, 0)
    _, listed = api.get("/recurring")
    assert [c["id"] for c in listed["recurring"]] == [body["id"]]
    _, one = api.get(f"/recurring/{body['id']}")
    assert one == body


def test_a_generated_task_shows_as_the_last_generation(api):
    _, config = api.post("/recurring", NEWSLETTER_BACKUP)
    tick("2026-07-01")

    _, body = api.get(f"/recurring/{config['id']}")

    assert (body["lastGeneration"], body["generated"]) == ("2026-07-01T08:00", 1)


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"cron": "0 9 30 2 *"}, 422, "cron"),
        ({"cron": "*/10 * * * *"}, 422, "cron"),
        ({"cron": "every monday"}, 422, "cron"),
        ({"timezone": "Mars/Olympus"}, 422, "timezone"),
        ({"startsOn": "2026-02-30"}, 422, "startsOn"),
        ({"leadDays": 400}, 422, "leadDays"),
        ({"instructionsDocId": "sop.no-such-doc"}, 422, "instructionsDocId"),
        ({"proof": [{"type": "selfie", "label": "Me"}]}, 422, "proof"),
        ({"proof": [{"type": "url", "label": " "}]}, 422, "proof"),
        ({"description": "  "}, 422, "description"),
        ({"ownerId": 9999}, 404, "ownerId"),
    ],
)
def test_bad_recurring_work_is_refused_and_nothing_is_stored(api, change, status, field):
    answer, body = api.post("/recurring", NEWSLETTER_BACKUP | change)

    assert answer == status
    assert body["field"] == field and body["message"]
    assert RecurringConfig.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="recurring").exists()


def test_unknown_fields_are_refused(api):
    status, body = api.post("/recurring", NEWSLETTER_BACKUP | {"colour": "blue"})

    assert (status, body["error"]) == (422, "invalid-input")
    assert RecurringConfig.objects.count() == 0


def test_a_viewer_reads_recurring_work_but_cannot_change_it(api, viewer_api):
    _, config = api.post("/recurring", NEWSLETTER_BACKUP)
    url = f"/recurring/{config['id']}"

    assert viewer_api.get(url)[0] == 200
    assert viewer_api.post("/recurring", NEWSLETTER_BACKUP)[0] == 403
    assert viewer_api.patch(url, {"enabled": False})[0] == 403
    assert viewer_api.client.delete(f"/api{url}").status_code == 403
    assert api.get(url)[1] == config


def test_changing_the_schedule_is_versioned_and_audited(api):
    _, config = api.post("/recurring", NEWSLETTER_BACKUP)
    url = f"/recurring/{config['id']}"

    status, changed = api.patch(url, {"cron": "0 9 * * 1-5", "version": config["version"]})
    stale, refused = api.patch(url, {"enabled": False, "version": config["version"]})
    bad, _ = api.patch(url, {"cron": "0 25 * * *"})

    assert (status, changed["schedule"]) == (200, "Every weekday (Monday to Friday) at 09:00")
    assert (stale, refused["error"], bad) == (409, "stale-version", 422)
    _, now = api.get(url)
    assert (now["cron"], now["enabled"], now["version"]) == ("0 9 * * 1-5", True, 2)
    event = AuditEvent.objects.get(action="recurring-changed")
    assert (event.before["cron"], event.after["cron"]) == ("0 8 * * 3", "0 9 * * 1-5")
    # A new schedule applies from now on: it never back-fills the past.
    assert event.after["activeFrom"] > event.before["activeFrom"]


def test_deleting_recurring_work_keeps_the_tasks_it_made(api):
    _, config = api.post("/recurring", NEWSLETTER_BACKUP)
    tick("2026-07-01")

    status = api.client.delete(f"/api/recurring/{config['id']}").status_code

    assert status == 204
    assert api.get(f"/recurring/{config['id']}")[0] == 404
    assert Task.objects.filter(source="recurring").count() == 1
    tick("2026-07-08")
    assert Task.objects.filter(source="recurring").count() == 1


def test_the_task_list_filters_by_source_date_status_bundle_and_assignee(api, with_oss, operator):
    run = start_oss(api, anchor="2026-07-22")
    api.post("/recurring", NEWSLETTER_BACKUP)
    tick("2026-07-01")
    tick("2026-07-08")

    def ids(query):
        status, body = api.get(f"/tasks?{query}")
        assert status == 200, body
        return [t["id"] for t in body["tasks"]]

    recurring = list(Task.objects.filter(source="recurring").order_by("due_date"))
    assert ids("source=recurring") == [t.id for t in recurring]
    assert ids("source=recurring&date=2026-07-08") == [recurring[1].id]
    assert ids("assignee=me") == [t.id for t in recurring]
    assert len(ids(f"bundleId={run['id']}")) == 14
    assert ids(f"bundleId={run['id']}&date=2026-07-01") == [run["tasks"][0]["id"]]
    assert ids("status=done") == []
    _, body = api.get("/tasks?source=recurring&asOf=2026-07-09")
    assert [t["state"] for t in body["tasks"]] == ["overdue", "overdue"]
    for query in ("status=finished", "source=email", "date=yesterday", "assignee=boss"):
        status, body = api.get(f"/tasks?{query}")
        assert (status, body["error"]) == (422, "invalid-input"), query
