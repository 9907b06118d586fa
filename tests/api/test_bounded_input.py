"""Values no calendar, feed or database column can hold are refused at the API's door: a 422
in the API's JSON error shape that names the field, with nothing written."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.runs.models import AuditEvent, Run, Task
from tests.conftest import start_oss, task_by_ref

HUGE = "99999999999999999999999"


def _refused(status: int, body: dict, field: str) -> None:
    assert status == 422, body
    assert body["error"] == "invalid-input"
    assert body["field"] == field
    assert field.split(".")[0] in body["message"]


def _written() -> tuple:
    return Task.objects.count(), Run.objects.count(), AuditEvent.objects.count()


def _feed(api) -> str:
    _, body = api.get("/calendar-feed")
    return body["url"].split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2101-01-01", "1999-12-31"])
def test_a_task_dated_beyond_the_calendar_range_is_refused_and_every_feed_still_answers(
    api, operator, day
):
    before = _written()

    status, body = api.post("/tasks", {"description": "Far away", "date": day})

    _refused(status, body, "date")
    assert "2000-01-01" in body["message"] and "2100-12-31" in body["message"]
    assert _written() == before
    assert Client().get("/" + _feed(api)).status_code == 200


def test_the_first_and_last_days_of_the_range_are_accepted(api):
    for day in ("2000-01-01", "2100-12-31"):
        status, task = api.post("/tasks", {"description": "Edge", "date": day})
        assert status == 201 and task["date"] == day


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("waiting", {"waitingFor": "Pat", "followUpAt": "9999-12-31", "note": "n"}, "followUpAt"),
        ("follow-ups", {"channel": "mail", "note": "n", "nextFollowUpAt": "9999-12-31"}, None),
        ("snooze", {"followUpAt": "0001-01-01", "reason": "later"}, "followUpAt"),
    ],
)
def test_a_follow_up_date_beyond_the_range_is_refused_and_the_task_is_unchanged(
    api, path, body, field
):
    run = start_oss(api)
    task = task_by_ref(run, "reach-out-tool-author")
    if path != "waiting":
        waiting = {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "sent"}
        assert api.post(f"/tasks/{task['id']}/waiting", waiting)[0] == 200
    _, before = api.get(f"/tasks/{task['id']}")

    status, error = api.post(f"/tasks/{task['id']}/{path}", body)

    _refused(status, error, field or "nextFollowUpAt")
    assert api.get(f"/tasks/{task['id']}")[1] == before


def test_editing_a_due_date_beyond_the_range_is_refused(api):
    task = task_by_ref(start_oss(api), "record-demo")

    status, error = api.patch(f"/tasks/{task['id']}", {"version": 1, "date": "9999-12-31"})

    _refused(status, error, "date")
    assert api.get(f"/tasks/{task['id']}")[1]["date"] == task["date"]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("path", ["/dashboard", "/bundles", "/tasks", "/review"])
def test_previewing_a_day_beyond_the_range_is_refused_naming_as_of(api, path, day):
    status, error = api.get(f"{path}?asOf={day}")

    _refused(status, error, "asOf")


@pytest.mark.parametrize("query", [f"bundleId={HUGE}", f"assignee={HUGE}", "assignee=%C2%B2"])
def test_a_task_filter_beyond_the_database_range_is_a_json_422(operator, query):
    client = Client(raise_request_exception=False)
    client.force_login(operator)

    response = client.get(f"/api/tasks?{query}")

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["field"] == query.split("=")[0]


@pytest.mark.parametrize(
    "body",
    [
        {"description": "x", "date": "2026-07-22", "bundleId": int(HUGE)},
        {"description": "x", "date": "2026-07-22", "assigneeId": int(HUGE)},
    ],
)
def test_an_id_beyond_the_database_range_in_a_body_is_refused(api, body):
    before = _written()

    status, error = api.post("/tasks", body)

    _refused(status, error, next(k for k in body if k.endswith("Id")))
    assert _written() == before


def test_a_run_variable_with_a_nul_is_refused_naming_the_variable(api):
    body = {
        "type": "oss",
        "anchorDate": "2026-07-22",
        "variables": {"tool": "a\x00b", "author": "P"},
    }

    status, error = api.post("/bundles", body)

    _refused(status, error, "variables")
    assert "variables.tool" in error["message"] and "U+0000" in error["message"]
    assert Run.objects.count() == 0


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "esc\x1b[31m"])
def test_control_characters_in_any_text_field_are_refused_naming_it(api, text):
    task = task_by_ref(start_oss(api), "record-demo")

    status, error = api.post(f"/tasks/{task['id']}/complete", {"comment": text})

    _refused(status, error, "comment")
    assert api.get(f"/tasks/{task['id']}")[1]["status"] == "todo"


def test_tabs_and_line_breaks_are_ordinary_text(api):
    task = task_by_ref(start_oss(api), "record-demo")

    status, done = api.post(f"/tasks/{task['id']}/complete", {"comment": "Owner:\tPat\r\nDone"})

    assert status == 200 and done["comment"] == "Owner:\tPat\r\nDone"
