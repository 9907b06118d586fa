"""The dashboard and the run page cost a fixed number of queries, however many runs exist."""

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

    # A few queries only run when there is something to check (e.g. a slot falling due); fifty more
    # runs must not add a query per run.
    assert large - small <= 3, (small, large)
    assert large <= 35


def test_run_detail_queries_do_not_grow_with_the_number_of_tasks(operator_client):
    seed_demo(12, seed=4, today=date(2026, 7, 1), past_fraction=0)
    counts = {
        run.type: _queries(operator_client, f"/api/bundles/{run.id}?asOf=2026-07-01")
        for run in Run.objects.order_by("id")
    }

    assert len(set(counts.values())) == 1, counts
    assert max(counts.values()) <= 8
