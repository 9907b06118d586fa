"""Tasks read as plain rows for lists, cards and run summaries.

Building a model object (and its run) per task was most of a dashboard request's time; these
screens only read a task's columns and its run's title and type, so they read values instead.
A row answers the same attribute names as a `Task`, so the serializers and facts take either.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import F

# Every column a task's JSON, facts or summary reads (not created_at/updated_at).
COLUMNS = (
    "id",
    "run_id",
    "template_ref",
    "position",
    "description",
    "due_date",
    "due_overridden",
    "status",
    "phase",
    "source",
    "assignee_id",
    "link",
    "comment",
    "external_status",
    "waiting_for",
    "follow_up_at",
    "waiting_note",
    "skip_reason",
    "definition",
    "completed_by_id",
    "completed_at",
    "version",
)


class RunLabel(NamedTuple):
    """What a task row shows of its run."""

    title: str
    type: str


class TaskRow:
    """One task's stored values, read like a `Task` (`run` is its run's label or None)."""

    __slots__ = (*COLUMNS, "run", "file_count", "_proof_rules")

    def __init__(self, values: dict):
        for name in COLUMNS:
            setattr(self, name, values[name])
        has_run = values["run_id"] is not None
        self.run = RunLabel(values["run_title"], values["run_type"]) if has_run else None
        self.file_count = 0
        self._proof_rules = None


def row_values(queryset):
    """`queryset` reading just the row's values: narrow it further as any queryset.

    Choosing the columns costs more than a filter, so lists cut from one base choose them once.
    """
    return queryset.values(*COLUMNS, run_title=F("run__title"), run_type=F("run__type"))


def task_rows(values) -> list[TaskRow]:
    """The tasks of a `row_values` queryset (ordered and sliced as the caller chose) as rows."""
    return [TaskRow(v) for v in values]
