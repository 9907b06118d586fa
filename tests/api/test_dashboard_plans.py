"""The dashboard's run pages are read in anchor-date order from an index and stop after the
page, on either database: neither reads and sorts every active run."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from opsdesk.demo.seed import seed_demo
from opsdesk.domain.buckets import BUCKETS, windows
from opsdesk.runs.board import at_risk_by_anchor, sorted_as, window_ranges
from opsdesk.runs.dashboard import RUN_ORDER
from opsdesk.runs.queries import active_runs, open_tasks_in

TODAY = date(2026, 7, 1)
PAGES = {
    "active": active_runs,
    "at-risk": lambda: at_risk_by_anchor(active_runs(), TODAY),
}


def _plan(queryset) -> str:
    if connection.vendor != "postgresql":
        return queryset.explain()
    # A test database is small enough for a scan and a sort to win; the question is whether
    # an index can hand the page over in order at all.
    shunned = ("enable_seqscan", "enable_bitmapscan", "enable_sort")
    with connection.cursor() as cursor:
        for setting in shunned:
            cursor.execute(f"SET {setting} = off")
        try:
            return queryset.explain()
        finally:
            for setting in shunned:
                cursor.execute(f"RESET {setting}")


@pytest.mark.parametrize("name", PAGES)
def test_a_run_page_is_read_in_anchor_order_from_the_active_runs_index(db, name):
    seed_demo(6, seed=8, today=TODAY, past_fraction=0.3)
    page = PAGES[name]().order_by(*RUN_ORDER).values_list("id", flat=True)[15:30]

    plan = _plan(page)

    assert "run_active_by_anchor" in plan, plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


def test_the_active_runs_index_answers_at_risk_without_the_run_row(db):
    # When few runs are at risk the page's read goes through most of the index: each entry
    # must say whether its run is at risk without a visit to the run's (large) row.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "runs_run")

    assert constraints["run_active_by_anchor"]["columns"] == ["anchor_date", "id", "at_risk_from"]


def test_the_waiting_list_starts_its_dated_read_at_today_in_the_follow_up_index(db, operator):
    # As one filter ("after today or no date") the read went through every follow-up already
    # due before the first row of the list.
    seed_demo(6, seed=8, today=TODAY, past_fraction=0.3)
    window = windows(TODAY)["waiting"]
    waiting = next(b for b in BUCKETS if b.key == "waiting")
    dated = window_ranges(window)[0 if connection.features.nulls_order_largest else 1]
    page = sorted_as(open_tasks_in(operator, "all", window, dated), waiting.order)[:15]

    plan = _plan(page.values_list("id", flat=True))

    if connection.vendor == "postgresql":
        index_conditions = [line for line in plan.splitlines() if "Index Cond" in line]
        assert any("follow_up_at >" in line for line in index_conditions), plan
    else:
        assert "follow_up_at>?" in plan, plan
