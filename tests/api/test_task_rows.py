"""Tasks read as rows answer exactly what the same tasks read as model objects answer."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Task, TaskFile
from opsdesk.runs.queries import for_display, rows_json, tasks_json
from opsdesk.runs.task_rows import COLUMNS, TaskRow, row_values

TODAY = date(2026, 7, 1)


def test_rows_give_the_same_task_json_as_model_objects(db):
    # Past runs too, so done, skipped, waiting and filled-in tasks are among them.
    seed_demo(30, seed=7, today=TODAY, past_fraction=0.3)
    with_file = Task.objects.filter(run__isnull=False).order_by("id").first()
    TaskFile.objects.create(
        task=with_file, stored_name="a", original_name="cut.mp4", size=1, sha256="0" * 64
    )
    Task.objects.create(description="Call the venue", due_date=TODAY, source="manual")
    tasks = Task.objects.order_by("id")

    from_rows = rows_json(row_values(tasks), TODAY)
    from_models = tasks_json(list(for_display(tasks)), TODAY)

    assert from_rows == from_models
    assert {t["status"] for t in from_rows} >= {"todo", "waiting", "done", "skipped"}
    assert any(t["fileCount"] for t in from_rows)
    assert any(t["bundleId"] is None for t in from_rows)


def test_a_row_s_fields_are_the_columns_it_is_read_from_in_their_order():
    assert tuple(f.name for f in fields(TaskRow))[: len(COLUMNS)] == COLUMNS
