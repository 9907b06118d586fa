"""The demo's fast insert stores what Django's own bulk insert would, on every backend."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from opsdesk.audit.models import AuditEvent
from opsdesk.demo.rows import insert_rows
from opsdesk.playbooks.plan import plan_run
from opsdesk.runs.models import LinkSlot, Run, Task
from opsdesk.runs.services.starting import new_run, new_slots, new_task
from opsdesk.runs.services.templates import get_template

DONE_AT = datetime(2026, 6, 30, 21, 45, tzinfo=ZoneInfo("Europe/Berlin"))


def _rows(title: str):
    """A run of the OSS template with its slots, a done task, a waiting one, and an event."""
    row, template = get_template("oss")
    plan = plan_run(template, date(2026, 7, 22), time(17), {"tool": title, "author": "Pat"})
    run = new_run(row, template, plan)
    run.evidence_due = date(2026, 7, 3)
    slots = new_slots(run, template, plan)
    slots[0].url = "https://github.com/example/db"
    first, second = plan.tasks[:2]
    tasks = [
        new_task(run, first, status="done", link=slots[0].url, completed_at=DONE_AT),
        new_task(run, second, status="waiting", waiting_for="Pat", follow_up_at=date(2026, 7, 5)),
    ]
    event = AuditEvent(action="task-completed", run=run, task=tasks[0], at=DONE_AT, note="ok")
    return run, slots, tasks, event


def _stored(run_id: int) -> list:
    """Everything stored about a run except ids and the moments rows were made at."""
    leave_out = {"id", "run_id", "task_id", "created_at", "updated_at", "title", "variables"}

    def values(queryset):
        return [
            {k: v for k, v in row.items() if k not in leave_out}
            for row in queryset.order_by("id").values()
        ]

    return [
        _raw_completion_times(run_id),
        values(Run.objects.filter(id=run_id)),
        values(LinkSlot.objects.filter(run_id=run_id)),
        values(Task.objects.filter(run_id=run_id)),
        values(AuditEvent.objects.filter(run_id=run_id, action="task-completed")),
    ]


def _raw_completion_times(run_id: int) -> list:
    """As the database holds them: SQL compares and sorts these, not Python."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT completed_at FROM runs_task WHERE run_id = %s ORDER BY id", [run_id])
        return cursor.fetchall()


@pytest.mark.django_db
def test_inserted_rows_read_back_as_bulk_created_ones_do():
    run, slots, tasks, event = _rows("ExampleDB")
    Run.objects.bulk_create([run])
    LinkSlot.objects.bulk_create(slots)
    Task.objects.bulk_create(tasks)
    AuditEvent.objects.bulk_create([event])

    fast_run, fast_slots, fast_tasks, fast_event = _rows("Quiver")
    insert_rows(Run, [fast_run])
    insert_rows(LinkSlot, fast_slots)
    insert_rows(Task, fast_tasks)
    insert_rows(AuditEvent, [fast_event])

    assert fast_run.pk and all(t.pk for t in fast_tasks) and fast_event.task_id == fast_tasks[0].pk
    assert _stored(fast_run.pk) == _stored(run.pk)
    assert Task.objects.get(pk=fast_tasks[0].pk).completed_at == DONE_AT


@pytest.mark.django_db
def test_inserted_rows_keep_their_related_instances(django_assert_num_queries):
    run, slots, tasks, _event = _rows("ExampleDB")
    insert_rows(Run, [run])
    insert_rows(Task, tasks)

    # The seed finds each task's history by its run instance: reading it must not query.
    with django_assert_num_queries(0):
        assert all(task.run is run for task in tasks)


@pytest.mark.django_db
def test_a_row_pointing_at_an_unsaved_one_is_refused():
    run, _slots, tasks, _event = _rows("ExampleDB")

    with pytest.raises(ValueError, match="Task.run is not saved yet"):
        insert_rows(Task, tasks)
    assert not Task.objects.exists()
