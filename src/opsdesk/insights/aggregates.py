"""The insights measures computed by the database: one query per table, each answering a row
per group (template, step, person, doc, month), however long the history.

They give exactly the numbers of the pure measures in `opsdesk.domain.insights`, which stay
the reference (see `reference.py`): the same nearest-rank percentiles, the same calendar days
in the organisation's timezone, the same waiting periods read from each task's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q

from opsdesk.domain import insights as domain
from opsdesk.domain.insights_people import RECENT_DAYS, PersonMeasures, person_order
from opsdesk.domain.measures import rate
from opsdesk.gaps.models import ProcessGap

from . import dialect
from .queries import Selection
from .sql_common import fetch, in_list, selected, years_of
from .sql_steps import step_measures


def template_measures(
    selection: Selection, closure_refs: set[str], timezone: str
) -> domain.TemplateMeasures:
    """Runs started, finished, in progress, archived; run duration; on-time closure."""
    base, params = selected(selection, timezone)
    closure_test, closure_params = in_list(sorted(closure_refs))
    duration = dialect.days_from(
        dialect.local_day("run_started", timezone, years_of(selection)),
        dialect.local_day("closed_at", timezone, years_of(selection)),
    )
    # One pass over the tasks gives a row per run (runs without tasks neither close nor
    # count a closure); the runs themselves are counted from the selection.
    sql = f"""
    WITH {base},
    per_run AS (
        SELECT run_stage, run_started,
               MAX(CASE WHEN status IN ('done', 'skipped') THEN completed_at END) AS closed_at,
               -- Integers, so that their sums are too (PostgreSQL sums bigints as numeric).
               CAST(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS INTEGER) AS done,
               CAST(SUM(on_time) AS INTEGER) AS on_time,
               CAST(SUM(CASE WHEN status = 'done' AND ref {closure_test} THEN 1 ELSE 0 END)
                    AS INTEGER) AS closures,
               CAST(SUM(CASE WHEN ref {closure_test} THEN on_time ELSE 0 END) AS INTEGER)
                   AS closures_on_time
        FROM judged GROUP BY run_id, run_stage, run_started
    ),
    ranked AS (
        SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn, COUNT(*) OVER () AS n FROM (
            SELECT {duration} AS v FROM per_run
            WHERE run_stage = 'done' AND closed_at IS NOT NULL
        ) durations
    )
    SELECT runs.*, spread.*, tasks.* FROM (
        SELECT COUNT(*),
               COALESCE(SUM(CASE WHEN stage = 'done' THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN stage <> 'done' AND archived_at IS NULL
                                 THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN stage <> 'done' AND archived_at IS NOT NULL
                                 THEN 1 ELSE 0 END), 0)
        FROM sel_runs
    ) runs CROSS JOIN (
        SELECT {dialect.nearest_rank(50)}, {dialect.nearest_rank(80)} FROM ranked
    ) spread CROSS JOIN (
        SELECT COALESCE(SUM(CASE WHEN run_stage = 'done' THEN closures ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN run_stage = 'done' THEN closures_on_time ELSE 0 END), 0),
               COALESCE(SUM(done), 0), COALESCE(SUM(on_time), 0)
        FROM per_run
    ) tasks
    """
    [row] = fetch(sql, [*params, *closure_params, *closure_params])
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


def people_measures(selection: Selection, today: date, timezone: str) -> list[PersonMeasures]:
    """Per assignee (None: nobody): open tasks, overdue today, done in the last 30 days."""
    base, params = selected(selection, timezone)
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
    FROM judged GROUP BY assignee_id
    """
    since = today - timedelta(days=RECENT_DAYS - 1)
    rows = fetch(sql, params + [today, today, since, today])
    people = [PersonMeasures(who, open_, overdue, recent) for who, open_, overdue, recent in rows]
    return sorted(people, key=person_order)


def month_measures(selection: Selection, timezone: str) -> list[domain.MonthMeasures]:
    """The on-time rate of done tasks by the month they were due, oldest first."""
    base, params = selected(selection, timezone)
    month = dialect.month_of("due")
    sql = f"""
    WITH {base}
    SELECT {month} AS month, COUNT(*), SUM(on_time) FROM judged
    WHERE status = 'done' GROUP BY {month} ORDER BY {month}
    """
    return [
        domain.MonthMeasures(month, done, on_time, rate(on_time, done), done - on_time)
        for month, done, on_time in fetch(sql, params)
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
    waiting_periods: int  # the ended ones, which the median is taken over
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
