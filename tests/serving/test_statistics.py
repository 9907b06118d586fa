"""The query planner's statistics: read in full after seed-demo, kept up by the scheduler."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Task
from opsdesk.schedule.models import Notification
from opsdesk.schedule.tick import run_tick
from opsdesk.serving.statistics import optimize
from tests.web.builders import oss_run

from .conftest import on_postgres


def rows_the_planner_expects(table: str) -> int | None:
    """The row count the planner's statistics give `table`; None while it has none."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            count = int(cursor.fetchone()[0])
            return count if count >= 0 else None  # -1: never analyzed
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NOT NULL LIMIT 1", [table]
        )
        row = cursor.fetchone()
        return int(row[0].split()[0]) if row else None


def test_seed_demo_leaves_statistics_of_every_row_it_wrote(db):
    seed_demo(12, seed=4, today=date(2026, 7, 1))

    assert rows_the_planner_expects("runs_task") == Task.objects.count()


@pytest.mark.skipif(not on_postgres(), reason="the visibility map is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_seed_demo_on_postgresql_leaves_its_pages_all_visible_for_index_only_counts():
    seed_demo(12, seed=4, today=date(2026, 7, 1))

    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'runs_task'")
        assert cursor.fetchone()[0] > 0


@pytest.mark.skipif(on_postgres(), reason="SQLite's PRAGMA optimize")
def test_sqlite_statistics_follow_the_tables_a_tick_read_before_its_connection_closes(operator):
    oss_run(operator)
    forget_sqlite_statistics()

    run_tick(date(2026, 7, 1))
    optimize()

    assert rows_the_planner_expects("runs_task") is not None


@pytest.mark.skipif(not on_postgres(), reason="PostgreSQL's statistics after a tick's writes")
@pytest.mark.django_db(transaction=True)
def test_postgresql_statistics_follow_a_table_a_tick_filled_before_its_connection_closes():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE schedule_notification")
    assert rows_the_planner_expects("schedule_notification") == 0
    Notification.objects.bulk_create(
        Notification(key=f"task-due:{n}:2026-07-01", type="task-due", message="Due")
        for n in range(200)
    )

    optimize()

    assert rows_the_planner_expects("schedule_notification") == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'schedule_notification'")
        assert cursor.fetchone()[0] > 0  # vacuumed too: its count reads the index alone


@pytest.mark.skipif(not on_postgres(), reason="PostgreSQL's statistics after a tick's writes")
@pytest.mark.django_db(transaction=True)
def test_postgresql_statistics_of_a_table_that_barely_changed_are_left_as_they_are():
    Notification.objects.bulk_create(
        Notification(key=f"task-due:{n}:2026-07-01", type="task-due", message="Due")
        for n in range(200)
    )
    with connection.cursor() as cursor:
        # The inserts reach the shared counters first, or they would count as made after.
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("ANALYZE schedule_notification")
    Notification.objects.create(key="task-due:201:2026-07-01", type="task-due", message="Due")

    optimize()

    assert rows_the_planner_expects("schedule_notification") == 200


def forget_sqlite_statistics() -> None:
    """As on an instance never analyzed (other tests of this session may have analyzed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is not None:
            cursor.execute("DELETE FROM sqlite_stat1")
            cursor.execute("ANALYZE sqlite_master")  # the planner rereads what is left: nothing
    assert rows_the_planner_expects("runs_task") is None


def _pending_pages_merged_now(index: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        return cursor.fetchone()[0]


@pytest.mark.skipif(not on_postgres(), reason="PostgreSQL's GIN indexes keep a pending list")
@pytest.mark.django_db(transaction=True)
def test_postgresql_search_entries_written_before_a_tick_ends_are_merged_into_their_index(
    operator,
):
    oss_run(operator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("ANALYZE runs_task")
    _pending_pages_merged_now("search_tasks_vector")  # from here on, only what comes next
    # Too few rows for the table's statistics to be read again (its VACUUM would merge them).
    for n in range(2):
        oss_run(operator, anchor=f"2026-07-2{n}")

    optimize()

    # Nothing was left for searches to read through beside the index.
    assert _pending_pages_merged_now("search_tasks_vector") == 0
    oss_run(operator, anchor="2026-08-01")
    # Without the merge, the check above would have found such a page.
    assert _pending_pages_merged_now("search_tasks_vector") > 0
