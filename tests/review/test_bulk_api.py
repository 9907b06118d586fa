"""The end-of-day review over the API: what is unfinished, and the four bulk actions."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.accounts.models import User
from opsdesk.review.queries import unfinished_tasks
from opsdesk.runs.models import AuditEvent
from tests.conftest import make_user, start_oss, task_by_ref
from tests.gaps.builders import rows, task_row

pytestmark = pytest.mark.django_db

# OSS anchored on Wed 22 Jul 2026: the first three tasks are due 1, 2 and 3 July.
ON_3_JULY = "2026-07-03"
WAIT = {"waitingFor": "Pat", "followUpAt": "2026-07-08", "note": "Invitation sent"}


@pytest.fixture
def run(api):
    return start_oss(api)


@pytest.fixture
def first_three(run):
    refs = ("reach-out-github-authors", "reach-out-tool-author", "find-time-calendly")
    return [task_by_ref(run, ref)["id"] for ref in refs]


def review(api, as_of=ON_3_JULY, scope="all"):
    status, body = api.get(f"/review?asOf={as_of}&scope={scope}")
    assert status == 200, body
    return body


def test_the_review_lists_todo_tasks_due_today_or_earlier(api, first_three):
    body = review(api)
    assert [t["id"] for t in body["unfinished"]] == first_three
    assert body["count"] == 3 and body["allClear"] is False and body["message"] is None


def test_waiting_tasks_are_not_unfinished(api, first_three):
    api.post(f"/tasks/{first_three[0]}/waiting", WAIT)
    assert [t["id"] for t in review(api)["unfinished"]] == first_three[1:]


def test_all_clear_is_said_once_every_due_task_is_settled_or_waiting(api, first_three):
    outreach, invite, calendly = first_three
    api.post(f"/tasks/{outreach}/skip", {"reason": "Found them elsewhere"})
    api.post(f"/tasks/{invite}/waiting", WAIT)
    assert review(api)["allClear"] is False
    api.post(f"/tasks/{calendly}/complete", {"comment": "Proposed Tue 7 Jul 10:00"})
    body = review(api)
    assert body["allClear"] is True and body["count"] == 0
    assert body["message"] == "No unresolved tasks for today."
    # The next morning brings the next due task, and the all-clear is gone.
    assert review(api, "2026-07-04")["allClear"] is False


def test_bulk_waiting_applies_one_who_date_and_note_to_every_selected_task(api, first_three):
    status, body = api.post("/tasks/bulk/waiting", {"taskIds": first_three, **WAIT})
    assert status == 200, body
    assert [t["id"] for t in body["tasks"]] == first_three
    for task in body["tasks"]:
        assert (task["status"], task["waitingFor"], task["followUpAt"]) == (
            "waiting",
            "Pat",
            "2026-07-08",
        )
        assert task["waitingNote"] == "Invitation sent"
    assert review(api)["allClear"] is True


def test_bulk_waiting_without_a_follow_up_date_changes_no_task(api, first_three):
    before = rows(first_three)
    status, body = api.post(
        "/tasks/bulk/waiting", {"taskIds": first_three, "waitingFor": "Pat", "note": "Sent"}
    )
    assert status == 422 and body["error"] == "waiting-incomplete"
    assert body["missing"] == ["followUpAt"]
    assert body["message"].startswith("Nothing was changed")
    assert rows(first_three) == before


def test_bulk_waiting_is_all_or_nothing_when_one_task_refuses(api, first_three):
    outreach, invite, calendly = first_three
    api.post(f"/tasks/{calendly}/complete", {"comment": "Proposed Tue 7 Jul 10:00"})
    before = rows(first_three)
    events = AuditEvent.objects.count()
    status, body = api.post("/tasks/bulk/waiting", {"taskIds": first_three, **WAIT})
    assert status == 409 and body["error"] == "invalid-transition"
    assert body["taskId"] == calendly and "Help the author find a recording time" in body["message"]
    assert rows(first_three) == before
    assert AuditEvent.objects.count() == events


def test_bulk_complete_completes_what_has_proof_and_names_what_the_rest_miss(api, first_three):
    outreach, invite, calendly = first_three
    api.patch(f"/tasks/{calendly}", {"version": 1, "comment": "Proposed Tue 7 Jul 10:00"})
    status, body = api.post("/tasks/bulk/complete", {"taskIds": [outreach, calendly]})
    assert status == 200, body
    assert [t["id"] for t in body["completed"]] == [calendly]
    assert body["completed"][0]["status"] == "done"
    [refused] = body["notCompleted"]
    assert refused["taskId"] == outreach and refused["error"] == "proof-missing"
    assert {m["label"] for m in refused["missing"]} >= {"Tool GitHub"}
    assert task_row(outreach)["status"] == "todo"


def test_bulk_reassign_gives_every_task_to_one_person(api, first_three):
    helper = make_user("host", "hana@example.org")
    status, body = api.post(
        "/tasks/bulk/reassign", {"taskIds": first_three, "assigneeId": helper.id}
    )
    assert status == 200, body
    assert {t["assigneeId"] for t in body["tasks"]} == {helper.id}


def test_bulk_reassign_to_an_unknown_person_changes_nothing(api, first_three):
    before = rows(first_three)
    status, _ = api.post("/tasks/bulk/reassign", {"taskIds": first_three, "assigneeId": 9999})
    assert status == 404
    assert rows(first_three) == before


def test_bulk_reschedule_moves_every_task_and_clears_the_review(api, first_three):
    status, body = api.post(
        "/tasks/bulk/reschedule", {"taskIds": first_three, "date": "2026-07-06"}
    )
    assert status == 200, body
    assert {t["date"] for t in body["tasks"]} == {"2026-07-06"}
    assert review(api)["allClear"] is True


@pytest.mark.parametrize("date", [None, "", "6 July", "2026-02-30"])
def test_bulk_reschedule_to_a_bad_date_changes_nothing(api, first_three, date):
    before = rows(first_three)
    status, body = api.post("/tasks/bulk/reschedule", {"taskIds": first_three, "date": date})
    assert status == 422 and body["error"] == "invalid-input"
    assert rows(first_three) == before


@pytest.mark.parametrize("action", ["complete", "waiting", "reassign", "reschedule"])
def test_a_selection_with_an_unknown_task_changes_nothing(api, first_three, action):
    before = rows(first_three)
    body = {"taskIds": [*first_three, 987654], **WAIT}
    body = {k: v for k, v in body.items() if k == "taskIds" or action == "waiting"}
    status, answer = api.post(f"/tasks/bulk/{action}", body)
    assert status == 404 and answer["taskIds"] == [987654]
    assert rows(first_three) == before


@pytest.mark.parametrize("action", ["complete", "waiting", "reassign", "reschedule"])
def test_an_empty_selection_is_refused(api, action):
    status, body = api.post(f"/tasks/bulk/{action}", {"taskIds": []})
    assert status == 422 and body["message"] == "Select at least one task."


@pytest.mark.parametrize(
    ("action", "extra"),
    [
        ("complete", {}),
        ("waiting", WAIT),
        ("reassign", {"assigneeId": None}),
        ("reschedule", {"date": "2026-07-06"}),
    ],
)
def test_a_viewer_cannot_act_in_bulk(viewer_api, first_three, action, extra):
    before = rows(first_three)
    status, body = viewer_api.post(f"/tasks/bulk/{action}", {"taskIds": first_three, **extra})
    assert status == 403 and body["error"] == "forbidden"
    assert rows(first_three) == before


def test_the_bulk_paths_leave_single_task_routes_alone(api, first_three):
    status, task = api.get(f"/tasks/{first_three[0]}")
    assert status == 200 and task["id"] == first_three[0]


def test_mine_is_my_tasks_and_unassigned_ones(api, first_three):
    other = make_user("host", "hana@example.org")
    api.post("/tasks/bulk/reassign", {"taskIds": first_three[:1], "assigneeId": other.id})
    assert [t["id"] for t in review(api, scope="mine")["unfinished"]] == first_three[1:]
    assert api.get("/review?scope=team")[0] == 422


def test_each_reader_of_mine_gets_their_own_review_on_the_same_day(api, first_three):
    """The review keeps its SQL per day and reader: a second reader must not get the first's."""
    other = make_user("host", "hana@example.org")
    api.post("/tasks/bulk/reassign", {"taskIds": first_three[:1], "assigneeId": other.id})
    mine = [t["id"] for t in review(api, scope="mine")["unfinished"]]
    hanas, _ = unfinished_tasks(other, "mine", date(2026, 7, 3))
    assert mine == first_three[1:] and [t["id"] for t in hanas] == first_three


def test_a_limited_review_lists_the_first_rows_and_counts_them_all(api, first_three):
    user = User.objects.first()  # scope "all": the reader does not narrow the list
    everything = review(api)["unfinished"]
    tasks, count = unfinished_tasks(user, "all", date(2026, 7, 3), limit=2)
    assert tasks == everything[:2] and [t["id"] for t in tasks] == first_three[:2]
    assert count == 3


def test_a_clear_day_costs_the_review_one_query(run):
    user = User.objects.first()
    unfinished_tasks(user, "all", date(2026, 6, 1))  # the first call may compile its statement
    with CaptureQueriesContext(connection) as queries:
        assert unfinished_tasks(user, "all", date(2026, 6, 1)) == ([], 0)
    assert len(queries) == 1
