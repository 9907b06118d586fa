"""Notifications whose condition cleared leave the unread list by themselves and stay in history."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.schedule.clearing import sweep_cleared
from opsdesk.schedule.models import Notification
from opsdesk.schedule.notifications_source import summary
from tests.conftest import start_oss, task_by_ref

from .builders import tick

pytestmark = pytest.mark.django_db


@pytest.fixture
def oss_run(api, with_oss):
    return start_oss(api, anchor="2026-07-22")


def _unread_about(api, task_id: int) -> list[str]:
    _, body = api.get("/notifications?undismissed=true")
    return sorted(n["type"] for n in body["notifications"] if n["taskId"] == task_id)


def test_a_completed_tasks_due_and_proof_notifications_leave_the_unread_list(api, oss_run):
    first = task_by_ref(oss_run, "reach-out-github-authors")  # due 2026-07-01
    tick("2026-07-02")
    assert _unread_about(api, first["id"]) == [
        "missing-evidence",
        "missing-evidence",
        "task-overdue",
    ]

    body = {"link": "https://github.com/example/db", "comment": "Opened an issue on GitHub"}
    status, _ = api.post(f"/tasks/{first['id']}/complete", body)

    assert status == 200
    assert _unread_about(api, first["id"]) == []
    _, everything = api.get("/notifications")
    kept = [n for n in everything["notifications"] if n["taskId"] == first["id"]]
    assert kept and all(n["cleared"] and not n["dismissed"] for n in kept)


def test_the_count_on_the_dashboard_shows_only_what_still_applies(operator_client, api, oss_run):
    first = task_by_ref(oss_run, "reach-out-github-authors")
    tick("2026-07-01")
    page = operator_client.get("/?asOf=2026-07-01").content.decode()
    # Due today, and (from its due day) its proof and the Tool GitHub link it fills are missing.
    assert 'Notifications <span class="count">3</span>' in page

    api.post(f"/tasks/{first['id']}/skip", {"reason": "Author already agreed by email"})

    # The task's due and proof notices no longer apply; the run still lacks its GitHub link.
    page = operator_client.get("/?asOf=2026-07-01").content.decode()
    assert 'Notifications <span class="count">1</span>' in page
    history = operator_client.get("/notifications/").content.decode()
    assert "No longer applies" in history


def test_the_next_pass_ends_yesterdays_due_today_notice(api, oss_run):
    first = task_by_ref(oss_run, "reach-out-github-authors")
    tick("2026-07-01")
    assert _unread_about(api, first["id"]) == ["missing-evidence", "missing-evidence", "task-due"]
    tick("2026-07-02")
    assert _unread_about(api, first["id"]) == [
        "missing-evidence",
        "missing-evidence",
        "task-overdue",
    ]


def test_a_page_view_with_nothing_changed_sweeps_with_one_query(api, oss_run):
    tick("2026-07-02")
    sweep_cleared()  # the first sweep may compile its statement
    with CaptureQueriesContext(connection) as queries:
        assert sweep_cleared() == 0
    assert len(queries) == 1


def test_the_summary_counts_and_lists_the_newest_unread_in_two_short_queries(api, oss_run):
    tick("2026-07-02")
    sweep_cleared()  # the first sweep may compile its statement
    unread = Notification.objects.filter(dismissed_at__isnull=True, cleared_at__isnull=True)
    newest = list(unread.order_by("-created_at", "-id").values_list("id", flat=True)[:3])
    with CaptureQueriesContext(connection) as queries:
        got = summary()
    assert got["count"] == unread.count() > 3
    assert [n["id"] for n in got["latest"]] == newest
    assert len(queries) == 3  # the sweep, the newest three by the index, the count


def test_the_summary_of_nothing_unread_is_zero_and_empty(api, oss_run):
    assert summary() == {"count": 0, "latest": []}


def test_a_link_filled_on_the_run_clears_the_proof_notice_of_the_task_that_needed_it(api, oss_run):
    invitation = task_by_ref(oss_run, "reach-out-tool-author")  # due 2026-07-02, proof: a link
    tick("2026-07-02")
    assert "missing-evidence" in _unread_about(api, invitation["id"])

    status, _ = api.put(
        f"/bundles/{oss_run['id']}/links/Guest email", {"url": "mailto:author@example.org"}
    )

    assert status == 200
    # A page view sweeps what changed since its last sweep, the run's link included.
    assert "missing-evidence" not in _unread_about(api, invitation["id"])
