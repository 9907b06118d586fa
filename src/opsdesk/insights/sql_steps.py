"""The steps table in SQL: per task ref, how often it is done on time, how late, skipped, waited
on and refused, with the median wait over every waiting period."""

from __future__ import annotations

import json
from dataclasses import dataclass

from opsdesk.domain import insights as domain
from opsdesk.domain.measures import rate

from . import dialect
from .queries import Selection
from .sql_common import fetch, selected, years_of
from .sql_waits import waits_sql


@dataclass(frozen=True)
class StepTable:
    steps: list[domain.StepMeasures]
    median_wait_days: int | None
    waiting_periods: int


def _reasons(value) -> dict[str, int]:
    if value is None:
        return {}
    return json.loads(value) if isinstance(value, str) else dict(value)


def _ordered(refs: list[str], found: set[str]) -> list[str]:
    known = [r for r in refs if r and r in found]
    return known + sorted(r for r in found if r and r not in refs)


def step_measures(
    selection: Selection,
    gaps: list[tuple[str, str, bool, int]],
    timezone: str,
    refs: list[str] = (),
) -> StepTable:
    """One row per task ref (the template's order, then refs it no longer has), and the median
    wait over every waiting period; `gaps` are `gap_counts`."""
    rows = {row[0]: row for row in fetch(*_steps_sql(selection, timezone))}
    per_ref = _gaps_per_ref(gaps)
    steps = [_step(rows[ref], per_ref.get(ref, (0, 0))) for ref in _ordered(list(refs), set(rows))]
    any_row = next(iter(rows.values()), None)
    return StepTable(
        steps=steps,
        median_wait_days=any_row[14] if any_row else None,
        waiting_periods=any_row[15] if any_row else 0,
    )


def _steps_sql(selection: Selection, timezone: str) -> tuple[str, list]:
    base, params = selected(selection, timezone)
    waits, wait_params = waits_sql(timezone, years_of(selection))
    sql = f"""
    WITH {base}, {waits},
    counts AS (
        SELECT ref, COUNT(*) AS count,
               SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done,
               SUM(on_time) AS on_time,
               SUM(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END) AS skipped
        FROM judged GROUP BY ref
    ),
    lateness AS (
        SELECT ref, v, ROW_NUMBER() OVER (PARTITION BY ref ORDER BY v) AS rn,
               COUNT(*) OVER (PARTITION BY ref) AS n
        FROM (
            -- A done task without a completion time is late by 0 days, as in the domain.
            SELECT ref, COALESCE({dialect.days_from("due", "done_day")}, 0) AS v
            FROM judged WHERE status = 'done' AND on_time = 0
        ) late_tasks
    ),
    late AS (
        SELECT ref, COUNT(*) AS late, {dialect.nearest_rank(50)} AS p50,
               {dialect.nearest_rank(80)} AS p80
        FROM lateness GROUP BY ref
    ),
    reason_counts AS (
        SELECT ref, COALESCE(NULLIF(skip_reason, ''), '(no reason)') AS reason, COUNT(*) AS n
        FROM judged WHERE status = 'skipped' GROUP BY ref, COALESCE(NULLIF(skip_reason, ''),
        '(no reason)')
    ),
    reasons AS (
        SELECT ref, {dialect.object_of("reason", "n")} AS by_reason
        FROM reason_counts GROUP BY ref
    ),
    refusals AS (
        SELECT j.ref, COUNT(*) AS refusals, COUNT(DISTINCT j.id) AS refused_tasks
        FROM judged j JOIN history e ON e.task_id = j.id
        WHERE j.status = 'done' AND j.completed_at IS NOT NULL AND e.action = %s
          AND e.at <= j.completed_at
        GROUP BY j.ref
    ),
    wait_ranked AS (
        SELECT ref, days AS v, ROW_NUMBER() OVER (PARTITION BY ref ORDER BY days) AS rn,
               COUNT(*) OVER (PARTITION BY ref) AS n
        FROM waits WHERE days IS NOT NULL
    ),
    wait_spread AS (SELECT ref, {dialect.nearest_rank(50)} AS p50 FROM wait_ranked GROUP BY ref),
    wait_counts AS (
        SELECT ref, COUNT(*) AS periods, SUM(follow_ups) AS follow_ups FROM waits GROUP BY ref
    ),
    all_ranked AS (
        SELECT days AS v, ROW_NUMBER() OVER (ORDER BY days) AS rn, COUNT(*) OVER () AS n
        FROM waits WHERE days IS NOT NULL
    ),
    all_waits AS (
        SELECT {dialect.nearest_rank(50)} AS p50, COUNT(*) AS ended FROM all_ranked
    )
    SELECT c.ref, c.count, c.done, c.on_time, c.skipped,
           COALESCE(l.late, 0), l.p50, l.p80, rs.by_reason,
           COALESCE(wc.periods, 0), ws.p50, COALESCE(wc.follow_ups, 0),
           COALESCE(rf.refused_tasks, 0), COALESCE(rf.refusals, 0),
           a.p50, a.ended
    FROM counts c
    CROSS JOIN all_waits a
    LEFT JOIN late l ON l.ref = c.ref
    LEFT JOIN reasons rs ON rs.ref = c.ref
    LEFT JOIN wait_counts wc ON wc.ref = c.ref
    LEFT JOIN wait_spread ws ON ws.ref = c.ref
    LEFT JOIN refusals rf ON rf.ref = c.ref
    """
    return sql, [*params, *wait_params, domain.COMPLETION_REFUSED]


def _step(row: tuple, gaps: tuple[int, int]) -> domain.StepMeasures:
    ref, count, done, on_time, skipped, late, p50, p80, by_reason = row[:9]
    periods, wait_p50, follow_ups, refused_tasks, refusals = row[9:14]
    return domain.StepMeasures(
        ref=ref,
        count=count,
        done=done,
        on_time=on_time,
        on_time_rate=rate(on_time, done),
        late=late,
        median_days_late=p50,
        p80_days_late=p80,
        skipped=skipped,
        skipped_share=rate(skipped, count),
        skipped_by_reason=_reasons(by_reason),
        waiting_periods=periods,
        median_wait_days=wait_p50,
        follow_ups=follow_ups,
        follow_ups_per_wait=rate(follow_ups, periods),
        refused_before_done=refused_tasks,
        refused_before_done_rate=rate(refused_tasks, done),
        refusals=refusals,
        open_gaps=gaps[0],
        resolved_gaps=gaps[1],
    )


def _gaps_per_ref(gaps) -> dict[str, tuple[int, int]]:
    totals: dict[str, tuple[int, int]] = {}
    for _, ref, is_open, n in gaps:
        open_, resolved = totals.get(ref, (0, 0))
        totals[ref] = (open_ + n, resolved) if is_open else (open_, resolved + n)
    return totals
