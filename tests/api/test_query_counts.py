"""The dashboard, the run page and the task list cost a fixed number of queries, however many
runs exist."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Run


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_dashboard_queries_do_not_grow_with_the_number_of_runs(operator_client):
    seed_demo(10, seed=1, today=date(2026, 7, 1), past_fraction=0)
    small = _queries(operator_client, "/api/dashboard?scope=all&asOf=2026-07-01")

    seed_demo(60, seed=2, today=date(2026, 7, 1), past_fraction=0)
    large = _queries(operator_client, "/api/dashboard?scope=all&asOf=2026-07-01")

    assert large == small
    assert large <= 25


def test_run_detail_queries_do_not_grow_with_the_number_of_tasks(operator_client):
    seed_demo(12, seed=4, today=date(2026, 7, 1), past_fraction=0)
    counts = {
        run.type: _queries(operator_client, f"/api/bundles/{run.id}?asOf=2026-07-01")
        for run in Run.objects.order_by("id")
    }

    assert len(set(counts.values())) == 1, counts
    assert max(counts.values()) <= 8


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
