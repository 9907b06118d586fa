"""The same report computed by the pure domain measures over every row of the history.

This is the reference the SQL in `aggregates.py` is held to: slower (it reads every task and
event), but each measure is a plain function tested on literal data.
"""

from __future__ import annotations

from opsdesk.domain import insights as domain
from opsdesk.domain import insights_people
from opsdesk.domain.measures import median

from . import queries
from .aggregates import Measures, Question


def measure_all_from_rows(question: Question) -> Measures:
    q = question
    runs = queries.run_rows(q.selection)
    tasks = queries.task_rows(q.selection, q.closure_refs)
    events = queries.history_rows(q.selection)
    gaps = queries.gap_rows(q.selection, q.doc_ids, q.since, q.until)
    periods = domain.waiting_periods(events, q.timezone)
    waits = [p.days for p in periods if p.days is not None]
    return Measures(
        template=domain.template_measures(runs, tasks, q.timezone),
        steps=domain.step_measures(tasks, events, gaps, q.timezone, q.refs, periods),
        median_wait_days=median(waits),
        waiting_periods=len(waits),
        people=insights_people.people_measures(tasks, q.today, q.timezone),
        gaps=domain.gaps_per_doc(gaps),
        months=domain.monthly_trend(tasks, q.timezone),
    )
