"""Queries that feed the run detail, run list and dashboard: a few queries per screen, no N+1."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from opsdesk.domain.buckets import BucketWindow
from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.stages import suppressed_slots
from opsdesk.domain.states import TaskFacts
from opsdesk.domain.summary import summarise
from opsdesk.domain.task_rules import OPEN

from . import compiled
from .board import window_filter
from .facts import slot_facts, task_facts
from .models import LinkSlot, Run, Task, TaskFile, WorkflowTemplate
from .serializers import run_json, source_docs_json, task_json
from .services.runs import load_run
from .task_rows import TaskRow, row_values, task_rows

RUN_STATUSES = ("active", "done", "archived", "all")


# A task row only needs its run's title and type; the run's JSON (above all the template
# snapshot) would otherwise be decoded once per task.
HEAVY_RUN_FIELDS = ("snapshot", "phases", "references", "variables", "tags", "stages")


def for_display(queryset):
    """Tasks with just enough of their run (title, type) for a list or a card."""
    return queryset.select_related("run").defer(*(f"run__{name}" for name in HEAVY_RUN_FIELDS))


def attach_file_counts(tasks: list) -> list:
    """Set `file_count` on each task with one grouped query (proof may be a file)."""
    counts = dict(
        TaskFile.objects.filter(task_id__in=[t.id for t in tasks])
        .values_list("task_id")
        .annotate(n=Count("id"))
    )
    for task in tasks:
        task.file_count = counts.get(task.id, 0)
    return tasks


def slot_urls_by_run(run_ids) -> dict[int, dict[str, str]]:
    urls: dict[int, dict[str, str]] = defaultdict(dict)
    for run_id, name, url in LinkSlot.objects.filter(run_id__in=set(run_ids)).values_list(
        "run_id", "name", "url"
    ):
        urls[run_id][name] = url
    return urls


def tasks_json(tasks: list[Task], today: date) -> list[dict]:
    """Task objects for a list, each with its run's id and title, in three queries."""
    attach_file_counts(tasks)
    return counted_tasks_json(tasks, slot_urls_by_run(t.run_id for t in tasks if t.run_id), today)


def counted_tasks_json(tasks: list, urls_by_run: dict[int, dict[str, str]], today: date):
    """`tasks_json` of tasks whose file counts and runs' slot URLs are already loaded."""
    definitions: dict = {}
    empty: dict[str, str] = {}
    return [
        task_json(t, urls_by_run.get(t.run_id, empty), today, t.file_count, definitions)
        for t in tasks
    ]


def rows_json(values, today: date) -> list[dict]:
    """The tasks of a `row_values` queryset (ordered and sliced as the caller chose) as JSON."""
    return tasks_json(task_rows(values), today)


def _loaded(queryset) -> list[Task]:
    return attach_file_counts(list(for_display(queryset)))


def _run_view(run, slots, tasks, today: date, include_tasks: bool, template: dict, done=()) -> dict:
    """`tasks` are loaded rows; `done` adds done tasks as bare facts (their proof is settled)."""
    urls = {s.name: s.url for s in slots}
    facts = [task_facts(t, urls, t.file_count) for t in tasks] + list(done)
    facts.sort(key=lambda f: (f.position, f.id))
    summary = summarise(facts, slot_facts(slots), today, suppressed_slots(tasks))
    definitions: dict = {}
    listed = (
        [task_json(t, urls, today, t.file_count, definitions) for t in tasks]
        if include_tasks
        else None
    )
    return run_json(run, slots, summary, listed, template)


def _template_names() -> dict[int, dict]:
    """Name and emoji per template row, for lists that do not load each run's snapshot."""
    # Only the emoji of each definition: decoding whole templates cost more than the rest.
    rows = WorkflowTemplate.objects.values_list("id", "name", "definition__emoji")
    return {pk: {"name": name, "emoji": emoji or ""} for pk, name, emoji in rows}


def run_detail(run_id: int, today: date) -> dict:
    return run_detail_for(load_run(run_id), today)


def run_detail_for(run, today: date) -> dict:
    """`run_detail` of a run already loaded."""
    counted = compiled.rows(("run-tasks-counted",), _counted_tasks_of_run, run.id)
    return run_detail_of(run, slots_of_run(run.id), _with_file_counts(counted), today)


def tasks_in_order(run_id: int):
    """A run's tasks as its pages and JSON list them."""
    return Task.objects.filter(run_id=run_id).order_by("position", "id")


def _counted_tasks_of_run(run_id: int):
    return _counted(tasks_in_order(run_id))


def _counted(queryset):
    files = TaskFile.objects.filter(task_id=OuterRef("pk")).order_by().values("task_id")
    count = Coalesce(Subquery(files.annotate(n=Count("id")).values("n")), 0)
    return row_values(queryset).annotate(file_count=count)


def counted_rows(queryset) -> list[TaskRow]:
    """Tasks as plain rows with their file counts, for JSON and summaries (not for writes):
    each count is read beside its task (a subquery on the files' task index), in one query."""
    return _with_file_counts(list(_counted(queryset)))


def _with_file_counts(counted: list[tuple]) -> list[TaskRow]:
    rows = task_rows(values[:-1] for values in counted)
    for row, values in zip(rows, counted, strict=True):
        row.file_count = values[-1]
    return rows


def run_detail_of(run, slots: list, tasks: list, today: date) -> dict:
    """`run_detail` from rows already at hand: slots in position order, tasks in (position,
    id) order, each with its `file_count`."""
    template = {"name": run.snapshot.get("name"), "emoji": run.snapshot.get("emoji", "")}
    view = _run_view(run, slots, tasks, today, True, template)
    view["sourceDocs"] = source_docs_json(run.snapshot)
    return view


def active_runs():
    """Runs still being worked on: not archived and not done."""
    return Run.objects.filter(archived_at__isnull=True).exclude(stage="done")


def is_active(archived_at, stage: str) -> bool:
    """`active_runs`'s rule for one run's values."""
    return archived_at is None and stage != "done"


def _runs_filtered(status: str):
    runs = Run.objects.all()
    if status == "active":
        return active_runs()
    if status == "done":
        return runs.filter(archived_at__isnull=True, stage="done")
    if status == "archived":
        return runs.filter(archived_at__isnull=False)
    return runs


def done_facts(run_ids: list[int]) -> dict[int, list[TaskFacts]]:
    """Done tasks as plain facts straight from the database: no model rows, no JSON decoding."""
    done = defaultdict(list)
    # Unordered (the caller sorts): a sort on due date would lead SQLite to the status/due index
    # and through every done task of every run.
    rows = (
        Task.objects.filter(run_id__in=run_ids, status="done")
        .order_by()
        .values_list("id", "run_id", "position", "description", "due_date")
    )
    for task_id, run_id, position, description, due in rows:
        done[run_id].append(TaskFacts(task_id, position, description, due, "done"))
    return done


class SlotRow(NamedTuple):
    """A link slot's values a card or task list reads, read like a `LinkSlot`."""

    run_id: int
    name: str
    url: str
    kind: str
    required: bool
    due_date: date | None
    from_resource: str


def slots_of_run(run_id: int) -> list[SlotRow]:
    """`slots_by_run([run_id])[run_id]`, its SQL compiled once: every run page asks it."""
    return [SlotRow(*row) for row in compiled.rows(("run-slots",), _slots_of_run, run_id)]


def _slots_of_run(run_id: int):
    return LinkSlot.objects.filter(run_id=run_id).values_list(*SlotRow._fields)


def slots_by_run(run_ids) -> dict[int, list[SlotRow]]:
    """Each run's link slots in their order, as rows: building model objects cost more."""
    slots = defaultdict(list)
    rows = LinkSlot.objects.filter(run_id__in=set(run_ids)).values_list(*SlotRow._fields)
    for row in rows:
        slots[row[0]].append(SlotRow(*row))
    return slots


def card_rows(run_ids: list[int], include_tasks: bool = False) -> list[TaskRow]:
    """The task rows a run card reads (all of them with `include_tasks`, else the not done),
    without their file counts."""
    pending = Task.objects.filter(run_id__in=run_ids)
    if not include_tasks:
        pending = pending.exclude(status="done")
    return task_rows(row_values(pending.order_by("position", "id")))


@dataclass
class CardInputs:
    """What run cards are built from, loaded beforehand (see `run_views`)."""

    slots: dict[int, list[SlotRow]]
    tasks: list[TaskRow]  # with their file counts
    done: dict[int, list[TaskFacts]]
    names: dict[int, dict]  # name and emoji by template id


def cards_json(runs: list[Run], inputs: CardInputs, today: date, include_tasks: bool = False):
    tasks = defaultdict(list)
    for task in inputs.tasks:
        tasks[task.run_id].append(task)
    return [
        _run_view(
            r,
            inputs.slots[r.id],
            tasks[r.id],
            today,
            include_tasks,
            inputs.names.get(r.template_id, {"name": r.type, "emoji": ""}),
            inputs.done.get(r.id, ()),
        )
        for r in runs
    ]


def run_views(runs: list[Run], today: date, include_tasks: bool = False) -> list[dict]:
    """Summaries of many runs with five queries in all."""
    ids = [r.id for r in runs]
    inputs = CardInputs(
        slots=slots_by_run(ids),
        tasks=attach_file_counts(card_rows(ids, include_tasks)),
        done={} if include_tasks else done_facts(ids),
        names=_template_names(),
    )
    return cards_json(runs, inputs, today, include_tasks)


def list_runs(status: str, today: date) -> list[dict]:
    runs = list(_runs_filtered(status).defer("snapshot").order_by("anchor_date", "id"))
    return run_views(runs, today)


def task_view(task: Task, today: date) -> dict:
    urls = dict(task.run.slots.values_list("name", "url")) if task.run_id else {}
    return task_json(task, urls, today, task.files.count())


SCOPES = ("mine", "all")


def checked_scope(scope: str) -> str:
    """Whose work a list shows: "mine" (the reader's and nobody's) or "all"."""
    if scope not in SCOPES:
        raise InvalidInput("scope must be mine or all.", field="scope")
    return scope


def open_tasks_reader(user, scope: str) -> tuple:
    """What `open_tasks` depends on besides the day (whose tasks "mine" are): kept SQL's key."""
    return (scope, user.pk if scope == "mine" else None)


def open_tasks(user, scope: str):
    """Open tasks of active runs and standalone tasks; 'mine' adds the unassigned ones."""
    return _in_scope(Task.objects.filter(status__in=OPEN), user, scope)


def open_tasks_in(user, scope: str, window: BucketWindow, part: Q | None = None):
    """`open_tasks` inside `window` (a bucket's, the review's), whose statuses are open ones;
    or inside `part` of it, one of `board.window_ranges(window)`."""
    if not set(window.statuses) <= set(OPEN):
        raise ValueError(f"{window.statuses} are not all open statuses")
    # The window's status filter stands alone: beside open_tasks' own, PostgreSQL multiplies
    # the two as if unrelated and misjudges how many rows each index yields. For "mine" it
    # then counted the overdue tasks by reading every unassigned task (3 of 4 pages of the
    # table at 1,000 runs) instead of the overdue range of the status/due index.
    condition = window_filter(window) if part is None else part
    return _in_scope(Task.objects.filter(condition), user, scope)


def _in_scope(tasks, user, scope: str):
    """`tasks` of active runs or standalone; 'mine' keeps the reader's and the unassigned."""
    # "Not of an archived run" rather than a join: the bucket indexes then answer counts alone.
    archived = Run.objects.filter(archived_at__isnull=False).values("id")
    tasks = tasks.filter(Q(run__isnull=True) | ~Q(run_id__in=archived))
    if scope == "mine":
        tasks = tasks.filter(Q(assignee=user) | Q(assignee__isnull=True))
    return tasks


def open_tasks_for(user, scope: str) -> list[Task]:
    """The same tasks as `open_tasks`, loaded for display (run title, file counts)."""
    return _loaded(open_tasks(user, scope).order_by("due_date", "position", "id"))
