"""Notifications over HTTP: each derived state once, and dismissing never changes a task."""

from __future__ import annotations

import pytest

from opsdesk.schedule.models import Notification
from tests.conftest import start_oss, task_by_ref

from .builders import tick


@pytest.fixture
def oss_run(api, with_oss):
    return start_oss(api, anchor="2026-07-22")


def notes(api, query: str = "") -> list[dict]:
    status, body = api.get(f"/notifications{query}")
    assert status == 200
    return body["notifications"]


def about(api, task_id: int, type_: str) -> list[dict]:
    return [n for n in notes(api, f"?type={type_}") if n["taskId"] == task_id]


def test_each_state_of_the_day_is_notified_once_and_a_second_pass_adds_nothing(api, oss_run):
    first = task_by_ref(oss_run, "reach-out-github-authors")  # due 2026-07-01

    tick("2026-07-01")
    tick("2026-07-01")

    # From its due day on, the task's own proof and the link slot it fills are missing.
    found = sorted((n["type"], n["taskId"]) for n in notes(api))
    assert found == [
        ("missing-evidence", first["id"]),  # its Tool GitHub link slot
        ("missing-evidence", first["id"]),  # the task's own proof
        ("task-due", first["id"]),
    ]
    due = about(api, first["id"], "task-due")[0]
    assert set(due) >= {"id", "type", "message", "taskId", "bundleId", "createdAt", "dismissed"}
    assert due["bundleId"] == oss_run["id"] and due["dismissed"] is False
    assert "ExampleDB - Pat" in due["message"]


def test_late_work_is_notified_after_one_three_and_seven_days(api, oss_run):
    first = task_by_ref(oss_run, "reach-out-github-authors")

    for day in range(1, 10):
        tick(f"2026-07-{day:02d}")

    overdue = sorted(about(api, first["id"], "task-overdue"), key=lambda n: n["id"])
    assert [n["severity"] for n in overdue] == ["late", "serious", "critical"]
    assert [n["message"].split(":")[0] for n in overdue] == [
        "Overdue 1 day (late)",
        "Overdue 3 days (serious)",
        "Overdue 7 days (critical)",
    ]


def test_a_waiting_task_comes_back_once_as_follow_up_due_on_its_date(api, oss_run):
    second = task_by_ref(oss_run, "reach-out-tool-author")
    api.post(
        f"/tasks/{second['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "Invite sent"},
    )

    tick("2026-07-04")
    assert about(api, second["id"], "follow-up-due") == []
    tick("2026-07-05")
    tick("2026-07-06")

    [follow_up] = about(api, second["id"], "follow-up-due")
    assert follow_up["message"].startswith("Follow up with Pat:")


def test_a_stage_change_is_announced_once(api, oss_run):
    status, _ = api.post(
        f"/bundles/{oss_run['id']}/stage", {"stage": "after-event", "comment": "Published early"}
    )
    assert status == 200

    tick("2026-06-20")
    tick("2026-06-21")

    [change] = notes(api, "?type=stage-change")
    assert change["bundleId"] == oss_run["id"]
    assert change["message"] == (
        "ExampleDB - Pat moved from preparation to after-event: Published early"
    )


def test_dismissing_changes_no_task_and_hides_nothing_from_the_dashboard(api, oss_run):
    first = task_by_ref(oss_run, "reach-out-github-authors")
    tick("2026-07-01")
    [due] = about(api, first["id"], "task-due")
    _, before = api.get(f"/tasks/{first['id']}?asOf=2026-07-01")

    status, dismissed = api.post(f"/notifications/{due['id']}/dismiss")
    again, _ = api.post(f"/notifications/{due['id']}/dismiss")

    assert (status, again, dismissed["dismissed"]) == (200, 200, True)
    _, after = api.get(f"/tasks/{first['id']}?asOf=2026-07-01")
    assert after == before
    _, board = api.get("/dashboard?scope=all&asOf=2026-07-01")
    assert first["id"] in [t["id"] for t in board["today"]]
    assert due["id"] not in [n["id"] for n in notes(api, "?undismissed=true")]
    assert due["id"] in [n["id"] for n in notes(api)]


def test_a_viewer_reads_notifications_but_cannot_dismiss_them(api, viewer_api, oss_run):
    tick("2026-07-01")
    [due] = notes(viewer_api, "?type=task-due")

    status, body = viewer_api.post(f"/notifications/{due['id']}/dismiss")
    all_status, _ = viewer_api.post("/notifications/dismiss-all")

    assert (status, body["error"], all_status) == (403, "forbidden", 403)
    assert Notification.objects.filter(dismissed_at__isnull=False).count() == 0


def test_dismiss_all_clears_only_informational_notifications(api, oss_run):
    for day in ("2026-07-01", "2026-07-02"):
        tick(day)
    undismissed = notes(api, "?undismissed=true")
    informational = [n for n in undismissed if n["type"] in ("task-due", "recurring-due")]

    status, refused = api.post("/notifications/dismiss-all", {"types": ["task-overdue"]})
    assert (status, refused["error"]) == (422, "invalid-input")
    assert len(notes(api, "?undismissed=true")) == len(undismissed)

    status, body = api.post("/notifications/dismiss-all")

    assert (status, body["dismissed"]) == (200, len(informational))
    left = {n["type"] for n in notes(api, "?undismissed=true")}
    assert left == {"task-overdue", "missing-evidence"}


def test_bad_filters_and_unknown_notifications_are_refused(api):
    status, body = api.get("/notifications?type=gossip")
    assert (status, body["error"]) == (422, "invalid-input")
    assert "task-due" in body["message"]
    status, body = api.post("/notifications/999/dismiss")
    assert (status, body["error"]) == (404, "not-found")


def test_notifications_need_a_login(anonymous_api):
    status, _ = anonymous_api.get("/notifications")
    assert status == 401
