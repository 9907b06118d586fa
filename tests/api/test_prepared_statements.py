"""A run page's questions are compiled once with stand-ins and asked again with other values:
each answer equals the queryset's own, converted as the ORM converts it, for every run."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q

from opsdesk.demo.seed import seed_demo
from opsdesk.runs import compiled
from opsdesk.runs.models import AuditEvent, LinkSlot, Run, Task, TaskFile
from opsdesk.runs.queries import counted_rows, run_detail, run_detail_of, slots_by_run
from opsdesk.runs.task_rows import row_values

TODAY = date(2026, 7, 1)


def _tasks(run_id: int):
    return row_values(Task.objects.filter(run_id=run_id).order_by("position", "id"))


def _events(run_id: int, task_ids: list[int]):
    found = AuditEvent.objects.filter(Q(task_id__in=task_ids) | Q(run_id=run_id, task=None))
    return found.order_by("id").values_list("id", "at", "after", "task_id")


@pytest.fixture
def runs(operator):
    seed_demo(6, seed=8, today=TODAY, past_fraction=0.3)
    return list(Run.objects.order_by("id"))


def test_rows_answer_as_the_queryset_for_every_run_and_list_length(runs):
    for run in runs:
        ids = list(Task.objects.filter(run_id=run.id).values_list("id", flat=True))
        assert compiled.rows(("test-tasks",), _tasks, run.id) == list(_tasks(run.id))
        for some in (ids, ids[:3], ids[1:2]):
            expected = list(_events(run.id, some))
            assert compiled.rows(("test-events",), _events, run.id, some) == expected
    # an empty list asks the ORM, which knows `IN ()` matches nothing
    asked = compiled.rows(("test-events",), _events, runs[0].id, [])
    assert asked == list(_events(runs[0].id, [])) and asked


def test_objects_are_the_queryset_s_models_with_their_values(runs, operator):
    task = Task.objects.filter(run=runs[0]).first()
    TaskFile.objects.create(
        task=task,
        stored_name="a",
        original_name="cut.mp4",
        content_type="video/mp4",
        size=3,
        sha256="0" * 64,
        uploaded_by=operator,
    )

    def files(ids):
        return TaskFile.objects.filter(task_id__in=ids).order_by("id")

    every = list(Task.objects.values_list("id", flat=True))
    for ids in ([task.id], every[:5], every):
        [mine] = [f for f in compiled.objects(("test-files",), files, ids) if f.task_id == task.id]
        stored = TaskFile.objects.get(task=task)
        assert type(mine) is TaskFile and not mine._state.adding
        values = {f.attname: getattr(mine, f.attname) for f in TaskFile._meta.concrete_fields}
        assert values == {
            f.attname: getattr(stored, f.attname) for f in TaskFile._meta.concrete_fields
        }


def test_the_run_detail_is_the_one_the_orm_builds(runs):
    links = set()
    for run in runs:
        LinkSlot.objects.filter(run=run).update(url=f"https://example.org/{run.id}")
        tasks = counted_rows(Task.objects.filter(run_id=run.id).order_by("position", "id"))
        built = run_detail_of(run, slots_by_run([run.id])[run.id], tasks, TODAY)
        kept = run_detail(run.id, TODAY)
        assert kept == built and kept["id"] == run.id and kept["tasks"]
        links |= {s["url"] for s in kept["bundleLinks"]}
    assert links == {f"https://example.org/{run.id}" for run in runs if run.slots.exists()}


def test_a_question_that_does_not_ask_with_its_values_is_refused(runs):
    with pytest.raises(ValueError, match="stand-in"):
        compiled.rows(("test-ignores",), lambda run_id: Run.objects.values_list("id"), 1)


def test_objects_refuse_a_queryset_that_reads_part_of_a_row_or_more(runs):
    with pytest.raises(ValueError, match="whole"):
        compiled.objects(("test-part",), lambda pk: Run.objects.filter(pk=pk).only("id"), 1)
    with pytest.raises(ValueError, match="whole"):
        compiled.objects(
            ("test-joined",), lambda pk: Run.objects.filter(pk=pk).select_related("template"), 1
        )
