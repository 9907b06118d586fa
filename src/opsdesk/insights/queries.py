"""What insights read: runs anchored in a range, their tasks, task history and process gaps.

Each function is one query that reads plain values (never model objects), so a year of runs
costs a handful of round trips and no per-row work in the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from opsdesk.domain.insights import (
    COMPLETION_REFUSED,
    FOLLOW_UP_SENT,
    WAIT_ENDS,
    WAIT_STARTS,
    GapRow,
    HistoryEvent,
    RunRow,
    TaskRow,
)
from opsdesk.gaps.models import ProcessGap
from opsdesk.runs.models import AuditEvent, Run, Task, WorkflowTemplate

HISTORY_ACTIONS = (*WAIT_STARTS, *WAIT_ENDS, FOLLOW_UP_SENT, COMPLETION_REFUSED)


@dataclass(frozen=True)
class Selection:
    """Runs of one template type whose anchor date lies in [start, end]."""

    type: str
    start: date
    end: date

    def runs(self):
        return Run.objects.filter(type=self.type, anchor_date__range=(self.start, self.end))

    def run_filter(self, prefix: str) -> Q:
        return Q(
            **{
                f"{prefix}type": self.type,
                f"{prefix}anchor_date__gte": self.start,
                f"{prefix}anchor_date__lte": self.end,
            }
        )


@dataclass(frozen=True)
class StepInfo:
    ref: str
    description: str
    doc_id: str | None
    step_id: str | None


def template_choices() -> list[tuple[str, str]]:
    """(type, name) of every loaded template, by name."""
    return list(WorkflowTemplate.objects.order_by("name").values_list("type", "name"))


def template_definition(template_type: str) -> dict | None:
    return (
        WorkflowTemplate.objects.filter(type=template_type)
        .values_list("definition", flat=True)
        .first()
    )


def template_steps(definition: dict) -> list[StepInfo]:
    """The template's task refs in order, with their words and the doc each step opens."""
    steps = []
    for task in definition.get("tasks", []):
        instructions = task.get("instructions") or {}
        steps.append(
            StepInfo(
                ref=task.get("ref", ""),
                description=task.get("description", ""),
                doc_id=instructions.get("docId"),
                step_id=instructions.get("stepId"),
            )
        )
    return steps


def run_rows(selection: Selection) -> list[RunRow]:
    values = selection.runs().values_list("id", "anchor_date", "created_at", "stage", "archived_at")
    return [
        RunRow(i, anchor, started, stage, archived is not None)
        for i, anchor, started, stage, archived in values
    ]


def task_rows(selection: Selection) -> list[TaskRow]:
    values = Task.objects.filter(selection.run_filter("run__")).values_list(
        "id",
        "run_id",
        "template_ref",
        "status",
        "due_date",
        "completed_at",
        "skip_reason",
        "definition__stageOnComplete",
        "assignee_id",
        "follow_up_at",
    )
    return [
        TaskRow(i, run, ref, status, due, done_at, reason, stage == "done", who, follow_up)
        for i, run, ref, status, due, done_at, reason, stage, who, follow_up in values
    ]


def history_rows(selection: Selection) -> list[HistoryEvent]:
    values = AuditEvent.objects.filter(
        selection.run_filter("task__run__"), action__in=HISTORY_ACTIONS
    ).values_list("task_id", "action", "at")
    return [HistoryEvent(task, action, at) for task, action, at in values]


def gap_rows(selection: Selection, doc_ids, since: datetime, until: datetime) -> list[GapRow]:
    """Gaps reported from the selected runs' tasks, and reports made on the template's docs
    between `since` and `until` (a report made from a doc has no run to be anchored)."""
    from_runs = selection.run_filter("run__")
    from_docs = Q(run__isnull=True, doc_id__in=list(doc_ids), created_at__gte=since) & Q(
        created_at__lt=until
    )
    values = ProcessGap.objects.filter(from_runs | from_docs).values_list(
        "doc_id", "task__template_ref", "status"
    )
    return [GapRow(doc or "", ref or "", status) for doc, ref, status in values]


def people_names(ids) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=[i for i in ids if i is not None])
    return {pk: name or email for pk, name, email in users.values_list("pk", "name", "email")}
