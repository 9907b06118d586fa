"""Insights: where the process slips, measured over plain rows of runs, tasks and their history.

Every measure is a function of rows a query read as values (no database here) and of the
organisation's timezone, in which every "day" is counted. A task is a row, so a task reopened
and completed again counts once, by its final completion. On time means done on or before the
due date's calendar day in the organisation's timezone; skipped tasks are settled but neither
on time nor late, so every on-time rate is on_time / done.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from .measures import days_between, local_day, median, month_of, percentile, rate
from .task_rules import DONE, SETTLED, SKIPPED

WAIT_STARTS = ("task-waiting",)
WAIT_ENDS = ("response-received", "task-completed", "task-skipped")
FOLLOW_UP_SENT = "follow-up-sent"
COMPLETION_REFUSED = "completion-refused"


@dataclass(frozen=True)
class RunRow:
    id: int
    anchor: date
    started_at: datetime
    stage: str
    archived: bool = False


@dataclass(frozen=True)
class TaskRow:
    id: int
    run_id: int | None
    ref: str
    status: str
    due: date
    completed_at: datetime | None = None
    skip_reason: str = ""
    closure: bool = False
    assignee_id: int | None = None
    follow_up_at: date | None = None


@dataclass(frozen=True)
class HistoryEvent:
    """One audit event of a task that insights read: waiting, follow-ups, refusals, settling."""

    task_id: int
    action: str
    at: datetime


@dataclass(frozen=True)
class GapRow:
    doc_id: str
    ref: str
    status: str


def is_done_on_time(task: TaskRow, timezone: str) -> bool:
    """Done, and completed on or before its due day in `timezone`."""
    if task.status != DONE or task.completed_at is None:
        return False
    return local_day(task.completed_at, timezone) <= task.due


def days_late(task: TaskRow, timezone: str) -> int:
    """Calendar days a done task was completed after its due day (0 when on time)."""
    if task.status != DONE or task.completed_at is None:
        return 0
    return max(0, (local_day(task.completed_at, timezone) - task.due).days)


@dataclass(frozen=True)
class TemplateMeasures:
    started: int
    finished: int
    in_progress: int
    archived: int
    median_duration_days: float | None
    p80_duration_days: float | None
    closures_done: int
    closures_on_time: int
    on_time_closure_rate: float | None
    tasks_done: int
    tasks_on_time: int
    on_time_rate: float | None


def _closed_at(tasks: list[TaskRow]) -> datetime | None:
    # A run closes when its last task settles, so that task's time is the run's end.
    times = [t.completed_at for t in tasks if t.status in SETTLED and t.completed_at]
    return max(times) if times else None


def template_measures(runs: list[RunRow], tasks: list[TaskRow], timezone: str):
    """Runs started, finished, in progress; run duration (start to close); on-time closure."""
    by_run: dict[int, list[TaskRow]] = defaultdict(list)
    for task in tasks:
        by_run[task.run_id].append(task)
    finished = [r for r in runs if r.stage == DONE]
    durations = []
    for run in finished:
        closed = _closed_at(by_run[run.id])
        if closed is not None:
            durations.append(days_between(run.started_at, closed, timezone))
    closures = [t for r in finished for t in by_run[r.id] if t.closure and t.status == DONE]
    closures_on_time = sum(is_done_on_time(t, timezone) for t in closures)
    done = [t for t in tasks if t.status == DONE]
    on_time = sum(is_done_on_time(t, timezone) for t in done)
    return TemplateMeasures(
        started=len(runs),
        finished=len(finished),
        in_progress=sum(1 for r in runs if r.stage != DONE and not r.archived),
        archived=sum(1 for r in runs if r.archived and r.stage != DONE),
        median_duration_days=median(durations),
        p80_duration_days=percentile(durations, 80),
        closures_done=len(closures),
        closures_on_time=closures_on_time,
        on_time_closure_rate=rate(closures_on_time, len(closures)),
        tasks_done=len(done),
        tasks_on_time=on_time,
        on_time_rate=rate(on_time, len(done)),
    )


@dataclass(frozen=True)
class WaitingPeriod:
    task_id: int
    days: int | None  # None while the task is still waiting
    follow_ups: int


def waiting_periods(events: list[HistoryEvent], timezone: str) -> list[WaitingPeriod]:
    """Each stretch from "waiting" to the response, completion or skip, with its follow-ups."""
    periods: list[WaitingPeriod] = []
    by_task: dict[int, list[HistoryEvent]] = defaultdict(list)
    for event in events:
        by_task[event.task_id].append(event)
    for task_id, history in by_task.items():
        started, follow_ups = None, 0
        for event in sorted(history, key=lambda e: e.at):
            if event.action in WAIT_STARTS and started is None:
                started, follow_ups = event.at, 0
            elif event.action == FOLLOW_UP_SENT and started is not None:
                follow_ups += 1
            elif event.action in WAIT_ENDS and started is not None:
                days = days_between(started, event.at, timezone)
                periods.append(WaitingPeriod(task_id, days, follow_ups))
                started = None
        if started is not None:
            periods.append(WaitingPeriod(task_id, None, follow_ups))
    return periods


def refused_before_completion(tasks: list[TaskRow], events: list[HistoryEvent]) -> dict[int, int]:
    """For each done task, how many completions were refused (missing proof) before it was done."""
    done_at = {t.id: t.completed_at for t in tasks if t.status == DONE and t.completed_at}
    counts: Counter[int] = Counter()
    for event in events:
        finished = done_at.get(event.task_id)
        if event.action == COMPLETION_REFUSED and finished and event.at <= finished:
            counts[event.task_id] += 1
    return dict(counts)


@dataclass(frozen=True)
class StepMeasures:
    ref: str
    count: int
    done: int
    on_time: int
    on_time_rate: float | None
    late: int
    median_days_late: float | None
    p80_days_late: float | None
    skipped: int
    skipped_share: float | None
    skipped_by_reason: dict[str, int]
    waiting_periods: int
    median_wait_days: float | None
    follow_ups: int
    follow_ups_per_wait: float | None
    refused_before_done: int
    refused_before_done_rate: float | None
    refusals: int
    open_gaps: int
    resolved_gaps: int


def _ordered_refs(tasks: list[TaskRow], refs: list[str]) -> list[str]:
    seen = [r for r in refs if r]
    extra = sorted({t.ref for t in tasks if t.ref and t.ref not in seen})
    return seen + extra


def _step(ref, tasks, periods, refused, gaps, timezone) -> StepMeasures:
    done = [t for t in tasks if t.status == DONE]
    on_time = sum(is_done_on_time(t, timezone) for t in done)
    lateness = [days_late(t, timezone) for t in done if not is_done_on_time(t, timezone)]
    skipped = [t for t in tasks if t.status == SKIPPED]
    ended = [p.days for p in periods if p.days is not None]
    follow_ups = sum(p.follow_ups for p in periods)
    refused_done = sum(1 for t in done if refused.get(t.id))
    return StepMeasures(
        ref=ref,
        count=len(tasks),
        done=len(done),
        on_time=on_time,
        on_time_rate=rate(on_time, len(done)),
        late=len(lateness),
        median_days_late=median(lateness),
        p80_days_late=percentile(lateness, 80),
        skipped=len(skipped),
        skipped_share=rate(len(skipped), len(tasks)),
        skipped_by_reason=dict(Counter(t.skip_reason or "(no reason)" for t in skipped)),
        waiting_periods=len(periods),
        median_wait_days=median(ended),
        follow_ups=follow_ups,
        follow_ups_per_wait=rate(follow_ups, len(periods)),
        refused_before_done=refused_done,
        refused_before_done_rate=rate(refused_done, len(done)),
        refusals=sum(refused.get(t.id, 0) for t in done),
        open_gaps=sum(1 for g in gaps if g.status == "open"),
        resolved_gaps=sum(1 for g in gaps if g.status != "open"),
    )


def step_measures(
    tasks: list[TaskRow],
    events: list[HistoryEvent],
    gaps: list[GapRow],
    timezone: str,
    refs: list[str] = (),
    periods: list[WaitingPeriod] | None = None,
) -> list[StepMeasures]:
    """One row per task ref, in the template's order (`refs`), then refs it no longer has;
    `periods` are the events' waiting periods when the caller has them already."""
    ref_of = {t.id: t.ref for t in tasks}
    tasks_by: dict[str, list[TaskRow]] = defaultdict(list)
    for task in tasks:
        tasks_by[task.ref].append(task)
    periods_by: dict[str, list[WaitingPeriod]] = defaultdict(list)
    for period in waiting_periods(events, timezone) if periods is None else periods:
        periods_by[ref_of.get(period.task_id, "")].append(period)
    refused = refused_before_completion(tasks, events)
    gaps_by: dict[str, list[GapRow]] = defaultdict(list)
    for gap in gaps:
        gaps_by[gap.ref].append(gap)
    return [
        _step(ref, tasks_by[ref], periods_by[ref], refused, gaps_by[ref], timezone)
        for ref in _ordered_refs(tasks, list(refs))
        if tasks_by[ref]
    ]


def slipping_most(steps: list[StepMeasures], limit: int = 5) -> list[StepMeasures]:
    """The steps late most often (then by median days late); steps never late are left out."""
    late = [s for s in steps if s.late]
    late.sort(key=lambda s: (-(s.late / s.done), -(s.median_days_late or 0), s.ref))
    return late[:limit]


@dataclass(frozen=True)
class DocGaps:
    doc_id: str
    open: int
    resolved: int


def gaps_per_doc(gaps: list[GapRow]) -> list[DocGaps]:
    """Open and resolved gaps per doc, the doc with most open gaps first."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for gap in gaps:
        counts[gap.doc_id]["open" if gap.status == "open" else "resolved"] += 1
    rows = [DocGaps(doc, c["open"], c["resolved"]) for doc, c in counts.items()]
    return sorted(rows, key=lambda d: (-d.open, -d.resolved, d.doc_id))


@dataclass(frozen=True)
class MonthMeasures:
    month: str
    done: int
    on_time: int
    on_time_rate: float | None
    late: int = field(default=0)


def monthly_trend(tasks: list[TaskRow], timezone: str) -> list[MonthMeasures]:
    """The on-time rate of done tasks by the month they were due, oldest first."""
    done_by: Counter[str] = Counter()
    on_time_by: Counter[str] = Counter()
    for task in tasks:
        if task.status == DONE:
            month = month_of(task.due)
            done_by[month] += 1
            on_time_by[month] += is_done_on_time(task, timezone)
    return [
        MonthMeasures(
            m,
            done_by[m],
            on_time_by[m],
            rate(on_time_by[m], done_by[m]),
            done_by[m] - on_time_by[m],
        )
        for m in sorted(done_by)
    ]
