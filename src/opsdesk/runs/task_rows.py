"""Tasks read as plain rows for lists, cards and run summaries.

Building a model object (and its run) per task was most of a dashboard request's time; these
screens only read a task's columns and its run's title and type, so they read values instead.
A row answers the same attribute names as a `Task`, so the serializers and facts take either.
"""

from __future__ import annotations

import json
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


class TaskRow:
    """One task's stored values, read like a `Task` (`run` is its run's label or None)."""

    __slots__ = (*COLUMNS, "definition", "run", "file_count", "_proof_rules")

    def __init__(self, values: dict, definition, rules: tuple[ProofRule, ...] | None):
        for name in COLUMNS:
            setattr(self, name, values[name])
        has_run = values["run_id"] is not None
        self.run = RunLabel(values["run_title"], values["run_type"]) if has_run else None
        self.definition = definition
        self.file_count = 0
        self._proof_rules = rules


def row_values(queryset):
    """`queryset` reading just the row's values: narrow it further as any queryset.

    Choosing the columns costs more than a filter, so lists cut from one base choose them once.
    """
    return queryset.values(
        *COLUMNS,
        definition_text=Cast("definition", TextField()),
        run_title=F("run__title"),
        run_type=F("run__type"),
    )


@lru_cache(maxsize=4096)
def _rules(definition_text: str) -> tuple[ProofRule, ...] | None:
    definition = json.loads(definition_text)
    return proof_rules(definition.get("proof", [])) if isinstance(definition, dict) else None


def task_rows(values) -> list[TaskRow]:
    """The tasks of a `row_values` queryset (ordered and sliced as the caller chose) as rows.

    A run's tasks copy their template's definitions, so a thousand runs hold a few hundred
    distinct texts: each is decoded once per list (the rows of a list share its dict, which
    nothing changes) and its proof rules parsed once per process (they are immutable).
    """
    decoded: dict[str, object] = {}
    rows = []
    for v in values:
        text = v["definition_text"]
        if text not in decoded:
            decoded[text] = json.loads(text)
        rows.append(TaskRow(v, decoded[text], _rules(text)))
    return rows
