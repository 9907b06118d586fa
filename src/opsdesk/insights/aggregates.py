"""The insights measures computed by the database: one query per table, each answering a row
per group (template, step, person, doc, month), however long the history.

They give exactly the numbers of the pure measures in `opsdesk.domain.insights`, which stay
the reference (see `reference.py`): the same nearest-rank percentiles, the same calendar days
in the organisation's timezone, the same waiting periods read from each task's history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Q

from opsdesk.audit.models import AuditEvent
from opsdesk.domain import insights as domain
from opsdesk.domain.insights_people import RECENT_DAYS, PersonMeasures, person_order
from opsdesk.domain.measures import rate
from opsdesk.gaps.models import ProcessGap
from opsdesk.runs.models import Run, Task

from . import dialect
from .queries import Selection


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in(values) -> tuple[str, list]:
    """`IN (...)` placeholders for `values`, or a test no row passes when there are none."""
    values = list(values)
    if not values:
        return "IN (NULL)", []
    return "IN (" + ", ".join(["%s"] * len(values)) + ")", values


def _selected(selection: Selection, timezone: str) -> tuple[str, list]:
    """The CTEs every query starts from: the selected runs, and their tasks judged on time or
    late by the day they were completed in `timezone`."""
    done_day = dialect.local_day("t.completed_at", timezone)
    late_by = dialect.days_from("due", "done_day")
    sql = f"""
    sel_runs AS MATERIALIZED (
        SELECT id, created_at, stage, archived_at FROM {_table(Run)}
        WHERE type = %s AND anchor_date >= %s AND anchor_date <= %s
    ),
    sel_tasks AS (
        SELECT t.id, t.run_id, t.template_ref AS ref, t.status, t.due_date AS due,
               t.completed_at, t.skip_reason, t.assignee_id, t.follow_up_at,
               {done_day} AS done_day
        FROM {_table(Task)} t JOIN sel_runs r ON r.id = t.run_id
    ),
    judged AS (
        SELECT sel_tasks.*,
               CASE WHEN status = 'done' AND done_day IS NOT NULL AND done_day <= due
                    THEN 1 ELSE 0 END AS on_time,
               CASE WHEN status = 'done' AND done_day IS NOT NULL AND done_day > due
                    THEN {late_by} ELSE 0 END AS days_late
        FROM sel_tasks
    )"""
    return sql, [selection.type, selection.start, selection.end]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def template_measures(
    selection: Selection, closure_refs: set[str], timezone: str
) -> domain.TemplateMeasures:
    """Runs started, finished, in progress, archived; run duration; on-time closure."""
    base, params = _selected(selection, timezone)
    closure_test, closure_params = _in(sorted(closure_refs))
    duration = dialect.days_from(
        dialect.local_day("r.created_at", timezone), dialect.local_day("c.closed_at", timezone)
    )
    sql = f"""
    WITH {base},
    closed AS (
        SELECT run_id, MAX(completed_at) AS closed_at FROM sel_tasks
        WHERE status IN ('done', 'skipped') AND completed_at IS NOT NULL GROUP BY run_id
    ),
    durations AS (
        SELECT {duration} AS v FROM sel_runs r JOIN closed c ON c.run_id = r.id
        WHERE r.stage = 'done'
    ),
    ranked AS (
        SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn, COUNT(*) OVER () AS n FROM durations
    )
    SELECT counts.*, spread.*, closures.*, tasks.* FROM
        (SELECT COUNT(*) AS started,
                COALESCE(SUM(CASE WHEN stage = 'done' THEN 1 ELSE 0 END), 0) AS finished,
                COALESCE(SUM(CASE WHEN stage <> 'done' AND archived_at IS NULL
                                  THEN 1 ELSE 0 END), 0) AS in_progress,
                COALESCE(SUM(CASE WHEN stage <> 'done' AND archived_at IS NOT NULL
                                  THEN 1 ELSE 0 END), 0) AS archived
         FROM sel_runs) counts
    CROSS JOIN
        (SELECT {dialect.nearest_rank(50)} AS p50, {dialect.nearest_rank(80)} AS p80
         FROM ranked) spread
    CROSS JOIN
        (SELECT COUNT(*) AS closures, COALESCE(SUM(j.on_time), 0) AS closures_on_time
         FROM judged j JOIN sel_runs r ON r.id = j.run_id
         WHERE r.stage = 'done' AND j.status = 'done' AND j.ref {closure_test}) closures
    CROSS JOIN
        (SELECT COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0) AS done,
                COALESCE(SUM(on_time), 0) AS on_time
         FROM judged) tasks
    """
    [row] = _fetch(sql, params + closure_params)
    started, finished, in_progress, archived, p50, p80 = row[:6]
    closures, closures_on_time, done, on_time = row[6:]
    return domain.TemplateMeasures(
        started=started,
        finished=finished,
        in_progress=in_progress,
        archived=archived,
        median_duration_days=p50,
        p80_duration_days=p80,
        closures_done=closures,
        closures_on_time=closures_on_time,
        on_time_closure_rate=rate(closures_on_time, closures),
        tasks_done=done,
        tasks_on_time=on_time,
        on_time_rate=rate(on_time, done),
    )


def _waits_sql(timezone: str) -> tuple[str, list]:
    """CTEs of the selected tasks' waiting periods, read as `waiting_periods` reads them: a wait
    starts at "waiting" when none is open, ends at the first answer, completion or skip after
    it, and counts the follow-ups sent while it is open."""
    starts, start_params = _in(domain.WAIT_STARTS)
    ends, end_params = _in(domain.WAIT_ENDS)
    marks, mark_params = _in((*domain.WAIT_STARTS, *domain.WAIT_ENDS))
    ends_again, end_params_again = _in(domain.WAIT_ENDS)
    days = dialect.days_from(
        dialect.local_day("started_at", timezone), dialect.local_day("ended_at", timezone)
    )
    sql = f"""
    history AS (
        SELECT e.id, e.task_id, e.action, e.at FROM {_table(AuditEvent)} e
        JOIN sel_tasks t ON t.id = e.task_id
        WHERE e.action {marks} OR e.action = %s
    ),
    marked AS (
        SELECT id, task_id, at,
               CASE WHEN action {starts}
                     AND COALESCE(LAG(action) OVER (PARTITION BY task_id ORDER BY at, id)
                                  {ends}, TRUE)
                    THEN 1 ELSE 0 END AS opens,
               CASE WHEN action {ends_again} THEN 1 ELSE 0 END AS closes, 0 AS follows
        FROM history WHERE action {marks}
    ),
    stream AS (
        SELECT id, task_id, at, opens, closes, follows FROM marked
        UNION ALL
        SELECT id, task_id, at, 0, 0, 1 FROM history WHERE action = %s
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
        FROM periods p JOIN sel_tasks t ON t.id = p.task_id
    )"""
    params = [
        *mark_params,
        domain.FOLLOW_UP_SENT,
        *start_params,
        *end_params,
        *end_params_again,
        *mark_params,
        domain.FOLLOW_UP_SENT,
    ]
    return sql, params


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
    base, params = _selected(selection, timezone)
    waits, wait_params = _waits_sql(timezone)
    refused = "completion-refused"
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
        SELECT ref, days_late AS v,
               ROW_NUMBER() OVER (PARTITION BY ref ORDER BY days_late) AS rn,
               COUNT(*) OVER (PARTITION BY ref) AS n
        FROM judged WHERE status = 'done' AND on_time = 0
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
        FROM judged j JOIN {_table(AuditEvent)} e ON e.task_id = j.id
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
    rows = {row[0]: row for row in _fetch(sql, params + wait_params + [refused])}
    per_ref = _gaps_per_ref(gaps)
    steps = [_step(rows[ref], per_ref.get(ref, (0, 0))) for ref in _ordered(list(refs), set(rows))]
    any_row = next(iter(rows.values()), None)
    return StepTable(
        steps=steps,
        median_wait_days=any_row[14] if any_row else None,
        waiting_periods=any_row[15] if any_row else 0,
    )


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


def people_measures(selection: Selection, today: date, timezone: str) -> list[PersonMeasures]:
    """Per assignee (None: nobody): open tasks, overdue today, done in the last 30 days."""
    base, params = _selected(selection, timezone)
    sql = f"""
    WITH {base}
    SELECT assignee_id,
           SUM(CASE WHEN status IN ('todo', 'waiting') THEN 1 ELSE 0 END),
           SUM(CASE WHEN status IN ('todo', 'waiting') AND due < %s
                     AND NOT (status = 'waiting' AND follow_up_at IS NOT NULL
                              AND follow_up_at > %s)
                    THEN 1 ELSE 0 END),
           SUM(CASE WHEN status = 'done' AND done_day >= %s AND done_day <= %s
                    THEN 1 ELSE 0 END)
    FROM sel_tasks GROUP BY assignee_id
    """
    since = today - timedelta(days=RECENT_DAYS - 1)
    rows = _fetch(sql, params + [today, today, since, today])
    people = [PersonMeasures(who, open_, overdue, recent) for who, open_, overdue, recent in rows]
    return sorted(people, key=person_order)


def month_measures(selection: Selection, timezone: str) -> list[domain.MonthMeasures]:
    """The on-time rate of done tasks by the month they were due, oldest first."""
    base, params = _selected(selection, timezone)
    month = dialect.month_of("due")
    sql = f"""
    WITH {base}
    SELECT {month} AS month, COUNT(*), SUM(on_time) FROM judged
    WHERE status = 'done' GROUP BY {month} ORDER BY {month}
    """
    return [
        domain.MonthMeasures(month, done, on_time, rate(on_time, done), done - on_time)
        for month, done, on_time in _fetch(sql, params)
    ]


def gap_counts(
    selection: Selection, doc_ids, since: datetime, until: datetime
) -> list[tuple[str, str, bool, int]]:
    """(doc, task ref, open?, how many) of the gaps `queries.gap_rows` reads, counted."""
    from_runs = selection.run_filter("run__")
    from_docs = Q(run__isnull=True, doc_id__in=list(doc_ids), created_at__gte=since) & Q(
        created_at__lt=until
    )
    counted = (
        ProcessGap.objects.filter(from_runs | from_docs)
        .order_by()
        .values("doc_id", "task__template_ref", "status")
        .annotate(n=Count("id"))
        .values_list("doc_id", "task__template_ref", "status", "n")
    )
    return [(doc or "", ref or "", status == "open", n) for doc, ref, status, n in counted]


def _gaps_per_ref(gaps) -> dict[str, tuple[int, int]]:
    totals: dict[str, tuple[int, int]] = {}
    for _, ref, is_open, n in gaps:
        open_, resolved = totals.get(ref, (0, 0))
        totals[ref] = (open_ + n, resolved) if is_open else (open_, resolved + n)
    return totals


def gaps_per_doc(gaps) -> list[domain.DocGaps]:
    """Open and resolved gaps per doc, the doc with most open gaps first."""
    totals: dict[str, tuple[int, int]] = {}
    for doc, _, is_open, n in gaps:
        open_, resolved = totals.get(doc, (0, 0))
        totals[doc] = (open_ + n, resolved) if is_open else (open_, resolved + n)
    rows = [domain.DocGaps(doc, open_, resolved) for doc, (open_, resolved) in totals.items()]
    return sorted(rows, key=lambda d: (-d.open, -d.resolved, d.doc_id))


@dataclass(frozen=True)
class Measures:
    """Every table of a report, as the domain's records."""

    template: domain.TemplateMeasures
    steps: list[domain.StepMeasures]
    median_wait_days: int | None
    waiting_periods: int
    people: list[PersonMeasures]
    gaps: list[domain.DocGaps]
    months: list[domain.MonthMeasures]


@dataclass(frozen=True)
class Question:
    """What a report measures: the runs, the template's steps and docs, the gaps' time window
    (for gaps reported on a doc, which no run anchors), the day "now" is, the timezone."""

    selection: Selection
    refs: list[str]
    closure_refs: set[str]
    doc_ids: set[str]
    since: datetime
    until: datetime
    today: date
    timezone: str


def measure_all(question: Question) -> Measures:
    """Every table, one query each (the steps' gap counts come with the gaps' query)."""
    q = question
    gaps = gap_counts(q.selection, q.doc_ids, q.since, q.until)
    steps = step_measures(q.selection, gaps, q.timezone, q.refs)
    return Measures(
        template=template_measures(q.selection, q.closure_refs, q.timezone),
        steps=steps.steps,
        median_wait_days=steps.median_wait_days,
        waiting_periods=steps.waiting_periods,
        people=people_measures(q.selection, q.today, q.timezone),
        gaps=gaps_per_doc(gaps),
        months=month_measures(q.selection, q.timezone),
    )
