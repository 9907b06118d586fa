"""GET /api/insights and /api/insights.csv on histories with known answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.runs.models import AuditEvent, Task
from tests.conftest import task_by_ref

from .builders import berlin, complete_at, oss_run, step

pytestmark = pytest.mark.django_db

RANGE = "type=oss&from=2026-07-01&to=2026-08-31&asOf=2026-08-20"
OUTREACH = "reach-out-github-authors"


def insights(api, query: str = RANGE) -> dict:
    status, body = api.get(f"/insights?{query}")
    assert status == 200, body
    return body


def test_a_task_done_at_2330_berlin_is_on_time_and_one_done_at_0030_is_a_day_late(api):
    first, second = oss_run(api, "2026-07-22"), oss_run(api, "2026-08-05")
    complete_at(api, first, OUTREACH, berlin(date(2026, 7, 1), 23, 30))
    # 00:30 in Berlin on 16 July is still 15 July in UTC, the task's due day.
    complete_at(api, second, OUTREACH, berlin(date(2026, 7, 16), 0, 30))

    report = insights(api)

    outreach = step(report, OUTREACH)
    assert (outreach["count"], outreach["done"], outreach["onTime"]) == (2, 2, 1)
    assert outreach["onTimeRate"] == 0.5
    assert (outreach["medianDaysLate"], outreach["p80DaysLate"]) == (1, 1)
    assert report["template"]["started"] == 2
    assert report["template"]["inProgress"] == 2
    assert report["summary"]["slippingMost"][0]["ref"] == OUTREACH


def test_only_runs_anchored_in_the_range_count(api):
    inside, outside = oss_run(api, "2026-07-22"), oss_run(api, "2026-09-30")
    complete_at(api, inside, OUTREACH, berlin(date(2026, 7, 1), 9))
    complete_at(api, outside, OUTREACH, berlin(date(2026, 9, 9), 9))

    report = insights(api)

    assert report["template"]["started"] == 1
    assert step(report, OUTREACH)["count"] == 1
    assert (report["from"], report["to"], report["type"]) == ("2026-07-01", "2026-08-31", "oss")


def test_skipped_tasks_are_settled_but_left_out_of_the_on_time_rate(api):
    run = oss_run(api, "2026-07-22")
    task = task_by_ref(run, "find-time-calendly")
    status, body = api.post(f"/tasks/{task['id']}/skip", {"reason": "Author booked directly"})
    assert status == 200, body

    calendly = step(insights(api), "find-time-calendly")

    assert (calendly["skipped"], calendly["done"], calendly["onTimeRate"]) == (1, 0, None)
    assert calendly["skippedByReason"] == {"Author booked directly": 1}


def test_a_refused_completion_is_noted_and_counted_before_the_task_is_done(api):
    run = oss_run(api, "2026-07-22")
    task = task_by_ref(run, "editing-video")
    before = Task.objects.filter(pk=task["id"]).values().get()

    status, refused = api.post(f"/tasks/{task['id']}/complete", {})

    assert status == 422 and refused["error"] == "proof-missing"
    assert Task.objects.filter(pk=task["id"]).values().get() == before
    noted = AuditEvent.objects.get(task_id=task["id"], action="completion-refused")
    assert noted.after["missing"] and "first" in noted.note
    AuditEvent.objects.filter(pk=noted.pk).update(at=berlin(date(2026, 7, 10), 11))
    complete_at(api, run, "editing-video", berlin(date(2026, 7, 10), 12))

    editing = step(insights(api), "editing-video")

    assert (editing["refusedBeforeDone"], editing["refusals"]) == (1, 1)
    assert editing["refusedBeforeDoneRate"] == 1.0


def test_waiting_time_runs_from_waiting_to_the_answer_with_its_follow_ups(api):
    run = oss_run(api, "2026-07-22")
    task_id = task_by_ref(run, "reach-out-tool-author")["id"]
    waiting = {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "Invite sent"}
    assert api.post(f"/tasks/{task_id}/waiting", waiting)[0] == 200
    nudge = {"channel": "email", "note": "Nudged", "nextFollowUpAt": "2026-07-07"}
    assert api.post(f"/tasks/{task_id}/follow-ups", nudge)[0] == 200
    assert api.post(f"/tasks/{task_id}/response-received", {"note": "Yes!"})[0] == 200
    moments = {
        "task-waiting": berlin(date(2026, 7, 2), 10),
        "follow-up-sent": berlin(date(2026, 7, 5), 10),
        "response-received": berlin(date(2026, 7, 8), 9),
    }
    for action, at in moments.items():
        AuditEvent.objects.filter(task_id=task_id, action=action).update(at=at)
    complete_at(api, run, "reach-out-tool-author", berlin(date(2026, 7, 8), 11))

    report = insights(api)

    author = step(report, "reach-out-tool-author")
    assert (author["waitingPeriods"], author["medianWaitDays"]) == (1, 6)
    assert (author["followUps"], author["followUpsPerWait"]) == (1, 1.0)
    assert report["summary"]["medianWaitDays"] == 6


def test_people_show_open_and_overdue_work_per_assignee(api, operator):
    run = oss_run(api, "2026-07-22")
    Task.objects.filter(run_id=run["id"]).update(assignee=operator)
    complete_at(api, run, OUTREACH, berlin(date(2026, 8, 1), 9))

    [person] = insights(api)["people"]

    assert person["id"] == operator.id and person["name"] == operator.name
    assert (person["open"], person["doneLast30Days"]) == (13, 1)
    # By 20 August every task of a run published on 22 July is past due.
    assert person["overdue"] == 13


def test_the_report_defaults_to_oss_over_the_last_year(api, templates_loaded):
    report = insights(api, "asOf=2026-08-20")
    assert report["type"] == "oss"
    assert (report["from"], report["to"]) == ("2025-08-20", "2026-08-20")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("type=no-such-template", "type"),
        ("from=2026-08-01&to=2026-07-01", "from"),
        ("from=2026-02-30", "from"),
        ("to=1999-12-31", "to"),
        ("asOf=yesterday", "asOf"),
    ],
)
def test_bad_input_is_refused_naming_the_field(api, templates_loaded, query, field):
    status, body = api.get(f"/insights?{query}")
    assert status == 422, body
    assert body["error"] == "invalid-input" and body.get("field") == field
    assert field in body["message"]


def test_an_unknown_csv_table_is_refused_with_json(api):
    status, body = api.get("/insights.csv?table=secrets")
    assert status == 422 and body["field"] == "table"
    assert "steps" in body["message"]


def test_a_viewer_can_read_insights_and_a_stranger_cannot(viewer_api, anonymous_api, api):
    oss_run(api, "2026-07-22")
    assert viewer_api.get(f"/insights?{RANGE}")[0] == 200
    assert viewer_api.get(f"/insights.csv?{RANGE}")[0] == 200
    status, body = anonymous_api.get(f"/insights?{RANGE}")
    assert status == 401 and body["error"] == "unauthorized"
    assert anonymous_api.get(f"/insights.csv?{RANGE}")[0] == 401


def test_months_trend_by_the_month_tasks_were_due(api):
    run = oss_run(api, "2026-08-05")
    complete_at(api, run, OUTREACH, berlin(date(2026, 7, 15), 9))
    complete_at(api, run, "reach-out-tool-author", berlin(date(2026, 7, 16) + timedelta(days=3), 9))
    months = insights(api)["months"]
    assert months == [
        {"month": "2026-07", "done": 2, "onTime": 1, "onTimeRate": 0.5, "late": 1},
    ]


def test_a_task_reopened_and_completed_again_counts_once_by_its_last_completion(api):
    run = oss_run(api, "2026-07-22")
    task_id = complete_at(api, run, OUTREACH, berlin(date(2026, 7, 1), 9))
    status, reopened = api.post(f"/tasks/{task_id}/reopen", {"note": "Wrong repository"})
    assert status == 200, reopened
    complete_at(api, run, OUTREACH, berlin(date(2026, 7, 3), 9))

    outreach = step(insights(api), OUTREACH)

    assert (outreach["count"], outreach["done"], outreach["late"]) == (1, 1, 1)
    assert outreach["medianDaysLate"] == 2
