"""Waiting periods in SQL: each stretch from "waiting" to the answer, with its follow-ups."""

from __future__ import annotations

from opsdesk.audit.models import AuditEvent
from opsdesk.domain import insights as domain

from . import dialect
from .sql_common import in_list, table


def waits_sql(timezone: str, years: tuple[int, int]) -> tuple[str, list]:
    """CTEs of the selected tasks' history (waiting, answers, follow-ups, refusals: one read of
    the events) and of their waiting periods, read as `waiting_periods` reads them: a wait
    starts at "waiting" when none is open, ends at the first answer, completion or skip after
    it, and counts the follow-ups sent while it is open."""
    starts, start_params = in_list(domain.WAIT_STARTS)
    ends, end_params = in_list(domain.WAIT_ENDS)
    marks, mark_params = in_list((*domain.WAIT_STARTS, *domain.WAIT_ENDS))
    ends_again, end_params_again = in_list(domain.WAIT_ENDS)
    days = dialect.days_from(
        dialect.local_day("started_at", timezone, years),
        dialect.local_day("ended_at", timezone, years),
    )
    sql = f"""
    history AS (
        SELECT e.id, e.task_id, e.action, e.at FROM {table(AuditEvent)} e
        JOIN judged t ON t.id = e.task_id
        WHERE e.action {marks} OR e.action IN (%s, %s)
    ),
    -- Only tasks that ever waited have periods: most done tasks' completions are left out.
    waited AS (SELECT DISTINCT task_id FROM history WHERE action {starts}),
    marked AS (
        SELECT id, task_id, at,
               CASE WHEN action {starts}
                     AND COALESCE(LAG(action) OVER (PARTITION BY task_id ORDER BY at, id)
                                  {ends}, TRUE)
                    THEN 1 ELSE 0 END AS opens,
               CASE WHEN action {ends_again} THEN 1 ELSE 0 END AS closes, 0 AS follows
        FROM history WHERE action {marks} AND task_id IN (SELECT task_id FROM waited)
    ),
    stream AS (
        SELECT id, task_id, at, opens, closes, follows FROM marked
        UNION ALL
        SELECT id, task_id, at, 0, 0, 1 FROM history
        WHERE action = %s AND task_id IN (SELECT task_id FROM waited)
    ),
    numbered AS (
        SELECT stream.*, SUM(opens) OVER (PARTITION BY task_id ORDER BY at, id
                                         ROWS UNBOUNDED PRECEDING) AS period
        FROM stream
    ),
    placed AS (
        SELECT numbered.*, COALESCE(SUM(closes) OVER (PARTITION BY task_id, period
                                    ORDER BY at, id ROWS BETWEEN UNBOUNDED PRECEDING
                                    AND 1 PRECEDING), 0) AS closed_before
        FROM numbered WHERE period > 0
    ),
    periods AS (
        SELECT task_id, MIN(CASE WHEN opens = 1 THEN at END) AS started_at,
               MIN(CASE WHEN closes = 1 THEN at END) AS ended_at,
               -- An integer, so that their sum is one too (PostgreSQL sums bigints as numeric).
               CAST(SUM(CASE WHEN follows = 1 AND closed_before = 0
                             THEN 1 ELSE 0 END) AS INTEGER) AS follow_ups
        FROM placed GROUP BY task_id, period
    ),
    waits AS (
        SELECT t.ref, {days} AS days, p.follow_ups
        FROM periods p JOIN judged t ON t.id = p.task_id
    )"""
    params = [
        *mark_params,
        domain.FOLLOW_UP_SENT,
        domain.COMPLETION_REFUSED,
        *start_params,
        *start_params,
        *end_params,
        *end_params_again,
        *mark_params,
        domain.FOLLOW_UP_SENT,
    ]
    return sql, params
