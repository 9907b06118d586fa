"""Insights measures on hand-built histories whose answers are known."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from opsdesk.domain.insights import (
    GapRow,
    HistoryEvent,
    RunRow,
    TaskRow,
    days_late,
    gaps_per_doc,
    is_done_on_time,
    monthly_trend,
    slipping_most,
    step_measures,
    template_measures,
    waiting_periods,
)
from opsdesk.domain.insights_people import people_measures

BERLIN = "Europe/Berlin"
DUE = date(2026, 7, 22)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    """An instant given as Berlin summer time (UTC+2), stored in UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=2)


def done(id: int, ref: str, due: date, at: datetime, **more) -> TaskRow:
    return TaskRow(
        id=id,
        run_id=more.pop("run_id", 1),
        ref=ref,
        status="done",
        due=due,
        completed_at=at,
        **more,
    )


def event(task_id: int, action: str, at: datetime) -> HistoryEvent:
    return HistoryEvent(task_id=task_id, action=action, at=at)


def test_completed_at_2330_berlin_on_the_due_day_is_on_time():
    task = done(1, "a", DUE, berlin(DUE, 23, 30))
    assert is_done_on_time(task, BERLIN)
    assert days_late(task, BERLIN) == 0


def test_completed_at_0030_berlin_the_next_day_is_one_day_late_though_utc_is_the_due_day():
    at = berlin(DUE + timedelta(days=1), 0, 30)
    assert at.date() == DUE
    task = done(1, "a", DUE, at)
    assert not is_done_on_time(task, BERLIN)
    assert days_late(task, BERLIN) == 1


def test_a_step_counts_on_time_rate_over_done_tasks_and_leaves_skipped_ones_out():
    tasks = [
        done(1, "edit", DUE, berlin(DUE, 9)),
        done(2, "edit", DUE, berlin(DUE + timedelta(days=2), 9)),
        done(3, "edit", DUE, berlin(DUE + timedelta(days=5), 9)),
        TaskRow(4, 1, "edit", "skipped", DUE, berlin(DUE, 8), skip_reason="not sponsored"),
        TaskRow(5, 1, "edit", "skipped", DUE, berlin(DUE, 8), skip_reason="not sponsored"),
        TaskRow(6, 1, "edit", "todo", DUE),
    ]
    [step] = step_measures(tasks, [], [], BERLIN, ["edit"])
    assert (step.count, step.done, step.on_time, step.late) == (6, 3, 1, 2)
    assert step.on_time_rate == 0.333
    assert (step.median_days_late, step.p80_days_late) == (2, 5)
    assert step.skipped == 2 and step.skipped_share == 0.333
    assert step.skipped_by_reason == {"not sponsored": 2}


def test_a_reopened_task_completed_again_counts_once_by_its_final_completion():
    final = berlin(DUE + timedelta(days=3), 10)
    task = done(1, "publish", DUE, final)
    history = [
        event(1, "task-completed", berlin(DUE, 10)),
        event(1, "task-reopened", berlin(DUE + timedelta(days=1), 10)),
        event(1, "task-completed", final),
    ]
    [step] = step_measures([task], history, [], BERLIN, ["publish"])
    assert (step.count, step.done, step.late, step.median_days_late) == (1, 1, 1, 3)


def test_waiting_lasts_from_waiting_to_the_response_with_the_follow_ups_sent_meanwhile():
    start = berlin(date(2026, 7, 1), 16)
    history = [
        event(7, "task-waiting", start),
        event(7, "follow-up-sent", start + timedelta(days=3)),
        event(7, "follow-up-sent", start + timedelta(days=5)),
        event(7, "response-received", berlin(date(2026, 7, 8), 9)),
        event(7, "task-waiting", berlin(date(2026, 7, 9), 9)),
        event(8, "task-waiting", berlin(date(2026, 7, 2), 9)),
    ]
    periods = waiting_periods(history, BERLIN)
    assert [(p.task_id, p.days, p.follow_ups) for p in periods] == [
        (7, 7, 2),
        (7, None, 0),
        (8, None, 0),
    ]


def test_a_step_reports_the_median_wait_of_ended_periods_and_follow_ups_per_period():
    tasks = [
        done(1, "outreach", DUE, berlin(DUE, 9)),
        done(2, "outreach", DUE, berlin(DUE, 9)),
        TaskRow(3, 1, "outreach", "waiting", DUE, follow_up_at=DUE),
    ]
    history = [
        event(1, "task-waiting", berlin(date(2026, 7, 1), 9)),
        event(1, "follow-up-sent", berlin(date(2026, 7, 3), 9)),
        event(1, "task-completed", berlin(DUE, 9)),
        event(2, "task-waiting", berlin(date(2026, 7, 20), 9)),
        event(2, "response-received", berlin(date(2026, 7, 21), 9)),
        event(3, "task-waiting", berlin(date(2026, 7, 18), 9)),
        event(3, "follow-up-sent", berlin(date(2026, 7, 19), 9)),
    ]
    [step] = step_measures(tasks, history, [], BERLIN, ["outreach"])
    assert step.waiting_periods == 3
    assert step.median_wait_days == 1  # periods of 21 and 1 days ended; lower middle
    assert (step.follow_ups, step.follow_ups_per_wait) == (2, 0.667)


def test_refused_completions_count_only_before_the_task_was_done():
    at = berlin(DUE, 12)
    tasks = [done(1, "upload", DUE, at), done(2, "upload", DUE, at)]
    history = [
        event(1, "completion-refused", at - timedelta(hours=2)),
        event(1, "completion-refused", at - timedelta(hours=1)),
        event(2, "completion-refused", at + timedelta(days=1)),
    ]
    [step] = step_measures(tasks, history, [], BERLIN, ["upload"])
    assert (step.refused_before_done, step.refusals) == (1, 2)
    assert step.refused_before_done_rate == 0.5


def test_steps_keep_the_templates_order_then_refs_it_no_longer_has_and_skip_ad_hoc_tasks():
    tasks = [
        TaskRow(1, 1, "zeta", "todo", DUE),
        TaskRow(2, 1, "old-step", "todo", DUE),
        TaskRow(3, 1, "alpha", "todo", DUE),
        TaskRow(4, 1, "", "todo", DUE),
    ]
    steps = step_measures(tasks, [], [], BERLIN, ["zeta", "alpha", "never-run"])
    assert [s.ref for s in steps] == ["zeta", "alpha", "old-step"]


def test_gaps_count_per_step_and_per_doc_with_most_open_first():
    gaps = [
        GapRow("sop.a", "outreach", "open"),
        GapRow("sop.b", "edit", "open"),
        GapRow("sop.b", "edit", "open"),
        GapRow("sop.b", "edit", "resolved"),
        GapRow("sop.c", "", "resolved"),
    ]
    per_doc = gaps_per_doc(gaps)
    assert [(d.doc_id, d.open, d.resolved) for d in per_doc] == [
        ("sop.b", 2, 1),
        ("sop.a", 1, 0),
        ("sop.c", 0, 1),
    ]
    tasks = [TaskRow(1, 1, "edit", "todo", DUE)]
    [step] = step_measures(tasks, [], gaps, BERLIN, ["edit"])
    assert (step.open_gaps, step.resolved_gaps) == (2, 1)


def test_the_steps_that_slip_most_are_late_most_often_then_by_how_much():
    tasks = [
        done(1, "a", DUE, berlin(DUE + timedelta(days=1), 9)),
        done(2, "a", DUE, berlin(DUE, 9)),
        done(3, "b", DUE, berlin(DUE + timedelta(days=4), 9)),
        done(4, "b", DUE, berlin(DUE, 9)),
        done(5, "c", DUE, berlin(DUE + timedelta(days=1), 9)),
        done(6, "d", DUE, berlin(DUE, 9)),
    ]
    steps = step_measures(tasks, [], [], BERLIN, ["a", "b", "c", "d"])
    assert [s.ref for s in slipping_most(steps)] == ["c", "b", "a"]
    assert [s.ref for s in slipping_most(steps, limit=1)] == ["c"]


def test_a_run_spanning_the_change_to_summer_time_lasts_whole_calendar_days():
    started = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)  # 10:00 Berlin, winter time
    closed = datetime(2026, 4, 3, 8, 0, tzinfo=UTC)  # 10:00 Berlin, summer time
    runs = [RunRow(1, date(2026, 4, 1), started, "done")]
    tasks = [
        TaskRow(1, 1, "publish", "done", date(2026, 4, 1), closed - timedelta(days=2)),
        TaskRow(2, 1, "social", "done", date(2026, 4, 3), closed, closure=True),
    ]
    measures = template_measures(runs, tasks, BERLIN)
    assert measures.median_duration_days == 14


def test_a_template_counts_runs_and_the_share_closed_on_time():
    start = berlin(date(2026, 6, 1), 9)
    runs = [
        RunRow(1, DUE, start, "done"),
        RunRow(2, DUE, start, "done"),
        RunRow(3, DUE, start, "done"),
        RunRow(4, DUE, start, "announced"),
        RunRow(5, DUE, start, "preparation", archived=True),
    ]
    tasks = [
        done(1, "close", DUE, berlin(DUE, 23, 30), closure=True, run_id=1),
        done(2, "close", DUE, berlin(DUE + timedelta(days=2), 9), closure=True, run_id=2),
        TaskRow(3, 3, "close", "skipped", DUE, berlin(DUE, 9), closure=True),
        TaskRow(4, 4, "close", "todo", DUE, closure=True),
    ]
    m = template_measures(runs, tasks, BERLIN)
    assert (m.started, m.finished, m.in_progress, m.archived) == (5, 3, 1, 1)
    assert (m.closures_done, m.closures_on_time, m.on_time_closure_rate) == (2, 1, 0.5)
    assert (m.median_duration_days, m.p80_duration_days) == (51, 53)


def test_a_template_without_runs_has_unknown_rates_not_zero():
    m = template_measures([], [], BERLIN)
    assert (m.started, m.on_time_closure_rate, m.median_duration_days) == (0, None, None)


def test_people_see_open_overdue_and_done_in_the_last_30_days():
    today = date(2026, 7, 22)
    tasks = [
        TaskRow(1, 1, "a", "todo", today - timedelta(days=1), assignee_id=5),
        TaskRow(
            2,
            1,
            "a",
            "waiting",
            today - timedelta(days=3),
            assignee_id=5,
            follow_up_at=today + timedelta(days=1),
        ),
        TaskRow(3, 1, "a", "waiting", today - timedelta(days=3), assignee_id=5, follow_up_at=today),
        TaskRow(4, 1, "a", "todo", today, assignee_id=5),
        done(5, "a", today, berlin(today - timedelta(days=29), 9), assignee_id=5),
        done(6, "a", today, berlin(today - timedelta(days=30), 9), assignee_id=5),
        # Completed at 00:30 Berlin on 23 July: not yet "done" on the 22nd.
        done(7, "a", today, berlin(today + timedelta(days=1), 0, 30), assignee_id=5),
        TaskRow(8, 1, "a", "todo", today - timedelta(days=9)),
    ]
    rows = people_measures(tasks, today, BERLIN)
    assert [(p.assignee_id, p.open, p.overdue, p.done_last_30_days) for p in rows] == [
        (5, 4, 2, 1),
        (None, 1, 1, 0),
    ]


def test_the_monthly_trend_groups_done_tasks_by_the_month_they_were_due():
    tasks = [
        done(1, "a", date(2026, 5, 31), berlin(date(2026, 6, 1), 0, 30)),
        done(2, "a", date(2026, 5, 10), berlin(date(2026, 5, 10), 9)),
        done(3, "a", date(2026, 6, 2), berlin(date(2026, 6, 2), 9)),
        TaskRow(4, 1, "a", "skipped", date(2026, 6, 3), berlin(date(2026, 6, 3), 9)),
    ]
    months = monthly_trend(tasks, BERLIN)
    assert [(m.month, m.done, m.on_time, m.on_time_rate, m.late) for m in months] == [
        ("2026-05", 2, 1, 0.5, 1),
        ("2026-06", 1, 1, 1.0, 0),
    ]
