"""What every insights query shares: the selected runs and their tasks judged on time or late,
and small helpers to write and run raw SQL on either database."""

from __future__ import annotations

from django.db import connection

from opsdesk.runs.models import Run, Task

from . import dialect
from .queries import Selection


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def in_list(values) -> tuple[str, list]:
    """`IN (...)` placeholders for `values`, or a test no row passes when there are none."""
    values = list(values)
    if not values:
        return "IN (NULL)", []
    return "IN (" + ", ".join(["%s"] * len(values)) + ")", values


def years_of(selection: Selection) -> tuple[int, int]:
    """The years the selected runs' instants mostly fall in: their anchors', and a year around."""
    return selection.start.year - 1, selection.end.year + 1


def selected(selection: Selection, timezone: str) -> tuple[str, list]:
    """The CTEs every query starts from: the selected runs, and their tasks judged on time or
    not by the day they were completed in `timezone` (each local day costs SQLite a lookup a
    row, so only what every table needs is computed here)."""
    done_day = dialect.local_day("t.completed_at", timezone, years_of(selection))
    sql = f"""
    sel_runs AS MATERIALIZED (
        SELECT id, created_at, stage, archived_at FROM {table(Run)}
        WHERE type = %s AND anchor_date >= %s AND anchor_date <= %s
    ),
    judged AS (
        SELECT t.id, t.run_id, t.template_ref AS ref, t.status, t.due_date AS due,
               t.completed_at, t.skip_reason, t.assignee_id, t.follow_up_at,
               r.stage AS run_stage, r.created_at AS run_started, {done_day} AS done_day,
               CASE WHEN t.status = 'done' AND {done_day} <= t.due_date
                    THEN 1 ELSE 0 END AS on_time
        FROM {table(Task)} t JOIN sel_runs r ON r.id = t.run_id
    )"""
    return sql, [selection.type, selection.start, selection.end]


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
