"""The end-of-day review page: the unfinished list, the bulk actions, and the all-clear."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.clock import org_today
from opsdesk.review.queries import end_of_day_context
from tests.conftest import start_oss, task_by_ref
from tests.gaps.builders import rows
from tests.refusals import refused_page

pytestmark = pytest.mark.django_db

ALL_CLEAR = "No unresolved tasks for today"
REVIEW = "/review/?asOf=2026-07-02&scope=all"


@pytest.fixture
def due(api):
    run = start_oss(api)
    return [
        task_by_ref(run, r)["id"] for r in ("reach-out-github-authors", "reach-out-tool-author")
    ]


def bulk(client, action: str, ids, **fields):
    return client.post(
        "/review/bulk/", {"action": action, "taskIds": ids, "back": REVIEW, **fields}
    )


def test_the_review_lists_what_is_unfinished_and_does_not_claim_all_clear(operator_client, due):
    page = operator_client.get(REVIEW).content.decode()
    assert f'value="{due[0]}"' in page and f'value="{due[1]}"' in page
    assert ALL_CLEAR not in page


def test_the_review_says_all_clear_on_a_day_with_nothing_due(operator_client, due):
    page = operator_client.get("/review/?asOf=2026-06-30&scope=all").content.decode()
    assert ALL_CLEAR in page


def test_moving_the_selection_to_waiting_clears_the_day(operator_client, due):
    response = bulk(
        operator_client, "waiting", due, waitingFor="Pat", followUpAt="2026-07-06", note="Sent"
    )
    assert response.status_code == 302 and response["Location"] == REVIEW + "#end-of-day"
    assert {r["status"] for r in rows(due)} == {"waiting"}
    page = operator_client.get(REVIEW).content.decode()
    assert ALL_CLEAR in page and "2 tasks waiting on Pat" in page


def test_a_selection_without_a_follow_up_date_is_refused_as_it_was_typed(operator_client, due):
    before = rows(due)
    page = refused_page(
        operator_client,
        "/review/bulk/",
        {"action": "waiting", "taskIds": due, "back": REVIEW, "waitingFor": "Pat", "note": "Sent"},
        lands_on=REVIEW + "#end-of-day",
    )
    assert 'id="eod-error">' in page and "followUpAt" in page and 'value="Pat"' in page
    assert page.count("checked") == 2
    assert rows(due) == before


def test_bulk_complete_says_which_tasks_still_miss_proof(operator_client, due):
    response = bulk(operator_client, "complete", due)
    assert response.status_code == 302
    page = operator_client.get(REVIEW).content.decode()
    assert "Not completed" in page and "Add the Tool GitHub link first" in page
    assert {r["status"] for r in rows(due)} == {"todo"}


def test_rescheduling_from_the_page_moves_every_selected_task(operator_client, due):
    bulk(operator_client, "reschedule", due, date="2026-07-09")
    assert {r["due_date"].isoformat() for r in rows(due)} == {"2026-07-09"}


def test_reassigning_from_the_page_hands_over_every_selected_task(operator_client, operator, due):
    bulk(operator_client, "reassign", due, assigneeId=str(operator.id))
    assert {r["assignee_id"] for r in rows(due)} == {operator.id}


@pytest.mark.parametrize("action", ["", "delete", "complete"])
def test_odd_requests_are_refused_and_change_nothing(operator_client, due, action):
    before = rows(due)
    ids = ["1; drop"] if action == "complete" else due
    data = {"action": action, "taskIds": ids, "back": REVIEW}
    page = refused_page(operator_client, "/review/bulk/", data, lands_on=REVIEW + "#end-of-day")
    assert 'id="eod-error">' in page
    assert rows(due) == before


def test_a_viewer_sees_the_review_but_cannot_act(viewer, due):
    client = Client()
    client.force_login(viewer)
    page = client.get(REVIEW).content.decode()
    assert "Move selected to waiting" not in page and 'name="taskIds"' not in page
    before = rows(due)
    assert bulk(client, "reschedule", due, date="2026-07-09").status_code == 403
    assert rows(due) == before


def test_the_dashboard_context_carries_the_review(operator, due):
    review = end_of_day_context(operator, org_today("2026-07-02"), "all")["review"]
    assert [t["id"] for t in review["unfinished"]] == due
    assert review["allClear"] is False and review["canWrite"] is True
