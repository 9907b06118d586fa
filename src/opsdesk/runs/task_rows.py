"""Tasks read as plain rows for lists, cards and run summaries.

Building a model object (and its run) per task was most of a dashboard request's time; these
screens only read a task's columns and its run's title and type, so they read values instead.
A row answers the same attribute names as a `Task`, so the serializers and facts take either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

from django.db.models import F, TextField
from django.db.models.functions import Cast

from opsdesk.domain.proof import ProofRule, proof_rules

# Every column a task's JSON, facts or summary reads (not created_at/updated_at); the
# definition is read as its stored text (see `task_rows`).
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
    "completed_by_id",
    "completed_at",
    "version",
)


class RunLabel(NamedTuple):
    """What a task row shows of its run."""

    title: str
    type: str


@dataclass(slots=True)
class TaskRow:
    """One task's stored values, read like a `Task` (`run` is its run's label or None)."""

    id: int
    run_id: int | None
    template_ref: str
    position: int
    description: str
    due_date: date
    due_overridden: bool
    status: str
    phase: str
    source: str
    assignee_id: int | None
    link: str
    comment: str
    external_status: str
    waiting_for: str
    follow_up_at: date | None
    waiting_note: str
    skip_reason: str
    completed_by_id: int | None
    completed_at: datetime | None
    version: int
    definition: object
    run: RunLabel | None
    file_count: int = 0
    _proof_rules: tuple[ProofRule, ...] | None = None


def row_values(queryset):
    """`queryset` reading just the row's values (as tuples): narrow it further as any queryset.

    Choosing the columns costs more than a filter, so lists cut from one base choose them once.
    """
    return queryset.values_list(
        *COLUMNS, Cast("definition", TextField()), F("run__title"), F("run__type")
    )


@lru_cache(maxsize=4096)
def _rules(definition_text: str) -> tuple[ProofRule, ...] | None:
    definition = json.loads(definition_text)
    return proof_rules(definition.get("proof", [])) if isinstance(definition, dict) else None


def task_rows(values_list) -> list[TaskRow]:
    """The tasks of a `row_values` queryset (ordered and sliced as the caller chose) as rows.

    A run's tasks copy their template's definitions, so a thousand runs hold a few hundred
    distinct texts: each is decoded once per list (the rows of a list share its dict, which
    nothing changes) and its proof rules parsed once per process (they are immutable).
    """
    decoded: dict[str, object] = {}
    rows = []
    width = len(COLUMNS)
    for values in values_list:
        text, title, kind = values[width:]
        if text not in decoded:
            decoded[text] = json.loads(text)
        run = RunLabel(title, kind) if values[1] is not None else None
        rows.append(TaskRow(*values[:width], decoded[text], run, 0, _rules(text)))
    return rows
