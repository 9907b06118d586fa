"""The dashboard's kept statements are SQL, never answers: each asks the database again, for
the day and the reader it was kept for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.demo.seed import seed_demo
from opsdesk.domain.buckets import BUCKETS, BucketWindow, windows
from opsdesk.domain.review import unfinished_window
from opsdesk.runs import compiled
from opsdesk.runs.board import at_risk, in_state, sorted_as, window_filter
from opsdesk.runs.dashboard import _bucket_ids, bucket_counts
from opsdesk.runs.models import Run, Task
from opsdesk.runs.queries import active_runs, open_tasks, open_tasks_in
from tests.conftest import make_user

TODAY = date(2026, 7, 1)


def _by_the_orm(user, scope: str, today: date, limit: int):
    counts, ids = {}, []
    for bucket in BUCKETS:
        tasks = in_state(open_tasks(user, scope), bucket.key, today)
        counts[bucket.key] = tasks.count()
        ids.append(list(sorted_as(tasks, bucket.order).values_list("id", flat=True)[:limit]))
    return counts, ids


def test_kept_statements_answer_as_the_orm_for_each_day_and_reader(operator):
    seed_demo(20, seed=3, today=TODAY, past_fraction=0.2)
    other = make_user("operations-manager", "other@example.org")
    chosen = list(Task.objects.filter(status="todo").order_by("id").values_list("id", flat=True))
    Task.objects.filter(id__in=chosen[::3]).update(assignee=other)
    for day in (TODAY, TODAY + timedelta(days=3), TODAY - timedelta(days=2)):
        for user, scope in ((operator, "all"), (operator, "mine"), (other, "mine")):
            expected = _by_the_orm(user, scope, day, 5)
            assert (bucket_counts(user, scope, day), _bucket_ids(user, scope, day, 5)) == expected
    assert bucket_counts(operator, "mine", TODAY) != bucket_counts(other, "mine", TODAY)


def test_a_kept_statement_sees_a_task_added_after_it_was_kept(operator):
    seed_demo(5, seed=4, today=TODAY, past_fraction=0)
    before = bucket_counts(operator, "all", TODAY)

    late = Task.objects.create(description="Call the venue", due_date=TODAY - timedelta(days=2))

    after = bucket_counts(operator, "all", TODAY)
    assert after["overdue"] == before["overdue"] + 1
    assert late.id in _bucket_ids(operator, "all", TODAY, 1000)[0]


def _ids(tasks) -> set[int]:
    return set(tasks.values_list("id", flat=True))


def test_open_tasks_in_a_window_are_the_open_tasks_the_window_holds(operator):
    seed_demo(12, seed=5, today=TODAY, past_fraction=0.3)
    other = make_user("operations-manager", "other@example.org")
    task_ids = list(Task.objects.order_by("id").values_list("id", flat=True))
    Task.objects.filter(id__in=task_ids[::4]).update(assignee=other)
    run_ids = list(Run.objects.order_by("id").values_list("id", flat=True))
    Run.objects.filter(id__in=run_ids[:2]).update(archived_at="2026-06-01T00:00Z")
    for day in (TODAY, TODAY + timedelta(days=4)):
        chosen = [*windows(day).values(), unfinished_window(day)]
        for user, scope in ((operator, "all"), (other, "mine")):
            for window in chosen:
                plain = open_tasks(user, scope).filter(window_filter(window))
                assert _ids(open_tasks_in(user, scope, window)) == _ids(plain), window


def test_each_bucket_states_the_task_status_once_for_the_planner(operator):
    for window in windows(TODAY).values():
        where = str(open_tasks_in(operator, "mine", window).query).split(" WHERE ", 1)[1]
        assert where.count('"runs_task"."status"') == 1, where


def test_a_window_over_settled_tasks_is_refused(operator):
    settled = BucketWindow(("todo", "done"), "due", None, TODAY)
    with pytest.raises(ValueError):
        open_tasks_in(operator, "all", settled)


def test_counts_asked_in_one_statement_answer_as_each_asked_alone(operator):
    seed_demo(15, seed=6, today=TODAY, past_fraction=0.3)
    questions = {
        "active": (("t-active",), active_runs),
        "at-risk": (("t-at-risk", TODAY), lambda: at_risk(active_runs(), TODAY)),
        "overdue": (
            ("t-overdue", TODAY),
            lambda: open_tasks_in(operator, "all", windows(TODAY)["overdue"]),
        ),
        "none": (("t-none",), lambda: Task.objects.filter(status="no such status")),
    }

    together = compiled.counts(questions)

    assert together == {name: build().count() for name, (_, build) in questions.items()}
    assert together["active"] > together["at-risk"] > 0 and together["none"] == 0
