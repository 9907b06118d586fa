"""What insights read: the templates, and the selection of runs anchored in a range.

The report's measures come from SQL aggregates (`aggregates.py`); the row readers here feed
the domain's reference measures (`reference.py`) every row of runs, tasks, history and gaps.
Each is one query that reads plain values (never model objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q
from django.db.models.functions import Cast

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


# Dates and instants are read as their ISO text and parsed here: Django's per-value converters
# cost more than the rest of the report over a year of tasks. Both databases give ISO text
# (PostgreSQL with "+00", the connection being in UTC; SQLite stores UTC without an offset).
def _as_text(field: str) -> Cast:
    return Cast(field, output_field=CharField())


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


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
    closes_run: bool = False


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
                closes_run=task.get("stageOnComplete") == "done",
            )
        )
    return steps


def run_rows(selection: Selection) -> list[RunRow]:
    values = selection.runs().values_list("id", "anchor_date", "created_at", "stage", "archived_at")
    return [
        RunRow(i, anchor, started, stage, archived is not None)
        for i, anchor, started, stage, archived in values
    ]


def task_rows(selection: Selection, closure_refs: set[str]) -> list[TaskRow]:
    """The runs' tasks; a task closes its run when its ref is one of `closure_refs` (read from
    the template rather than from each task's stored definition, which is slow to unpack)."""
    # A subquery, not a list of ids: a long range of a daily template stays one bound query.
    values = Task.objects.filter(run_id__in=selection.runs().values("id")).values_list(
        "id",
        "run_id",
        "template_ref",
        "status",
        _as_text("due_date"),
        _as_text("completed_at"),
        "skip_reason",
        "assignee_id",
        _as_text("follow_up_at"),
    )
    return [
        TaskRow(
            i,
            run,
            ref,
            status,
            _day(due),
            _instant(done_at),
            reason,
            ref in closure_refs,
            who,
            _day(follow_up),
        )
        for i, run, ref, status, due, done_at, reason, who, follow_up in values
    ]


def history_rows(selection: Selection) -> list[HistoryEvent]:
    values = AuditEvent.objects.filter(
        task__run_id__in=selection.runs().values("id"), action__in=HISTORY_ACTIONS
    ).values_list("task_id", "action", _as_text("at"))
    return [HistoryEvent(task, action, _instant(at)) for task, action, at in values]


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
