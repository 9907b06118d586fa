"""The dashboard's kept statements are SQL, never answers: each asks the database again, for
the day and the reader it was kept for."""

from __future__ import annotations

from datetime import date, timedelta

from opsdesk.demo.seed import seed_demo
from opsdesk.domain.buckets import BUCKETS
from opsdesk.runs.board import in_state, sorted_as
from opsdesk.runs.dashboard import _bucket_ids, bucket_counts
from opsdesk.runs.models import Task
from opsdesk.runs.queries import open_tasks
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
