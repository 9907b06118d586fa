"""The dashboard, the run page and the task list cost a fixed number of queries, however many
runs exist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Run
from opsdesk.runs.services.starting import start_run


def _queries(client, path: str) -> int:
    client.get(path)  # a first load reads what a process caches (the docs' newest revision)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_dashboard_queries_do_not_grow_with_the_number_of_runs(operator_client):
    seed_demo(10, seed=1, today=date(2026, 7, 1), past_fraction=0)
    small = _queries(operator_client, "/api/dashboard?scope=all&asOf=2026-07-01")

    seed_demo(60, seed=2, today=date(2026, 7, 1), past_fraction=0)
    large = _queries(operator_client, "/api/dashboard?scope=all&asOf=2026-07-01")

    assert large == small
    assert large <= 23


def test_run_detail_queries_do_not_grow_with_the_number_of_tasks(operator_client):
    seed_demo(12, seed=4, today=date(2026, 7, 1), past_fraction=0)
    counts = {
        run.type: _queries(operator_client, f"/api/bundles/{run.id}?asOf=2026-07-01")
        for run in Run.objects.order_by("id")
    }

    assert len(set(counts.values())) == 1, counts
    # Session, user, run, slots, tasks (with their file counts), the docs' newest revision.
    assert max(counts.values()) <= 6


def test_task_list_queries_do_not_grow_with_the_number_of_runs(operator_client):
    paths = ("/api/tasks?status=todo&asOf=2026-07-01", "/tasks/?asOf=2026-07-01")
    seed_demo(10, seed=5, today=date(2026, 7, 1), past_fraction=0)
    small = [_queries(operator_client, p) for p in paths]

    seed_demo(60, seed=6, today=date(2026, 7, 1), past_fraction=0)
    large = [_queries(operator_client, p) for p in paths]

    assert large == small


def test_dashboard_answer_keeps_its_size_as_runs_grow(operator_client):
    seed_demo(70, seed=7, today=date(2026, 7, 1), past_fraction=0)

    board = operator_client.get("/api/dashboard?scope=all&asOf=2026-07-01").json()

    assert board["limit"] == 15
    for key in ("overdue", "followUpsDue", "today", "waiting", "upcoming"):
        assert len(board[key]) == min(15, board["counts"][key])
    for key in ("activeWorkflows", "atRiskWorkflows"):
        paging = board["paging"][key]
        assert paging["count"] == board["counts"][key] > 15
        assert len(board[key]) == 15 and paging["nextPage"] == 2


def _page(client, path: str) -> tuple[int, int]:
    """(queries, HTML bytes) of one page, after a first load has read what a process caches."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), len(response.content)


@pytest.mark.parametrize(
    "path", ["/?asOf=2026-07-01", "/?scope=all&asOf=2026-07-01", "/tasks/?asOf=2026-07-01"]
)
def test_pages_keep_their_queries_and_size_as_runs_grow(operator_client, operator, path):
    seed_demo(10, seed=8, today=date(2026, 7, 1), past_fraction=0)
    small_queries, small_size = _page(operator_client, path)

    # Runs of next year add no task rows to this day's sections, only runs to choose from.
    for number in range(60):
        start_run(
            operator,
            template_type="oss",
            anchor_date=date(2027, 3, 3) + timedelta(weeks=number),
            anchor_time=None,
            variables={"tool": f"Tool {number}", "author": "Pat"},
        )
    large_queries, large_size = _page(operator_client, path)

    assert large_queries == small_queries
    # A list of every run added ~100 bytes a run; the pickers offer at most 30.
    assert abs(large_size - small_size) < 2_500, (small_size, large_size)
