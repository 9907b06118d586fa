"""Moving a run's anchor: open tasks follow the template, settled work and overrides stay."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.reanchor import (
    KEEP_DONE,
    KEEP_OVERRIDE,
    KEEP_SKIPPED,
    SHIFT,
    TaskDates,
    plan_move,
)

ANCHOR = date(2026, 7, 22)
FIVE_PM = time(17, 0)
TODAY = date(2026, 6, 1)


def _task(i, status="todo", offset=-3, overridden=False, due=None, follow_up=None, ref="r"):
    return TaskDates(
        id=i,
        ref=ref if offset is not None else "",
        description=f"task {i}",
        status=status,
        due=due or ANCHOR + timedelta(days=offset or 0),
        offset_days=offset,
        overridden=overridden,
        follow_up_at=follow_up,
    )


def _plan(tasks, to_anchor, **kwargs):
    return plan_move(
        tasks, from_anchor=ANCHOR, to_anchor=to_anchor, from_time=FIVE_PM, today=TODAY, **kwargs
    )


def test_open_template_tasks_take_their_offset_from_the_new_anchor():
    plan = _plan([_task(1, offset=-21), _task(2, status="waiting", offset=2)], date(2026, 7, 29))

    assert [(m.new_due, m.action) for m in plan.moves] == [
        (date(2026, 7, 8), SHIFT),
        (date(2026, 7, 31), SHIFT),
    ]
    assert plan.day_delta == 7


def test_done_skipped_and_overridden_tasks_keep_their_dates():
    tasks = [
        _task(1, status="done"),
        _task(2, status="skipped"),
        _task(3, overridden=True, due=date(2026, 7, 1)),
    ]

    plan = _plan(tasks, date(2026, 8, 5))

    assert [(m.new_due, m.action) for m in plan.moves] == [
        (tasks[0].due, KEEP_DONE),
        (tasks[1].due, KEEP_SKIPPED),
        (date(2026, 7, 1), KEEP_OVERRIDE),
    ]
    assert plan.moved == ()


def test_an_override_moves_when_asked():
    plan = _plan(
        [_task(1, overridden=True, due=date(2026, 7, 1))], date(2026, 7, 29), move_overrides=True
    )

    assert (plan.moves[0].new_due, plan.moves[0].action) == (date(2026, 7, 26), SHIFT)


def test_an_adhoc_task_moves_by_the_anchors_delta():
    plan = _plan([_task(1, offset=None, due=date(2026, 7, 30))], date(2026, 7, 20))

    assert plan.moves[0].new_due == date(2026, 7, 28)


def test_moving_to_the_same_anchor_moves_nothing():
    plan = _plan([_task(1, due=date(2026, 7, 1))], ANCHOR)

    assert plan.nothing_to_move
    assert plan.moved == ()


def test_a_new_time_on_the_same_day_is_something_to_move():
    plan = _plan([_task(1)], ANCHOR, to_time=time(9, 0))

    assert not plan.nothing_to_move
    assert plan.moved == ()


def test_a_date_already_past_and_a_follow_up_after_the_new_due_date_are_warned():
    tasks = [
        _task(1, offset=-10),
        _task(2, status="waiting", offset=-3, follow_up=date(2026, 6, 10)),
    ]

    plan = _plan(tasks, date(2026, 6, 8))

    assert [(w.task_id, w.kind) for w in plan.warnings] == [
        (1, "already-past"),
        (2, "follow-up-after-due"),
    ]
    assert "2026-05-29" in plan.warnings[0].message


def test_a_move_past_the_dates_opsdesk_keeps_is_refused_by_task():
    with pytest.raises(InvalidInput, match="'task 1' on 2101-01-02"):
        _plan([_task(1, offset=2)], date(2100, 12, 31))


# Around both Berlin DST changes of 2026 (29 March, 25 October) and across month ends.
days = st.dates(min_value=date(2026, 1, 20), max_value=date(2027, 3, 10))
offsets = st.integers(min_value=-40, max_value=40)
task_states = st.builds(
    lambda status, offset, overridden, shift, adhoc: (status, offset, overridden, shift, adhoc),
    st.sampled_from(["todo", "waiting", "done", "skipped"]),
    offsets,
    st.booleans(),
    st.integers(min_value=-5, max_value=5),
    st.booleans(),
)


def _run(anchor: date, states) -> list[TaskDates]:
    tasks = []
    for i, (status, offset, overridden, shift, adhoc) in enumerate(states):
        planned = anchor + timedelta(days=offset)
        # Settled and overridden tasks may sit anywhere; untouched open ones sit on the plan.
        off_plan = overridden or status in ("done", "skipped") or adhoc
        tasks.append(
            TaskDates(
                id=i,
                ref="" if adhoc else f"t{i}",
                description=f"task {i}",
                status=status,
                due=planned + timedelta(days=shift if off_plan else 0),
                offset_days=None if adhoc else offset,
                overridden=overridden,
            )
        )
    return tasks


@settings(max_examples=300, deadline=None)
@given(
    anchor=days, new_anchor=days, states=st.lists(task_states, max_size=14), move_all=st.booleans()
)
def test_any_move_keeps_settled_work_follows_the_plan_and_moves_back(
    anchor, new_anchor, states, move_all
):
    tasks = _run(anchor, states)

    forth = plan_move(
        tasks,
        from_anchor=anchor,
        to_anchor=new_anchor,
        from_time=FIVE_PM,
        today=TODAY,
        move_overrides=move_all,
    )

    delta = (new_anchor - anchor).days
    for task, move in zip(tasks, forth.moves, strict=True):
        if task.status in ("done", "skipped") or delta == 0:
            assert move.new_due == task.due
        elif task.overridden and not move_all:
            assert (move.new_due, move.action) == (task.due, KEEP_OVERRIDE)
        elif task.offset_days is None:
            assert move.new_due == task.due + timedelta(days=delta)
        else:
            assert move.new_due == new_anchor + timedelta(days=task.offset_days)

    moved = [
        TaskDates(**{**t.__dict__, "due": m.new_due, "overridden": t.overridden and not move_all})
        for t, m in zip(tasks, forth.moves, strict=True)
    ]
    back = plan_move(
        moved, from_anchor=new_anchor, to_anchor=anchor, from_time=FIVE_PM, today=TODAY
    )
    for task, move in zip(tasks, back.moves, strict=True):
        untouched = task.status in ("done", "skipped") or not task.overridden or not move_all
        if untouched:
            assert move.new_due == task.due
